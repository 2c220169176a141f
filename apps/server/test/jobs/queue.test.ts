import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createManualClock } from '../../src/platform/clock/index.js';
import {
  PermanentJobError,
  createJobRegistry,
  createOutboxQueue,
  exponentialBackoff,
  type JobDefinition,
} from '../../src/platform/jobs/index.js';
import { createTestDatabase, testDialect, type TestDatabase } from '../support/test-db.js';
import { createLogger } from '../../src/platform/log/index.js';
import { createQueueUnderTest, type QueueUnderTest } from './support/queue-harness.js';

// Handlers are steered per business id so each test owns its jobs.
const behaviour = new Map<string, 'fail' | 'ok' | 'permanent'>();
const runs: string[] = [];
const lost: { id: string; error: string }[] = [];

const flaky: JobDefinition<{ id: string }> = {
  name: 'test.flaky-thing',
  payload: z.object({ id: z.string() }),
  retry: exponentialBackoff({ maxAttempts: 3, baseMs: 60_000, capMs: 3_600_000, jitter: 0 }),
  handler: ({ id }) => {
    runs.push(id);
    const b = behaviour.get(id) ?? 'ok';
    if (b === 'fail') return Promise.reject(new Error(`boom ${id}`));
    if (b === 'permanent') return Promise.reject(new PermanentJobError(`refused ${id}`));
    return Promise.resolve();
  },
  onLost: ({ id }, error) => {
    lost.push({ id, error });
    return Promise.resolve();
  },
};

