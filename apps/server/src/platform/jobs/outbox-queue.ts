import { hostname } from 'node:os';
import type { Db, DbOrTrx } from '../../db/index.js';
import type { Clock } from '../clock/index.js';
import { newId } from '../crypto/index.js';
import type { Logger } from '../log/index.js';
import type { JobRegistry } from './job-registry.js';
import {
  claimNextJob,
  countJobsByStatus,
  expireJobLease,
  findDeadJobs,
  findRunningJobsLockedBy,
  finishJobAttempt,
  insertJob,
  renewJobLease,
  requeueDeadJob,
  type JobRow,
} from './jobs.repository.js';
import type { DeadLetters, EnqueueOptions, JobRef, JobWorker, Queue } from './queue.js';
import { defaultRetryPolicy } from './retry-policy.js';
import { describeJobError, isPermanentJobError, runJobHandler, sleep } from './run-job.js';

export interface OutboxQueueOptions {
  db: Db;
  registry: JobRegistry;
  clock: Clock;
  log: Logger;
  /** Shown in `locked_by`; defaults to host:pid. */
  workerId?: string;
  /** How long a claim holds before another worker may take the job over. Default 5 min. */
  leaseMs?: number;
  /** Idle poll interval. Default 1 s. */
  pollMs?: number;
  /** How long `stop()` waits for the job in hand. Default 10 s. */
  graceMs?: number;
}

export interface OutboxQueue {
  queue: Queue;
  worker: JobWorker;
  deadLetters: DeadLetters;
}

/**
 * The SQL outbox adapter (embedded SQLite default; the same SQL runs on PostgreSQL for
 * the inline test queue). Jobs are rows in `jobs`, inserted in the caller's transaction.
 * A worker claims a due row with a lease, runs it and finishes the attempt fenced on
 * `attempt`: a worker that lost its lease updates 0 rows. See docs/adr/0002-jobs.md.
 */
