import type { Insertable, Selectable } from 'kysely';
import type { AttemptEventKind } from '@assay/contracts';
import type { DbOrTrx } from '../../db/index.js';
import type {
  AttemptDraftsTable,
  AttemptEventsTable,
  AttemptsTable,
} from '../../db/schema/attempts.table.js';
import { newId } from '../../platform/crypto/index.js';

export type AttemptRow = Selectable<AttemptsTable>;
export type DraftRow = Selectable<AttemptDraftsTable>;
export type EventRow = Selectable<AttemptEventsTable>;

export async function findAttempt(db: DbOrTrx, attemptId: string): Promise<AttemptRow | undefined> {
  return db.selectFrom('attempts').selectAll().where('id', '=', attemptId).executeTakeFirst();
}

export async function findAttemptByInvitation(
  db: DbOrTrx,
  invitationId: string,
): Promise<AttemptRow | undefined> {
  return db.selectFrom('attempts').selectAll().where('invitation_id', '=', invitationId).executeTakeFirst();
}

export async function insertAttempt(db: DbOrTrx, row: Insertable<AttemptsTable>): Promise<void> {
  await db.insertInto('attempts').values(row).execute();
}

/** The attempt with the invitation columns its clock and pages need (read live). */
export async function findAttemptWithInvitation(db: DbOrTrx, attemptId: string) {
  return db
    .selectFrom('attempts')
    .innerJoin('invitations', 'invitations.id', 'attempts.invitation_id')
    .innerJoin('candidates', 'candidates.id', 'invitations.candidate_id')
    .selectAll('attempts')
    .select([
      'invitations.status as invitation_status',
      'invitations.time_limit_minutes',
      'invitations.extra_time_minutes',
      'invitations.time_extension_minutes',
      'invitations.test_kind',
      'invitations.test_name',
      'candidates.name as candidate_name',
      'candidates.email as candidate_email',
    ])
    .where('attempts.id', '=', attemptId)
    .executeTakeFirst();
}
export type AttemptContext = NonNullable<Awaited<ReturnType<typeof findAttemptWithInvitation>>>;

export async function insertSession(
  db: DbOrTrx,
  row: { token_hash: string; attempt_id: string; created_at: string; expires_at: string },
): Promise<void> {
  await db.insertInto('attempt_sessions').values(row).execute();
}

/** The attempt a live session cookie (hash) belongs to. */
export async function findSessionAttempt(
  db: DbOrTrx,
  tokenHash: string,
  now: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('attempt_sessions')
    .select('attempt_id')
    .where('token_hash', '=', tokenHash)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row?.attempt_id;
}

export async function listDrafts(db: DbOrTrx, attemptId: string): Promise<DraftRow[]> {
  return db
    .selectFrom('attempt_drafts')
    .selectAll()
    .where('attempt_id', '=', attemptId)
    .orderBy('path')
    .execute();
}

export async function upsertDraft(db: DbOrTrx, row: DraftRow): Promise<void> {
  await db
    .insertInto('attempt_drafts')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['attempt_id', 'path']).doUpdateSet({
        content: row.content,
        deleted: row.deleted,
        base_commit: row.base_commit,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}

export async function deleteDraft(db: DbOrTrx, attemptId: string, path: string): Promise<void> {
  await db
    .deleteFrom('attempt_drafts')
    .where('attempt_id', '=', attemptId)
    .where('path', '=', path)
    .execute();
}

/** Delete a draft only if it still holds what was committed (a save in between stays). */
export async function deleteCommittedDraft(db: DbOrTrx, draft: DraftRow): Promise<void> {
  let query = db
    .deleteFrom('attempt_drafts')
    .where('attempt_id', '=', draft.attempt_id)
    .where('path', '=', draft.path)
    .where('deleted', '=', draft.deleted);
  query =
    draft.content === null ? query.where('content', 'is', null) : query.where('content', '=', draft.content);
  await query.execute();
}

/** The IDE has seen `head` with the drafts laid over it: every draft is now based on it. */
export async function rebaseDrafts(db: DbOrTrx, attemptId: string, head: string): Promise<void> {
  await db
    .updateTable('attempt_drafts')
    .set({ base_commit: head })
    .where('attempt_id', '=', attemptId)
    .execute();
}

export async function countDrafts(db: DbOrTrx, attemptId: string): Promise<number> {
  const row = await db
    .selectFrom('attempt_drafts')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('attempt_id', '=', attemptId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function updateHead(
  db: DbOrTrx,
  attemptId: string,
  head: { commit: string; committedAt: string },
  changes: { last_draft_commit_at?: string; updated_at: string },
): Promise<void> {
  await db
    .updateTable('attempts')
    .set({ head_commit: head.commit, head_committed_at: head.committedAt, ...changes })
    .where('id', '=', attemptId)
    .execute();
}

/** Freeze the submission once: false when another caller already did. */
export async function markSubmitted(
  db: DbOrTrx,
  attemptId: string,
  values: { commit: string; reason: 'candidate' | 'deadline'; at: string },
): Promise<boolean> {
  const result = await db
    .updateTable('attempts')
    .set({
      status: 'submitted',
      submitted_at: values.at,
      submitted_commit: values.commit,
      submit_reason: values.reason,
      updated_at: values.at,
    })
    .where('id', '=', attemptId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertEvent(
  db: DbOrTrx,
  event: {
    attemptId: string;
    organizationId: string;
    kind: AttemptEventKind;
    at: string;
    data?: Record<string, unknown>;
  },
): Promise<void> {
  await db
    .insertInto('attempt_events')
    .values({
      id: newId(),
      attempt_id: event.attemptId,
      organization_id: event.organizationId,
      kind: event.kind,
      at: event.at,
      data: JSON.stringify(event.data ?? {}),
    })
    .execute();
}

export async function listEvents(db: DbOrTrx, attemptId: string): Promise<EventRow[]> {
  return db
    .selectFrom('attempt_events')
    .selectAll()
    .where('attempt_id', '=', attemptId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

/** Active attempts (the boot recovery sweep enqueues their finalize jobs). */
export async function listActiveAttempts(db: DbOrTrx, limit: number) {
  return db
    .selectFrom('attempts')
    .innerJoin('invitations', 'invitations.id', 'attempts.invitation_id')
    .select([
      'attempts.id',
      'attempts.organization_id',
      'attempts.started_at',
      'invitations.time_limit_minutes',
      'invitations.extra_time_minutes',
      'invitations.time_extension_minutes',
    ])
    .where('attempts.status', '=', 'active')
    .orderBy('attempts.started_at')
    .limit(limit)
    .execute();
}
