import { parseArgs, type ParseArgsConfig } from 'node:util';
import { PackageError } from '../packages/package-files.js';
import { createSandboxHost, SandboxUnavailableError } from '../sandbox/index.js';
import type { SandboxHost } from '../sandbox/types.js';
import { SubmissionError } from '../judge/submission-files.js';
import { LanguageDefinitionError } from '../languages/language-registry.js';

/** Exit codes of the judge commands. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** Where command output goes (replaceable in tests). */
export interface CommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** stderr is a terminal: progress bars are drawn. */
  isTty: boolean;
}

/** The process's stdout/stderr. */
export function processIo(): CommandIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTty: process.stderr.isTTY,
  };
}

/** Parses argv strictly; returns an error message instead of throwing. */
export function parseCommandArgs(
  argv: string[],
  options: NonNullable<ParseArgsConfig['options']>,
): { values: Record<string, string | boolean | undefined>; positionals: string[] } | { error: string } {
  try {
    const parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    const values: Record<string, string | boolean | undefined> = {};
    for (const [key, value] of Object.entries(parsed.values)) {
      values[key] = Array.isArray(value) ? value.join(' ') : value;
    }
    return { values, positionals: parsed.positionals };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** Starts (or reuses) the local sandbox host. */
export function startSandbox(): Promise<SandboxHost> {
  return createSandboxHost();
}

/**
 * Turns expected user-facing errors (bad package, bad submission, no sandbox) into a
 * message; rethrows anything else.
 */
export function userErrorMessage(error: unknown): string {
  if (
    error instanceof PackageError ||
    error instanceof SubmissionError ||
    error instanceof SandboxUnavailableError ||
    error instanceof LanguageDefinitionError
  ) {
    return error.message;
  }
  throw error;
}

/** Formats bytes as MiB with one decimal. */
export function formatMiB(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** Renders rows as a plain-text table with a header. */
export function renderTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}