export function createOutboxQueue(options: OutboxQueueOptions): OutboxQueue {
  const { db, registry, clock, log } = options;
  const workerId = options.workerId ?? `${hostname()}:${process.pid}:${newId().slice(-6)}`;
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const pollMs = options.pollMs ?? 1000;
  const graceMs = options.graceMs ?? 10_000;
  const iso = (offsetMs = 0) => new Date(clock.now().getTime() + offsetMs).toISOString();

  // An idle in-process worker sleeps `pollMs`; a due job enqueued in this process wakes it at once
  // (its claim waits for the enqueuing transaction on SQLite's single connection; if that rolls
  // back, the worker finds nothing and sleeps again). Other processes still find it by polling.
  let wakeIdle: (() => void) | undefined;

  const queue: Queue = {
    async enqueue<P>(trx: DbOrTrx, job: JobRef<P>, payload: P, opts: EnqueueOptions = {}) {
      if (!opts.runAt || opts.runAt.getTime() <= clock.now().getTime()) setImmediate(() => wakeIdle?.());
      const now = iso();
      await insertJob(trx, {
        id: newId(),
        name: job.name,
        payload: JSON.stringify(job.payload.parse(payload)),
        organization_id: opts.organizationId ?? null,
        status: 'pending',
        attempt: 0,
        max_attempts: (registry.get(job.name)?.retry ?? defaultRetryPolicy).maxAttempts,
        run_at: opts.runAt ? opts.runAt.toISOString() : now,
        lease_until: null,
        locked_by: null,
        last_error: null,
        dedupe_key: opts.key ?? null,
        created_at: now,
        updated_at: now,
      });
    },
  };

  let stopping = false;
  let loop: Promise<void> | undefined;
  const stopController = new AbortController();
  let current: { row: JobRow; controller: AbortController; done: Promise<void> } | undefined;

  async function runOne(): Promise<boolean> {
    const row = await db
      .transaction()
      .execute((trx) =>
        claimNextJob(trx, { now: iso(), leaseUntil: iso(leaseMs), workerId, names: registry.names() }),
      );
    if (!row) return false;
    const fence = { id: row.id, attempt: row.attempt };
    const job = registry.get(row.name);
    const jobLog = log.child({ jobId: row.id, job: row.name, attempt: row.attempt });
    if (!job) return true; // not claimable: names are filtered above
    if (row.attempt > row.max_attempts) {
      // Its last attempt's worker died holding the lease: no attempts left.
      const error = row.last_error ?? 'lease expired';
      const n = await finishJobAttempt(db, fence, { status: 'dead', error, now: iso() });
      jobLog.warn('job dead: lease expired on its last attempt');
      if (n > 0 && job.onLost) {
        try {
          await job.onLost(
            job.payload.parse(JSON.parse(row.payload)),
            `${error} (the worker stopped during the last attempt)`,
          );
        } catch (err) {
          jobLog.error({ err: describeJobError(err) }, 'onLost failed');
        }
      }
      return true;
    }
    const controller = new AbortController();
    const heartbeat = setInterval(
      () => {
        renewJobLease(db, fence, iso(leaseMs), iso()).then(
          (held) => {
            if (!held) controller.abort(new Error('lease lost'));
          },
          (err: unknown) => jobLog.warn({ err: describeJobError(err) }, 'lease renewal failed'),
        );
      },
      Math.max(50, Math.floor(leaseMs / 3)),
    );
    const done = (async () => {
      try {
        await runJobHandler(job, JSON.parse(row.payload), {
          jobId: row.id,
          attempt: row.attempt,
          signal: controller.signal,
          log: jobLog,
        });
        const n = await finishJobAttempt(db, fence, { status: 'done', now: iso() });
        if (n === 0) jobLog.warn('job finished after its lease was taken over; completion ignored');
      } catch (err) {
        const error = describeJobError(err);
        const policy = job.retry ?? defaultRetryPolicy;
        const last =
          isPermanentJobError(err) || row.attempt >= Math.min(row.max_attempts, policy.maxAttempts);
        const n = last
          ? await finishJobAttempt(db, fence, { status: 'dead', error, now: iso() })
          : await finishJobAttempt(db, fence, {
              status: 'pending',
              runAt: iso(policy.delayMs(row.attempt)),
              error,
              now: iso(),
            });
        if (last) jobLog.error({ err: error }, 'job dead');
        else jobLog.warn({ err: error }, 'job failed; will retry');
        if (n === 0) jobLog.warn('job failed after its lease was taken over; outcome ignored');
      } finally {
        clearInterval(heartbeat);
      }
    })();
    current = { row, controller, done };
    try {
      await done;
    } finally {
      current = undefined;
    }
    return true;
  }

  /**
   * After a crash (kill -9, power loss) the jobs the dead process held keep their lease for up to
   * `leaseMs`. A worker starting on the same host ends the leases of this host's workers whose
   * process is gone, so a restart picks their jobs up at once (Q3, R2). Live processes keep theirs.
   */
  async function releaseLeasesOfDeadWorkers(): Promise<void> {
    const host = `${hostname()}:`;
    if (!workerId.startsWith(host)) return;
    try {
      for (const row of await findRunningJobsLockedBy(db, host)) {
        const pid = Number(row.locked_by?.slice(host.length).split(':')[0]);
        if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || processAlive(pid)) continue;
        if ((await expireJobLease(db, row, iso(-1))) > 0) {
          log.info({ jobId: row.id }, 'released the lease of a job whose worker process is gone');
        }
      }
    } catch (err) {
      log.warn({ err: describeJobError(err) }, 'could not release the leases of dead workers');
    }
  }

  /** Sleep `pollMs`, or less when stopping or when a due job is enqueued. */
  async function idle(): Promise<void> {
    const wake = new AbortController();
    const onStop = () => wake.abort();
    stopController.signal.addEventListener('abort', onStop, { once: true });
    wakeIdle = () => wake.abort();
    try {
      await sleep(pollMs, wake.signal);
    } finally {
      wakeIdle = undefined;
      stopController.signal.removeEventListener('abort', onStop);
    }
  }

  const worker: JobWorker = {
    async runDue(max = Number.POSITIVE_INFINITY) {
      let ran = 0;
      while (ran < max && !stopping && (await runOne())) ran++;
      return ran;
    },
    start() {
      if (loop) return;
      loop = (async () => {
        await releaseLeasesOfDeadWorkers();
        while (!stopping) {
          try {
            if (!(await runOne())) await idle();
          } catch (err) {
            log.error({ err: describeJobError(err) }, 'job loop error');
            await sleep(pollMs, stopController.signal);
          }
        }
      })();
    },
    async stop() {
      stopping = true;
      stopController.abort();
      const inHand = current;
      if (inHand) {
        const finished = await Promise.race([inHand.done.then(() => true), sleep(graceMs).then(() => false)]);
        if (!finished) {
          inHand.controller.abort(new Error('worker stopping'));
          // Hand the job back now instead of waiting for the lease (Q3: immediate pickup on restart).
          await finishJobAttempt(db, inHand.row, {
            status: 'pending',
            runAt: iso(),
            error: 'worker stopped',
            now: iso(),
          });
        }
        // A handler that ignores its abort signal must not hold shutdown hostage: its job
        // was handed back, and its late completion is fenced off.
        if (!finished) return;
      }
      await loop;
    },
  };

  const deadLetters: DeadLetters = {
    async listDeadJobs(filter) {
      const rows = await findDeadJobs(db, filter);
      return rows.map((r) => ({
        id: r.id,
        name: r.name,
        organizationId: r.organization_id,
        attempts: r.attempt,
        lastError: r.last_error,
        failedAt: r.updated_at,
      }));
    },
    async retryDeadJob(target) {
      return (await requeueDeadJob(db, { ...target, now: iso() })) > 0;
    },
    async countJobs() {
      const c = await countJobsByStatus(db);
      return { pending: c.pending + c.running, dead: c.dead };
    },
  };

  return { queue, worker, deadLetters };
}

/** True when a process with this pid exists (signal 0 checks without sending anything). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
