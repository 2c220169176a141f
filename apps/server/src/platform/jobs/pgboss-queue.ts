import { CompiledQuery } from 'kysely';
import PgBoss from 'pg-boss';
import type { DbOrTrx } from '../../db/index.js';
import { newId } from '../crypto/index.js';
import type { Logger } from '../log/index.js';
import type { AnyJobDefinition, JobRegistry } from './job-registry.js';
import type { DeadLetters, EnqueueOptions, JobRef, JobWorker, Queue } from './queue.js';
import { defaultRetryPolicy } from './retry-policy.js';
import { describeJobError, isPermanentJobError, runJobHandler, sleep } from './run-job.js';

export interface PgBossQueueOptions {
  /** The PostgreSQL URL (pg-boss keeps its own small pool). */
  connectionString: string;
  /** pg-boss's schema (default `pgboss`). */
  schema?: string;
  registry: JobRegistry;
  log: Logger;
  /** pg-boss's `expireInSeconds`: how long an active job holds before it is retried. Default 300. */
  leaseSeconds?: number;
  pollMs?: number;
  graceMs?: number;
  /** How often the worker fails expired jobs (pg-boss `expire()`); 0 = every poll (tests). Default 5 s. */
  expireEveryMs?: number;
  /** Run pg-boss's own maintenance (archiving, deletion). Default true; tests turn it off. */
  supervise?: boolean;
}

export interface PgBossQueue {
  queue: Queue;
  worker: JobWorker;
  deadLetters: DeadLetters;
  /** Create pg-boss's schema and one queue per registered job. Call before enqueueing. */
  start(): Promise<void>;
  /** Stop the worker (if started) and close pg-boss. */
  close(): Promise<void>;
}

/** What we store as pg-boss job data: the payload and the organization for the Failed jobs view. */
interface Envelope {
  p: unknown;
  o: string | null;
}

interface DeadRow {
  id: string;
  name: string;
  organization_id: string | null;
  retry_count: number;
  last_error: string | null;
  completed_on: Date;
}

/** pg-boss runs its SQL on the caller's Kysely transaction through this adapter (`send({ db })`). */
function kyselyExecutor(trx: DbOrTrx): PgBoss.Db {
  return {
    async executeSql(text, values) {
      const result = await trx.executeQuery(CompiledQuery.raw(text, values as unknown[]));
      return { rows: result.rows as object[] };
    },
  };
}

/**
 * The PostgreSQL adapter on pg-boss 10. `enqueue` joins the caller's transaction via
 * pg-boss's per-call `db` option. Queues use the `stately` policy so a dedupe key allows
 * one queued job per key; keyless jobs get their id as key. Retries follow the job's
 * RetryPolicy (we set `start_after` after a failure); dead jobs are pg-boss's `failed`
 * jobs. See docs/adr/0002-jobs.md.
 */