describe(`job queue adapter (${testDialect === 'sqlite' ? 'SQLite outbox' : 'pg-boss'})`, () => {
  let database: TestDatabase;
  let q: QueueUnderTest;
  const clock = createManualClock(new Date());
  beforeAll(async () => {
    database = await createTestDatabase();
    q = await createQueueUnderTest({ database, registry: createJobRegistry([flaky]), clock });
  });
  afterAll(async () => {
    await q.close();
    await database.destroy();
  });

  const jobsOf = async (id: string) =>
    (await q.jobs()).filter((j) => j.name === flaky.name && runsPayload.get(j.id) === id);
  const runsPayload = new Map<string, string>();
  const enqueue = async (id: string, opts: { key?: string; organizationId?: string } = {}) => {
    const before = new Set((await q.jobs()).map((j) => j.id));
    await database.db.transaction().execute((trx) => q.queue.enqueue(trx, flaky, { id }, opts));
    for (const j of await q.jobs()) if (!before.has(j.id)) runsPayload.set(j.id, id);
  };

  it('enqueues in the caller transaction: a rollback leaves no job', async () => {
    const before = (await q.jobs()).length;
    await expect(
      database.db.transaction().execute(async (trx) => {
        await q.queue.enqueue(trx, flaky, { id: 'rolled-back' });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await q.jobs()).toHaveLength(before);
  });

  it('retries with exponential backoff, then goes dead with the last error; Retry runs it again', async () => {
    behaviour.set('r1', 'fail');
    await enqueue('r1', { organizationId: 'org-r' });
    expect(await q.worker.runDue()).toBe(1);
    let [job] = await jobsOf('r1');
    expect(job).toMatchObject({ status: 'pending', attempt: 1, lastError: 'Error: boom r1' });
    expect(job?.dueInMs).toBeGreaterThan(50_000); // 60 s, no jitter in this policy
    expect(job?.dueInMs).toBeLessThanOrEqual(60_000);
    expect(await q.worker.runDue()).toBe(0); // not due yet

    await q.makeDue();
    expect(await q.worker.runDue()).toBe(1);
    [job] = await jobsOf('r1');
    expect(job).toMatchObject({ status: 'pending', attempt: 2 });
    expect(job?.dueInMs).toBeGreaterThan(110_000); // doubled: 120 s
    expect(job?.dueInMs).toBeLessThanOrEqual(120_000);

    await q.makeDue();
    expect(await q.worker.runDue()).toBe(1);
    [job] = await jobsOf('r1');
    expect(job).toMatchObject({ status: 'dead', attempt: 3, lastError: 'Error: boom r1' });
    expect(runs.filter((r) => r === 'r1')).toHaveLength(3);

    const dead = await q.deadLetters.listDeadJobs({ organizationId: 'org-r', limit: 10 });
    expect(dead).toEqual([
      expect.objectContaining({
        id: job?.id,
        name: flaky.name,
        organizationId: 'org-r',
        lastError: 'Error: boom r1',
      }),
    ]);
    expect(await q.deadLetters.listDeadJobs({ organizationId: 'org-other', limit: 10 })).toEqual([]);
    expect(await q.deadLetters.retryDeadJob({ organizationId: 'org-other', jobId: job?.id ?? '' })).toBe(
      false,
    );
    expect((await q.deadLetters.countJobs()).dead).toBeGreaterThanOrEqual(1);

    behaviour.set('r1', 'ok');
    expect(await q.deadLetters.retryDeadJob({ organizationId: 'org-r', jobId: job?.id ?? '' })).toBe(true);
    expect(await q.worker.runDue()).toBe(1);
    [job] = await jobsOf('r1');
    expect(job?.status).toBe('done');
    expect(await q.deadLetters.listDeadJobs({ organizationId: 'org-r', limit: 10 })).toEqual([]);
  });

  it('sends a job that throws PermanentJobError straight to dead', async () => {
    behaviour.set('p1', 'permanent');
    await enqueue('p1', { organizationId: 'org-p' });
    expect(await q.worker.runDue()).toBe(1);
    const [job] = await jobsOf('p1');
    expect(job).toMatchObject({ status: 'dead', attempt: 1, lastError: 'PermanentJobError: refused p1' });
  });

  it('deduplicates on the key while a job is pending, and accepts the key again once it is done', async () => {
    await enqueue('d1', { key: 'same-key' });
    await enqueue('d1', { key: 'same-key' });
    expect(await jobsOf('d1')).toHaveLength(1);
    expect(await q.worker.runDue()).toBe(1);
    await enqueue('d1', { key: 'same-key' });
    const all = await jobsOf('d1');
    expect(all.map((j) => j.status).sort()).toEqual(['done', 'pending']);
    expect(await q.worker.runDue()).toBe(1);
  });

  // The outbox tells a module when a job died with its worker on the last attempt. pg-boss fails
  // such a job on expiry without calling onLost: a known gap (docs/adr/0002-jobs.md).
  if (testDialect === 'sqlite') {
    it('a job whose worker died holding its last attempt goes dead and calls onLost once', async () => {
      await enqueue('lost-1');
      const [job] = await jobsOf('lost-1');
      if (!job) throw new Error('no job');
      await database.db
        .updateTable('jobs')
        .set({
          status: 'running',
          attempt: 3,
          last_error: 'boom lost-1',
          lease_until: new Date(clock.now().getTime() - 1).toISOString(),
        })
        .where('id', '=', job.id)
        .execute();
      await q.worker.runDue();
      expect((await jobsOf('lost-1')).map((j) => j.status)).toEqual(['dead']);
      expect(lost.filter((l) => l.id === 'lost-1')).toEqual([
        { id: 'lost-1', error: 'boom lost-1 (the worker stopped during the last attempt)' },
      ]);
      expect(runs).not.toContain('lost-1');
    });
  }

  if (testDialect === 'sqlite') {
    it('a due job enqueued in the process wakes the idle worker (no wait for the poll interval)', async () => {
      const woken = createOutboxQueue({
        db: database.db,
        registry: createJobRegistry([flaky]),
        clock,
        log: createLogger({ level: 'silent' }),
        pollMs: 600_000,
      });
      woken.worker.start();
      try {
        // Let the loop find nothing and go idle for ten minutes.
        await new Promise((resolve) => setTimeout(resolve, 200));
        await database.db.transaction().execute((trx) => woken.queue.enqueue(trx, flaky, { id: 'wake-1' }));
        // Bounded by the test timeout, far below the 10-minute poll.
        await expect.poll(() => runs.includes('wake-1'), { timeout: 20_000 }).toBe(true);
      } finally {
        await woken.worker.stop();
      }
    });
  }

  if (testDialect === 'sqlite') {
    it('a worker starting on the host takes over at once the jobs of a dead process (Q3), not of a live one', async () => {
      await enqueue('orphan-1');
      await enqueue('held-1');
      const [orphan] = await jobsOf('orphan-1');
      const [held] = await jobsOf('held-1');
      if (!orphan || !held) throw new Error('no jobs');
      // A child that has exited: its pid is free (and not reused within this test).
      const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
      const deadPid = Number(dead.stdout.toString());
      const lease = new Date(clock.now().getTime() + 3_600_000).toISOString();
      for (const [job, pid] of [
        [orphan, deadPid],
        [held, process.ppid],
      ] as const) {
        await database.db
          .updateTable('jobs')
          .set({
            status: 'running',
            attempt: 1,
            lease_until: lease,
            locked_by: `${hostname()}:${pid}:abc123`,
          })
          .where('id', '=', job.id)
          .execute();
      }
      const restarted = createOutboxQueue({
        db: database.db,
        registry: createJobRegistry([flaky]),
        clock,
        log: createLogger({ level: 'silent' }),
      });
      restarted.worker.start();
      try {
        await expect.poll(() => runs.includes('orphan-1'), { timeout: 20_000 }).toBe(true);
      } finally {
        await restarted.worker.stop();
      }
      // The live process (this test's parent) keeps its job until its lease ends.
      expect(runs).not.toContain('held-1');
      expect((await jobsOf('held-1')).map((j) => j.status)).toEqual(['running']);
    });
  }
});
