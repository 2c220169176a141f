import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = join(here, '../../../..');

/** Bigger runs with ASSAY_SOAK=1 (`npm run test:soak`). */
export const SOAK = process.env.ASSAY_SOAK === '1';

/**
 * Bundle the writer once (our TypeScript in, native/npm packages left external) so each
 * crash cycle starts a plain `node` process in ~100 ms instead of a TypeScript loader.
 */
export async function bundleWriter(): Promise<string> {
  // Inside node_modules so the external imports resolve from the repository's packages.
  const outfile = join(
    REPO_ROOT,
    'node_modules/.cache/assay-reliability',
    `sqlite-writer-${process.pid}.mjs`,
  );
  mkdirSync(dirname(outfile), { recursive: true });
  await build({
    entryPoints: [join(here, 'fixtures/sqlite-writer.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    external: ['better-sqlite3', 'pg', 'kysely'],
    conditions: ['source'],
    logLevel: 'error',
  });
  return outfile;
}

export interface Writer {
  child: ChildProcess;
  /** Ids acknowledged (committed) so far. */
  acked: number[];
  errors: string[];
  /** Resolves after `n` acks (or rejects if the writer exits first). */
  waitForAcks(n: number): Promise<void>;
  exited: Promise<number | null>;
}

/** Start a writer process on `dbPath`, writing ids from `firstId` on. */
export function startWriter(
  script: string,
  dbPath: string,
  name: string,
  firstId: number,
  count = 0,
): Writer {
  const child = spawn(process.execPath, [script, dbPath, name, String(firstId), String(count)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const acked: number[] = [];
  const errors: string[] = [];
  let stderr = '';
  let buffer = '';
  const waiters: { n: number; resolve: () => void }[] = [];
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      if (line.startsWith('ack ')) acked.push(Number(line.slice(4)));
      else if (line.startsWith('error ')) errors.push(line.slice(6));
    }
    for (const w of waiters.filter((w) => acked.length >= w.n)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    acked,
    errors,
    exited,
    waitForAcks: (n) =>
      acked.length >= n
        ? Promise.resolve()
        : new Promise<void>((resolve, reject) => {
            waiters.push({ n, resolve });
            void exited.then((code) =>
              reject(new Error(`writer exited (${String(code)}) before ${n} acks: ${stderr}`)),
            );
          }),
  };
}

/** Ids present in the crash_rows table, plus `integrity_check`'s verdict. */
export function inspect(dbPath: string): { ids: Set<number>; integrity: string } {
  const db = new SQLite(dbPath);
  try {
    const ids = new Set((db.prepare('select id from crash_rows').all() as { id: number }[]).map((r) => r.id));
    const integrity = String(db.pragma('integrity_check', { simple: true }));
    return { ids, integrity };
  } finally {
    db.close();
  }
}

/** Run the `assay` CLI from the TypeScript sources with the given environment. */
export function runAssay(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', join(REPO_ROOT, 'apps/server/src/main/cli.ts'), ...args],
      {
        cwd: REPO_ROOT,
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: process.env.HOME ?? '/root',
          LOG_LEVEL: 'warn',
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