export function createPgBossQueue(options: PgBossQueueOptions): PgBossQueue {
  const schema = options.schema ?? 'pgboss';
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid pg-boss schema name "${schema}"`);
  const { registry, log } = options;
  const leaseSeconds = options.leaseSeconds ?? 300;
  const pollMs = options.pollMs ?? 1000;
  const graceMs = options.graceMs ?? 10_000;
  const expireEveryMs = options.expireEveryMs ?? 5000;
  const boss = new PgBoss({
    connectionString: options.connectionString,
    schema,
    max: 4,
    supervise: options.supervise ?? true,
    schedule: false,
    migrate: true,
    archiveFailedAfterSeconds: 30 * 24 * 3600,
  });
  boss.on('error', (err) => log.warn({ err: describeJobError(err) }, 'pg-boss error'));
  const sqlOn = (text: string, values: unknown[] = []) => boss.getDb().executeSql(text, values as never[]);

  const queue: Queue = {
    async enqueue<P>(trx: DbOrTrx, job: JobRef<P>, payload: P, opts: EnqueueOptions = {}) {
      const data: Envelope = { p: job.payload.parse(payload), o: opts.organizationId ?? null };
      await boss.send(job.name, data as object, {
        db: kyselyExecutor(trx),
        singletonKey: opts.key ?? newId(),
        ...(opts.runAt ? { startAfter: opts.runAt } : {}),
      });
    },
  };

  let stopping = false;
  let loop: Promise<void> | undefined;
  const stopController = new AbortController();
  let current: { name: string; id: string; controller: AbortController; done: Promise<void> } | undefined;
  let lastExpire = 0;

  async function runJob(def: AnyJobDefinition, job: PgBoss.JobWithMetadata<Envelope>): Promise<void> {
    const attempt = job.retryCount + 1;
    const jobLog = log.child({ jobId: job.id, job: def.name, attempt });
    const controller = new AbortController();
    const done = (async () => {
      try {
        await runJobHandler(def, job.data.p, {
          jobId: job.id,
          attempt,
          signal: controller.signal,
          log: jobLog,
        });
        // pg-boss only completes an `active` job: a stale worker whose job expired changes nothing.
        await boss.complete(def.name, job.id);
      } catch (err) {
        const error = describeJobError(err);
        const policy = def.retry ?? defaultRetryPolicy;
        const last = isPermanentJobError(err) || attempt >= policy.maxAttempts;
        if (last) {
          await sqlOn(`update ${schema}.job set retry_limit = retry_count where name = $1 and id = $2`, [
            def.name,
            job.id,
          ]);
        }
        await boss.fail(def.name, job.id, { message: error });
        if (last) {
          jobLog.error({ err: error }, 'job dead');
        } else {
          await sqlOn(
            `update ${schema}.job set start_after = now() + make_interval(secs => $3::double precision / 1000)
             where name = $1 and id = $2 and state = 'retry'`,
            [def.name, job.id, policy.delayMs(attempt)],
          );
          jobLog.warn({ err: error }, 'job failed; will retry');
        }
      }
    })();
    current = { name: def.name, id: job.id, controller, done };
    try {
      await done;
    } finally {
      current = undefined;
    }
  }

  async function runOnce(): Promise<number> {
    if (Date.now() - lastExpire >= expireEveryMs) {
      lastExpire = Date.now();
      await boss.expire();
    }
    let ran = 0;
    for (const def of registry.all()) {
      if (stopping) break;
      const jobs = await boss.fetch<Envelope>(def.name, { batchSize: 1, includeMetadata: true });
      for (const job of jobs) {
        await runJob(def, job);
        ran++;
      }
    }
    return ran;
  }

  const worker: JobWorker = {
    async runDue(max = Number.POSITIVE_INFINITY) {
      let total = 0;
      while (total < max && !stopping) {
        const ran = await runOnce();
        if (ran === 0) break;
        total += ran;
      }
      return total;
    },
    start() {
      if (loop) return;
      loop = (async () => {
        while (!stopping) {
          try {
            if ((await runOnce()) === 0) await sleep(pollMs, stopController.signal);
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
          // Hand it back for immediate pickup (Q3) instead of waiting for the expiry.
          await boss.fail(inHand.name, inHand.id, { message: 'worker stopped' });
          await sqlOn(
            `update ${schema}.job set start_after = now() where name = $1 and id = $2 and state = 'retry'`,
            [inHand.name, inHand.id],
          );
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
      const { rows } = await sqlOn(
        `select id, name, data->>'o' as organization_id, retry_count, output->>'message' as last_error, completed_on
         from ${schema}.job where state = 'failed' and data->>'o' = $1
         order by completed_on desc, id desc limit $2`,
        [filter.organizationId, filter.limit],
      );
      return (rows as DeadRow[]).map((r) => ({
        id: r.id,
        name: r.name,
        organizationId: r.organization_id,
        attempts: r.retry_count + 1,
        lastError: r.last_error,
        failedAt: r.completed_on.toISOString(),
      }));
    },
    async retryDeadJob(target) {
      if (!/^[0-9a-f-]{36}$/i.test(target.jobId)) return false;
      // A fresh attempt budget, due now (pg-boss's retry() adds only one attempt).
      const { rows } = await sqlOn(
        `update ${schema}.job set state = 'created', retry_count = 0, started_on = null, completed_on = null,
           retry_limit = (select q.retry_limit from ${schema}.queue q where q.name = job.name), start_after = now()
         where id = $1::uuid and state = 'failed' and data->>'o' = $2 returning id`,
        [target.jobId, target.organizationId],
      );
      return rows.length > 0;
    },
    async countJobs() {
      const { rows } = await sqlOn(
        `select count(*) filter (where state in ('created', 'retry', 'active')) as pending,
                count(*) filter (where state = 'failed') as dead from ${schema}.job`,
      );
      const row = (rows as Record<string, unknown>[])[0] ?? {};
      return { pending: Number(row.pending ?? 0), dead: Number(row.dead ?? 0) };
    },
  };

  return {
    queue,
    worker,
    deadLetters,
    async start() {
      await boss.start();
      for (const def of registry.all()) {
        const policy = def.retry ?? defaultRetryPolicy;
        await boss.createQueue(def.name, {
          name: def.name,
          policy: 'stately',
          retryLimit: policy.maxAttempts - 1,
          retryDelay: 0,
          retryBackoff: false,
          expireInSeconds: leaseSeconds,
        });
      }
    },
    async close() {
      if (loop) await worker.stop();
      await boss.stop({ graceful: false, wait: true });
    },
  };
}
