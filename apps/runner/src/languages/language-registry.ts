import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { languageDefinitionSchema, type Language } from './language-schema.js';

/** The repository folder holding one folder per language. */
export const DEFAULT_LANGUAGES_DIR = resolve(fileURLToPath(import.meta.url), '../../../languages');

/** Thrown for a malformed language.json. */
export class LanguageDefinitionError extends Error {}

/**
 * Loads and validates every `<lang>/<version>/language.json` under `dir`.
 * Throws LanguageDefinitionError naming the file on a malformed definition.
 */
export function loadLanguageDefinitions(dir: string = DEFAULT_LANGUAGES_DIR): Language[] {
  const languages: Language[] = [];
  for (const lang of readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory())) {
    for (const version of readdirSync(join(dir, lang.name), { withFileTypes: true }).filter((e) =>
      e.isDirectory(),
    )) {
      const languageDir = join(dir, lang.name, version.name);
      const file = join(languageDir, 'language.json');
      if (!existsSync(file)) continue;
      let raw: unknown;
      try {
        raw = JSON.parse(readFileSync(file, 'utf8'));
      } catch (error) {
        throw new LanguageDefinitionError(`${file}: ${(error as Error).message}`);
      }
      const parsed = languageDefinitionSchema.safeParse(raw);
      if (!parsed.success) {
        const issues = parsed.error.issues
          .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
          .join('; ');
        throw new LanguageDefinitionError(`${file}: ${issues}`);
      }
      if (parsed.data.id !== lang.name) {
        throw new LanguageDefinitionError(
          `${file}: id "${parsed.data.id}" does not match folder "${lang.name}"`,
        );
      }
      languages.push({ ...parsed.data, dir: languageDir });
    }
  }
  return languages.sort((a, b) => a.id.localeCompare(b.id));
}

/** True when every path the language needs exists on this host. */
export function isToolchainInstalled(language: Language): boolean {
  return language.detect.every((path) => existsSync(path));
}

/**
 * Runs the language's version probe on the host (trusted toolchain binary, fixed argv,
 * empty environment) and returns the version string, or null when it fails.
 */
export function probeLanguageVersion(language: Language): Promise<string | null> {
  const [cmd, ...args] = language.versionProbe.argv;
  if (cmd === undefined) return Promise.resolve(null);
  return new Promise((resolvePromise) => {
    execFile(
      cmd,
      args,
      { env: { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8' }, timeout: 20_000, maxBuffer: 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          resolvePromise(null);
          return;
        }
        const match = new RegExp(language.versionProbe.pattern).exec(`${stdout}\n${stderr}`);
        resolvePromise(match?.[1] ?? null);
      },
    );
  });
}

/** Lower-case extension of a file name without the dot ('' when none). */
export function fileExtension(fileName: string): string {
  const base = fileName.slice(fileName.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot + 1).toLowerCase();
}

/**
 * Finds the language a language name given by the user refers to: its id,
 * its Kattis name or one of its extensions (case-insensitive).
 */
export function findLanguageByName(languages: readonly Language[], name: string): Language | undefined {
  const wanted = name.trim().toLowerCase();
  return (
    languages.find((l) => l.id === wanted) ??
    languages.find((l) => l.kattisName.toLowerCase() === wanted || l.name.toLowerCase() === wanted) ??
    languages.find((l) => l.extensions.includes(wanted))
  );
}

/**
 * Picks the language of a submission from its files' extensions (Kattis rules: the
 * main file's extension decides). Returns undefined when no language claims it.
 */
export function detectLanguage(
  languages: readonly Language[],
  fileNames: readonly string[],
): Language | undefined {
  const main = pickMainFile(sourceFiles(languages, fileNames));
  if (main === undefined) return undefined;
  const ext = fileExtension(main);
  return languages.find((l) => l.extensions.includes(ext));
}

/** The files some language claims by extension (headers and data files left out); all files when none. */
export function sourceFiles(languages: readonly Language[], fileNames: readonly string[]): string[] {
  const known = new Set(languages.flatMap((l) => l.extensions));
  const sources = fileNames.filter((f) => known.has(fileExtension(f)));
  return sources.length > 0 ? sources : [...fileNames];
}

/**
 * Kattis naming: one file may have any name; with several, the main file is
 * `main.*` (any case), else the first by name.
 */
export function pickMainFile(fileNames: readonly string[]): string | undefined {
  const sorted = [...fileNames].sort();
  if (sorted.length <= 1) return sorted[0];
  return sorted.find((f) => /^main\.[^.]+$/i.test(f.slice(f.lastIndexOf('/') + 1))) ?? sorted[0];
}

/** Human-readable list of supported languages and their extensions, for error messages. */
export function describeLanguages(languages: readonly Language[]): string {
  return languages.map((l) => `${l.name} (${l.extensions.map((e) => `.${e}`).join(', ')})`).join(', ');
}
