import { lstat, opendir } from 'node:fs/promises';
import { join } from 'node:path';
import { readBoxFile } from '../sandbox/index.js';
import { parseJUnit } from './junit-parser.js';
import { parseTap } from './tap-parser.js';
import type { ParsedCase } from './test-case.js';

/** Caps for reading `/results` (sandbox.md §9). */
export const ResultsLimits = {
  maxFiles: 16,
  maxFileBytes: 4 * 1024 * 1024,
  maxCases: 5000,
  /** Directory entries looked at before giving up (a candidate can create millions). */
  maxEntriesScanned: 1024,
} as const;

export interface ResultsReadout {
  cases: ParsedCase[];
  /** More than `maxCases` cases were reported; the rest were dropped. */
  truncated: boolean;
  /** Why entries were skipped, for the staff log. */
  notes: string[];
}

/**
 * Reads the result files a test command left in a sandbox-writable directory. Call only once the
 * slot is empty. Each entry is opened `O_NOFOLLOW|O_NONBLOCK` and read only if it is a regular file
 * with one link and within the size cap; symlinks, FIFOs, devices, directories and oversized files
 * are skipped with a note (`readBoxFile`). Files are taken in name order; JUnit XML and TAP are recognised by content.
 */
export async function readResultsDir(dir: string, limits = ResultsLimits): Promise<ResultsReadout> {
  const notes: string[] = [];
  const names: string[] = [];
  const handle = await opendir(dir);
  try {
    for await (const entry of handle) {
      if (names.length >= limits.maxEntriesScanned) {
        notes.push(`more than ${limits.maxEntriesScanned} entries in /results; the rest were ignored`);
        break;
      }
      names.push(entry.name);
    }
  } finally {
    await handle.close().catch(() => undefined);
  }
  names.sort();
  const cases: ParsedCase[] = [];
  let files = 0;
  for (const name of names) {
    if (files >= limits.maxFiles) {
      notes.push(`${name}: skipped, more than ${limits.maxFiles} result files`);
      continue;
    }
    const read = await readResultFile(join(dir, name), limits.maxFileBytes);
    if (typeof read === 'string') {
      notes.push(`${name}: skipped, ${read}`);
      continue;
    }
    files += 1;
    try {
      const parsed = parseResultText(read.toString('utf8'));
      if (parsed === null) notes.push(`${name}: neither JUnit XML nor TAP`);
      else cases.push(...parsed);
    } catch (error) {
      notes.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const truncated = cases.length > limits.maxCases;
  if (truncated) notes.push(`more than ${limits.maxCases} test cases; the rest were dropped`);
  return { cases: cases.slice(0, limits.maxCases), truncated, notes };
}

/** Parses one result file's text: JUnit XML if it starts with "<", TAP if it has a test line, else null. */
export function parseResultText(text: string): ParsedCase[] | null {
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('<')) return parseJUnit(start);
  if (/^\s*(TAP version \d+|(not )?ok\b)/m.test(start)) return parseTap(start);
  return null;
}

async function readResultFile(path: string, maxBytes: number): Promise<Buffer | string> {
  const file = await readBoxFile(path, maxBytes);
  if (file === null) return await describeSkipped(path);
  if (file.truncated) return `over the ${maxBytes} byte limit`;
  return file.data;
}

// lstat never follows the entry; it only explains, for the staff log, why readBoxFile refused it.
async function describeSkipped(path: string): Promise<string> {
  const stat = await lstat(path).catch(() => null);
  if (stat === null) return 'vanished';
  if (stat.isSymbolicLink()) return 'a symbolic link';
  if (!stat.isFile()) return 'not a regular file';
  if (stat.nlink !== 1) return 'a hard link';
  return 'unreadable';
}
