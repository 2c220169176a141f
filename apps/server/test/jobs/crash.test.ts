import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/platform/clock/index.js';
import { createJobRegistry } from '../../src/platform/jobs/index.js';
import { TEST_POSTGRES_URL, createTestDatabase, testDialect, type TestDatabase } from '../support/test-db.js';
import { crashJob, createCrashTables } from './support/crash-jobs.js';
import { createQueueUnderTest, currentSchema, type QueueUnderTest } from './support/queue-harness.js';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const workerScript = fileURLToPath(new URL('./support/crash-worker.ts', import.meta.url));

interface Child {
  proc: ChildProcessWithoutNullStreams;
  lines: string[];
  waitFor(pattern: RegExp): Promise<string>;
  exited: Promise<number | null>;
}

/** Start a worker process; its stdout lines are collected so the test can wait on them. */
function startWorker(env: Record<string, string>): Child {
  const proc = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', workerScript], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
  });
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (l: string) => void }[] = [];
  let buffer = '';
  proc.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      lines.push(line);
      for (const w of [...waiters]) {
        if (w.pattern.test(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    }
  });
  let stderr = '';
  proc.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return {
    proc,
    lines,
    exited,
    waitFor: (pattern) => {
      const seen = lines.find((l) => pattern.test(l));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        // Bounded wait: a hung worker fails the test with its output instead of a bare timeout.
        const timer = setTimeout(() => {
          reject(
            new Error(
              `no ${pattern} from worker within 30 s; stdout: ${lines.join('\n')}; stderr: ${stderr.slice(-2000)}`,
            ),
          );
        }, 30_000);
        waiters.push({
          pattern,
          resolve: (l) => {
            clearTimeout(timer);
            resolve(l);
          },
        });
        void exited.then((code) =>
          reject(new Error(`worker exited (${code}) before ${pattern}: ${stderr.slice(-2000)}`)),
        );
      });
    },
  };
}

async function sqliteFile(database: TestDatabase): Promise<string> {
  const { rows } = await sql<{
    file: string;
  }>`select file from pragma_database_list where name = 'main'`.execute(database.db);
  return rows[0]?.file ?? '';
}

async function effects(database: TestDatabase, businessId: string) {
  const runs = await sql<{
    n: number | string;
  }>`select count(*) as n from crash_runs where business_id = ${businessId}`.execute(database.db);
  const applied = await sql<{
    n: number | string;
  }>`select count(*) as n from crash_effects where business_id = ${businessId}`.execute(database.db);
  return { runs: Number(runs.rows[0]?.n), applied: Number(applied.rows[0]?.n) };
}

describe(`crash tests: worker processes killed and stopped mid-job (${testDialect})`, () => {
  let database: TestDatabase;
  let q: QueueUnderTest;
  let childEnv: Record<string, string>;
  const children: Child[] = [];
  const child = (env: Record<string, string>) => {
    const c = startWorker({ ...childEnv, ...env });
    children.push(c);
    return c;
  };
  const enqueue = (businessId: string) =>
    database.db.transaction().execute((trx) => q.queue.enqueue(trx, job, { businessId }));
  let job: ReturnType<typeof crashJob>;

  beforeAll(async () => {
    database = await createTestDatabase();
    await createCrashTables(database.db);
    job = crashJob(database.db, { blockMs: 0, announce: () => undefined });
    q = await createQueueUnderTest({ database, registry: createJobRegistry([job]), clock: systemClock });
    const where: Record<string, string> =
      testDialect === 'sqlite'
        ? { QUEUE_DB_PATH: await sqliteFile(database) }
        : { QUEUE_PG_URL: TEST_POSTGRES_URL, QUEUE_PG_SCHEMA: await currentSchema(database) };
    childEnv = { ...q.childEnv, ...where, LOG_LEVEL: 'warn' };
  });
  afterAll(async () => {
    for (const c of children) {
      c.proc.kill('SIGCONT');
      c.proc.kill('SIGKILL');
      await c.exited;
    }
    await q.close();
    await database.destroy();
  });

  it('kill -9 during a handler: the job runs again after the lease and its effect happens once', async () => {
    await enqueue('k1');
    const a = child({ CRASH_BLOCK_MS: '60000' });
    await a.waitFor(/^START k1 1$/);
    a.proc.kill('SIGKILL');
    await a.exited;
    expect((await q.jobs()).find((j) => j.status === 'running')).toBeDefined();
    expect(await q.worker.runDue()).toBe(0); // the lease still holds
    await q.expireLeases();
    expect(await q.worker.runDue()).toBe(1);
    const [k1] = await q.jobs();
    expect(k1).toMatchObject({ status: 'done', attempt: 2 });
    expect(await effects(database, 'k1')).toEqual({ runs: 2, applied: 1 });
  });

  it('R3 stale claim: a stopped worker past its lease cannot overwrite the new owner', async () => {
    await enqueue('s1');
    const a = child({ CRASH_BLOCK_MS: '1500' });
    await a.waitFor(/^START s1 1$/);
    a.proc.kill('SIGSTOP');
    await q.expireLeases();
    expect(await q.worker.runDue()).toBe(1); // another worker takes over and finishes
    const done = (await q.jobs()).find((j) => j.status === 'done' && j.attempt === 2);
    expect(done).toBeDefined();
    a.proc.kill('SIGCONT');
    await a.waitFor(/^EFFECT s1$/);
    if (testDialect === 'sqlite') {
      // The outbox fences completion on the attempt: the stale worker updated 0 rows.
      await a.waitFor(/lease was taken over; completion ignored/);
    }
    const after = (await q.jobs()).find((j) => j.id === done?.id);
    expect(after).toMatchObject({ status: 'done', attempt: 2 }); // attempts only grow, state unchanged
    expect(await effects(database, 's1')).toEqual({ runs: 2, applied: 1 });
    a.proc.kill('SIGKILL');
  });

  it('restart with pending jobs: SIGTERM hands the job in hand back, a new worker completes them all', async () => {
    const ids = ['p1', 'p2', 'p3', 'p4'];
    for (const id of ids) await enqueue(id);
    const a = child({ CRASH_BLOCK_MS: '30000', CRASH_GRACE_MS: '100' });
    await a.waitFor(/^START p\d 1$/);
    a.proc.kill('SIGTERM');
    await a.waitFor(/^STOPPED$/);
    expect(await a.exited).toBe(0);
    const b = child({ CRASH_BLOCK_MS: '0' });
    await b.waitFor(/^READY$/);
    // Poll SQL (bounded) until the new worker has drained the queue.
    for (let i = 0; i < 200; i++) {
      const pending = (await q.jobs()).filter((j) => j.status !== 'done' && j.status !== 'dead');
      if (pending.length === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const jobs = await q.jobs();
    expect(jobs.filter((j) => j.status !== 'done')).toEqual([]);
    for (const id of ids) expect((await effects(database, id)).applied).toBe(1);
    b.proc.kill('SIGTERM');
    await b.exited;
  });
});
