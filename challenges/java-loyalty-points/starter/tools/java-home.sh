# Sourced by build.sh and test.sh; do not edit (restored before grading).
# Sets JAVA_HOME to Debian's JDK 17. Assay's project sandbox binds /usr only, while Debian links the
# JDK's conf/ into /etc/java-17-openjdk (the JVM then fails with "Error loading java.security
# file"): in that case a view of the JDK with a real conf/ is assembled under /tmp. The JVM finds
# its home from the real path of libjvm.so, so that one file is copied; everything else is linked.
for REAL in /usr/lib/jvm/java-17-openjdk-*; do break; done
if [ -r "$REAL/conf/security/java.security" ]; then
  JAVA_HOME=$REAL
else
  JAVA_HOME=${TMPDIR:-/tmp}/assay-jdk
  if [ ! -d "$JAVA_HOME" ]; then
    mkdir -p "$JAVA_HOME/bin" "$JAVA_HOME/conf/security" "$JAVA_HOME/lib/server"
    for f in "$REAL"/*; do
      case "${f##*/}" in bin | conf | lib) ;; *) ln -s "$f" "$JAVA_HOME/" ;; esac
    done
    for f in "$REAL"/lib/*; do [ "${f##*/}" = server ] || ln -s "$f" "$JAVA_HOME/lib/"; done
    for f in "$REAL"/lib/server/*; do [ "${f##*/}" = libjvm.so ] || ln -s "$f" "$JAVA_HOME/lib/server/"; done
    cp "$REAL/lib/server/libjvm.so" "$JAVA_HOME/lib/server/"
    cp "$REAL/bin/java" "$REAL/bin/javac" "$JAVA_HOME/bin/"
    printf 'security.provider.1=SUN\nsecurity.provider.2=SunRsaSign\nsecurity.provider.3=SunEC\nsecurity.provider.4=SunJSSE\nsecurity.provider.5=SunJCE\nsecurerandom.source=file:/dev/random\n' >"$JAVA_HOME/conf/security/java.security"
  fi
fi
