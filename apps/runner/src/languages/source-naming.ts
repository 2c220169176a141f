/**
 * Finds the public top-level class of a Java source: the first `public [modifiers] class|interface|enum|record Name`
 * outside comments and string literals. Returns undefined when there is none.
 */
export function findJavaPublicClass(source: string): string | undefined {
  const code = stripCommentsAndStrings(source);
  const match =
    /\bpublic\s+(?:(?:final|abstract|strictfp|sealed|non-sealed)\s+)*(?:class|interface|enum|record)\s+([A-Za-z_$][\w$]*)/.exec(
      code,
    );
  return match?.[1];
}

/**
 * The class holding `main` in a Java source without a public class: the last class
 * declared before the first `static void main(`. Returns undefined when there is none.
 */
export function findJavaMainClass(source: string): string | undefined {
  const code = stripCommentsAndStrings(source);
  const main = /\bstatic\s+(?:final\s+)?void\s+main\s*\(/.exec(code);
  if (!main) return undefined;
  const before = code.slice(0, main.index);
  let found: string | undefined;
  for (const m of before.matchAll(/\b(?:class|record|enum|interface)\s+([A-Za-z_$][\w$]*)/g)) found = m[1];
  return found;
}

/** Replaces comments and string/char literals with spaces, keeping offsets. */
function stripCommentsAndStrings(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'/g, (m) =>
    m.replace(/[^\n]/g, ' '),
  );
}

/** The JVM main class for a Kotlin file: `foo_bar.kt` → `Foo_barKt`. */
export function kotlinMainClass(fileName: string): string {
  const stem = fileName.replace(/\.kt$/i, '');
  return `${stem.charAt(0).toUpperCase()}${stem.slice(1)}Kt`;
}

/** File name without its last extension. */
export function fileStem(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot <= 0 ? fileName : fileName.slice(0, dot);
}
