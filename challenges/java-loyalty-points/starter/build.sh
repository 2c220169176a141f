#!/bin/sh
# Compiles main and test sources into build/. Do not edit: restored before grading.
set -eu
JARS=/usr/share/java
JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}
TEST_CP="$JARS/junit-jupiter-api.jar:$JARS/junit-jupiter-params.jar:$JARS/apiguardian-api.jar:$JARS/opentest4j.jar:$JARS/junit-platform-commons.jar"
rm -rf build
mkdir -p build/main build/test
"$JAVA_HOME/bin/javac" -J-Xmx512m -J-XX:+UseSerialGC -J-XX:TieredStopAtLevel=1 -encoding UTF-8 -Xlint:all -d build/main $(find src/main/java -name '*.java')
"$JAVA_HOME/bin/javac" -J-Xmx512m -J-XX:+UseSerialGC -J-XX:TieredStopAtLevel=1 -encoding UTF-8 -cp "build/main:$TEST_CP" -d build/test $(find src/test/java -name '*.java')
