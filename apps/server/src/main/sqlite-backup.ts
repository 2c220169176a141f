import SQLite from 'better-sqlite3';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

// Every page in one step: the copy is one consistent snapshot (a read transaction in WAL
// mode, writers keep going) instead of restarting whenever a writer commits between steps.
const ALL_PAGES = 0x7fffffff;

/**
 * Copy a live SQLite database with the online backup API (never a file copy: the WAL
 * would be missed or torn), then run `integrity_check` on the copy.
 * @throws when `destination` exists or the copy is not intact.
 */
export async function backupSqlite(source: string, destination: string): Promise<void> {
  if (existsSync(destination)) throw new Error(`${destination} already exists; choose another file name`);
  mkdirSync(dirname(destination), { recursive: true });
  const db = new SQLite(source, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    await db.backup(destination, { progress: () => ALL_PAGES });
  } finally {
    db.close();
  }
  // A backup is one self-contained file: leave WAL mode so no -wal/-shm belong to it.
  const copy = new SQLite(destination, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
  const problems = sqliteIntegrityProblems(destination);
  if (problems.length > 0)
    throw new Error(`the backup ${destination} failed integrity_check: ${problems.join('; ')}`);
}

/** `PRAGMA integrity_check` of a database file: an empty list when it is intact. */
export function sqliteIntegrityProblems(path: string): string[] {
  let db: SQLite.Database | undefined;
  try {
    // Read-write on purpose: closing a read-only connection leaves empty -wal/-shm files behind.
    db = new SQLite(path, { fileMustExist: true });
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    const messages = rows.map((r) => r.integrity_check);
    return messages.length === 1 && messages[0] === 'ok' ? [] : messages;
  } catch (err) {
    return [err instanceof Error ? err.message : String(err)];
  } finally {
    db?.close();
  }
}

/**
 * Replace the database at `live` with the backup `source`: the backup API writes a fresh
 * file next to it, which is checked and then renamed over the live path. The previous
 * database (with its -wal/-shm, which belong to it) is kept as `<live>.pre-restore-<stamp>`.
 * The server must be stopped (see `runningServerPid`).
 * @returns the path the previous database was moved to, if there was one.
 */
export async function restoreSqlite(
  source: string,
  live: string,
  stamp: string,
): Promise<string | undefined> {
  const sourceProblems = sqliteIntegrityProblems(source);
  if (sourceProblems.length > 0)
    throw new Error(`${source} is not an intact SQLite database: ${sourceProblems.join('; ')}`);
  const incoming = `${live}.restore-${stamp}`;
  rmSync(incoming, { force: true });
  await backupSqlite(source, incoming);
  let previous: string | undefined;
  if (existsSync(live)) {
    previous = `${live}.pre-restore-${stamp}`;
    for (const suffix of ['', '-wal', '-shm']) {
      if (existsSync(live + suffix)) renameSync(live + suffix, previous + suffix);
    }
  }
  renameSync(incoming, live);
  return previous;
}

/** `assay serve` records its pid here so restore can refuse to run under it. */
export const pidFilePath = (dataDir: string): string => join(dataDir, 'assay.pid');

/** Write the pid file; the returned function removes it (if it is still ours). */
export function writePidFile(dataDir: string): () => void {
  const path = pidFilePath(dataDir);
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(path, `${process.pid}\n`);
  return () => {
    if (runningServerPid(dataDir) === process.pid) unlinkSync(path);
  };
}

/** The pid of a live `assay serve` on this data directory, if any (a stale pid file is ignored). */
export function runningServerPid(dataDir: string): number | undefined {
  const path = pidFilePath(dataDir);
  if (!existsSync(path)) return undefined;
  const pid = Number(readFileSync(path, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else — still running.
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? pid : undefined;
  }
}

/** A file-name-safe UTC timestamp, e.g. 2026-11-25T10-04-05Z. */
export const fileStamp = (date: Date): string =>
  date
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replaceAll(':', '-');
