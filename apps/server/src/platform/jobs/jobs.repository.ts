import { sql, type ExpressionBuilder } from 'kysely';
import type { Database, DbOrTrx } from '../../db/index.js';
import type { JobsTable } from '../../db/schema/jobs.table.js';

export type JobRow = JobsTable;

/** Insert a pending job; a pending/running job with the same name + dedupe key makes this a no-op. */
export async function insertJob(db: DbOrTrx, row: JobRow): Promise<void> {
  await db
    .insertInto('jobs')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .execute();
}

const claimable = (now: string) => (eb: ExpressionBuilder<Database, 'jobs'>) =>
  eb.or([
    eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', now)]),
    // A running job whose lease ran out: its worker died or stalled.
    eb.and([eb('status', '=', 'running'), eb('lease_until', '<', now)]),
  ]);

/**
 * Claim the next due job with a lease: one UPDATE … WHERE id = (SELECT …) RETURNING,
 * re-checking the claim condition so two workers never claim the same attempt.
 * Run it in a write transaction (BEGIN IMMEDIATE on SQLite).
 */
export async function claimNextJob(
  db: DbOrTrx,
  claim: { now: string; leaseUntil: string; workerId: string; names: readonly string[] },
): Promise<JobRow | undefined> {
  if (claim.names.length === 0) return undefined;
  return db
    .updateTable('jobs')
    .set({
      status: 'running',
      attempt: sql<number>`attempt + 1`,
      lease_until: claim.leaseUntil,
      locked_by: claim.workerId,
      updated_at: claim.now,
    })
    .where('id', '=', (eb) =>
      eb
        .selectFrom('jobs')
        .select('id')
        .where(claimable(claim.now))
        .where('name', 'in', claim.names)
        .orderBy('run_at')
        .orderBy('id')
        .limit(1),
    )
    .where(claimable(claim.now))
    .returningAll()
    .executeTakeFirst();
}

/** The fence: only the worker holding this attempt's lease may change the row. */
interface Fence {
  id: string;
  attempt: number;
}

/** Extend the lease. Returns false when the lease was lost (another worker re-claimed the job). */
export async function renewJobLease(
  db: DbOrTrx,
  fence: Fence,
  leaseUntil: string,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ lease_until: leaseUntil, updated_at: now })
    .where('id', '=', fence.id)
    .where('attempt', '=', fence.attempt)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Finish an attempt: done, pending again (retry) or dead. Fenced on `attempt`, so a
 * stale worker updates 0 rows. Returns the number of rows updated (0 or 1).
 */
/** Running jobs whose worker id starts with `prefix` (e.g. this host's `hostname:`). */
export async function findRunningJobsLockedBy(
  db: DbOrTrx,
  prefix: string,
): Promise<Pick<JobRow, 'id' | 'attempt' | 'locked_by'>[]> {
  // LIKE without escaping may over-match (`_` is a wildcard); the exact prefix check follows.
  const rows = await db
    .selectFrom('jobs')
    .select(['id', 'attempt', 'locked_by'])
    .where('status', '=', 'running')
    .where('locked_by', 'like', `${prefix}%`)
    .execute();
  return rows.filter((r) => r.locked_by?.startsWith(prefix));
}

/** End a lease now (its worker is gone), fenced on the attempt: the next claim takes the job. */
export async function expireJobLease(
  db: DbOrTrx,
  fence: { id: string; attempt: number },
  now: string,
): Promise<number> {
  const result = await db
    .updateTable('jobs')
    .set({ lease_until: now, updated_at: now })
    .where('id', '=', fence.id)
    .where('attempt', '=', fence.attempt)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function finishJobAttempt(
  db: DbOrTrx,
  fence: Fence,
  outcome:
    | { status: 'done'; now: string }
    | { status: 'pending'; runAt: string; error: string | null; now: string }
    | { status: 'dead'; error: string; now: string },
): Promise<number> {
  const result = await db
    .updateTable('jobs')
    .set({
      status: outcome.status,
      lease_until: null,
      locked_by: null,
      updated_at: outcome.now,
      ...(outcome.status === 'pending' ? { run_at: outcome.runAt, last_error: outcome.error } : {}),
      ...(outcome.status === 'dead' ? { last_error: outcome.error } : {}),
    })
    .where('id', '=', fence.id)
    .where('attempt', '=', fence.attempt)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Dead jobs of one organization, most recent first. */
export async function findDeadJobs(
  db: DbOrTrx,
  filter: { organizationId: string; limit: number },
): Promise<JobRow[]> {
  return db
    .selectFrom('jobs')
    .selectAll()
    .where('status', '=', 'dead')
    .where('organization_id', '=', filter.organizationId)
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit)
    .execute();
}

/** Put one organization's dead job back in the queue with a fresh attempt budget. Returns rows updated. */
export async function requeueDeadJob(
  db: DbOrTrx,
  target: { organizationId: string; jobId: string; now: string },
): Promise<number> {
  const result = await db
    .updateTable('jobs')
    .set({ status: 'pending', attempt: 0, run_at: target.now, updated_at: target.now })
    .where('id', '=', target.jobId)
    .where('organization_id', '=', target.organizationId)
    .where('status', '=', 'dead')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Jobs waiting or running, and dead jobs (metrics, health). */
export async function countJobsByStatus(
  db: DbOrTrx,
): Promise<{ pending: number; running: number; dead: number }> {
  const rows = await db
    .selectFrom('jobs')
    .select(['status', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('status', 'in', ['pending', 'running', 'dead'])
    .groupBy('status')
    .execute();
  const count = (s: string) => Number(rows.find((r) => r.status === s)?.n ?? 0);
  return { pending: count('pending'), running: count('running'), dead: count('dead') };
}
