import type { Selectable } from 'kysely';
import type { DbOrTrx } from '../../db/index.js';
import type { GradingsTable } from '../../db/schema/gradings.table.js';

export type GradingRow = Selectable<GradingsTable>;

/** Statuses a grading run may still finish from (`failed`: a dead job an admin retried). */
const OPEN_STATUSES = ['pending', 'running', 'failed'] as const;

export async function insertGrading(db: DbOrTrx, row: GradingRow): Promise<void> {
  await db.insertInto('gradings').values(row).execute();
}

/** The highest grading number of an attempt (0 when none). */
export async function maxGradingNumber(db: DbOrTrx, attemptId: string): Promise<number> {
  const row = await db
    .selectFrom('gradings')
    .select((eb) => eb.fn.max<number | string | null>('number').as('n'))
    .where('attempt_id', '=', attemptId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function findGrading(db: DbOrTrx, id: string): Promise<GradingRow | undefined> {
  return db.selectFrom('gradings').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function latestGradingOfAttempt(
  db: DbOrTrx,
  attemptId: string,
): Promise<GradingRow | undefined> {
  return db
    .selectFrom('gradings')
    .selectAll()
    .where('attempt_id', '=', attemptId)
    .orderBy('number', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The newest graded grading of an attempt (a re-grade in progress keeps showing the previous one). */
export async function latestGradedOfAttempt(db: DbOrTrx, attemptId: string): Promise<GradingRow | undefined> {
  return db
    .selectFrom('gradings')
    .selectAll()
    .where('attempt_id', '=', attemptId)
    .where('status', '=', 'graded')
    .orderBy('number', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function latestGradingOfInvitation(
  db: DbOrTrx,
  invitationId: string,
): Promise<GradingRow | undefined> {
  return db
    .selectFrom('gradings')
    .selectAll()
    .where('invitation_id', '=', invitationId)
    .orderBy('number', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Every grading of an invitation, newest first. */
export async function listGradingsOfInvitation(db: DbOrTrx, invitationId: string): Promise<GradingRow[]> {
  return db
    .selectFrom('gradings')
    .selectAll()
    .where('invitation_id', '=', invitationId)
    .orderBy('number', 'desc')
    .execute();
}

/** `running` (clears an earlier error); 0 when the grading already finished as graded. */
export async function markGradingRunning(db: DbOrTrx, id: string): Promise<number> {
  const result = await db
    .updateTable('gradings')
    .set({ status: 'running', error: null })
    .where('id', '=', id)
    .where('status', 'in', OPEN_STATUSES)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Store a result; fenced on the grading still being open, so a duplicate run writes nothing (0). */
export async function finishGraded(
  db: DbOrTrx,
  id: string,
  values: { score: number; result: string; log: string; finishedAt: string },
): Promise<number> {
  const result = await db
    .updateTable('gradings')
    .set({
      status: 'graded',
      score: values.score,
      result: values.result,
      log: values.log,
      error: null,
      finished_at: values.finishedAt,
    })
    .where('id', '=', id)
    .where('status', 'in', OPEN_STATUSES)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Give up: `failed` with the error and no score; 0 when it already finished. */
export async function finishFailed(
  db: DbOrTrx,
  id: string,
  values: { error: string; log: string; finishedAt: string },
): Promise<number> {
  const result = await db
    .updateTable('gradings')
    .set({
      status: 'failed',
      score: null,
      result: null,
      error: values.error,
      log: values.log,
      finished_at: values.finishedAt,
    })
    .where('id', '=', id)
    .where('status', 'in', ['pending', 'running'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * An attempt as grading reads it (the default `attempts` port until the attempts module wires its
 * own): its organization, invitation, pinned test version, frozen and initial commits, language.
 */
export async function findAttemptForGrading(db: DbOrTrx, attemptId: string) {
  return db
    .selectFrom('attempts')
    .select([
      'id',
      'organization_id',
      'invitation_id',
      'test_version_id',
      'submitted_commit',
      'initial_commit',
      'language',
    ])
    .where('id', '=', attemptId)
    .executeTakeFirst();
}

/**
 * The newest version of the challenge `challengeVersionId` belongs to (re-grades use it, so a fixed
 * hidden test applies): read-only use of the challenges module's tables.
 */
export async function findLatestChallengeVersion(db: DbOrTrx, challengeVersionId: string) {
  return db
    .selectFrom('challenge_versions as pinned')
    .innerJoin('challenges', 'challenges.id', 'pinned.challenge_id')
    .innerJoin('challenge_versions as latest', 'latest.id', 'challenges.latest_version_id')
    .select(['latest.id', 'latest.manifest', 'latest.files_path', 'challenges.slug'])
    .where('pinned.id', '=', challengeVersionId)
    .executeTakeFirst();
}

/** Reviewer overrides of an invitation's criteria (the reports module's table, read-only here). */
export async function listOverrides(db: DbOrTrx, invitationId: string) {
  return db
    .selectFrom('report_overrides')
    .select(['criterion_id', 'points'])
    .where('invitation_id', '=', invitationId)
    .execute();
}
