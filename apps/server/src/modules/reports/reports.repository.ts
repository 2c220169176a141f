import type { Selectable } from 'kysely';
import type { Database, DbOrTrx } from '../../db/index.js';
import type {
  ReportNotesTable,
  ReportOverridesTable,
  ReportShareLinksTable,
} from '../../db/schema/gradings.table.js';

/**
 * All queries of the reports module. Reports own `report_notes`, `report_overrides` and
 * `report_share_links`. A report is a read model: this file also READS (never writes) the tables
 * of other modules — `invitations`, `candidates`, `organizations`, `users`, `attempts`,
 * `attempt_events` and `gradings` — to assemble it in a few queries. Writes to those go through
 * their modules (scores: `invitations.updateScore`; re-grades: the grading service).
 */

export type ReportInvitationRow = Selectable<Database['invitations']> & {
  candidate_name: string;
  candidate_email: string;
  organization_name: string;
};
export type ReportAttemptRow = Selectable<Database['attempts']>;
export type ReportGradingRow = Selectable<Database['gradings']>;
export type ReportEventRow = Selectable<Database['attempt_events']>;
export type NoteRow = ReportNotesTable & { user_name: string | null };
export type OverrideRow = ReportOverridesTable & { user_name: string | null };

export function findReportInvitation(
  db: DbOrTrx,
  organizationId: string,
  invitationId: string,
): Promise<ReportInvitationRow | undefined> {
  return db
    .selectFrom('invitations as i')
    .innerJoin('candidates as c', 'c.id', 'i.candidate_id')
    .innerJoin('organizations as o', 'o.id', 'i.organization_id')
    .selectAll('i')
    .select(['c.name as candidate_name', 'c.email as candidate_email', 'o.name as organization_name'])
    .where('i.organization_id', '=', organizationId)
    .where('i.id', '=', invitationId)
    .executeTakeFirst();
}

/** The organization (among `organizationIds`) that holds the invitation. */
export async function findInvitationOrganization(
  db: DbOrTrx,
  invitationId: string,
  organizationIds: readonly string[],
): Promise<string | undefined> {
  if (organizationIds.length === 0) return undefined;
  const row = await db
    .selectFrom('invitations')
    .select('organization_id')
    .where('id', '=', invitationId)
    .where('organization_id', 'in', organizationIds)
    .executeTakeFirst();
  return row?.organization_id;
}

export function findAttempt(db: DbOrTrx, invitationId: string): Promise<ReportAttemptRow | undefined> {
  return db
    .selectFrom('attempts')
    .selectAll()
    .where('invitation_id', '=', invitationId)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
}

/** Every grading run of the invitation, first to last. */
export function listGradings(db: DbOrTrx, invitationId: string): Promise<ReportGradingRow[]> {
  return db
    .selectFrom('gradings')
    .selectAll()
    .where('invitation_id', '=', invitationId)
    .orderBy('number', 'asc')
    .execute();
}

export function listAttemptEvents(db: DbOrTrx, attemptId: string): Promise<ReportEventRow[]> {
  return db
    .selectFrom('attempt_events')
    .selectAll()
    .where('attempt_id', '=', attemptId)
    .orderBy('at', 'asc')
    .orderBy('id', 'asc')
    .execute();
}

export function listNotes(db: DbOrTrx, invitationId: string): Promise<NoteRow[]> {
  return db
    .selectFrom('report_notes as n')
    .leftJoin('users as u', 'u.id', 'n.user_id')
    .selectAll('n')
    .select('u.name as user_name')
    .where('n.invitation_id', '=', invitationId)
    .orderBy('n.created_at', 'asc')
    .orderBy('n.id', 'asc')
    .execute();
}

export function findNote(db: DbOrTrx, id: string): Promise<NoteRow | undefined> {
  return db
    .selectFrom('report_notes as n')
    .leftJoin('users as u', 'u.id', 'n.user_id')
    .selectAll('n')
    .select('u.name as user_name')
    .where('n.id', '=', id)
    .executeTakeFirst();
}

export async function insertNote(db: DbOrTrx, row: ReportNotesTable): Promise<void> {
  await db.insertInto('report_notes').values(row).execute();
}

export function listOverrides(db: DbOrTrx, invitationId: string): Promise<OverrideRow[]> {
  return db
    .selectFrom('report_overrides as r')
    .leftJoin('users as u', 'u.id', 'r.user_id')
    .selectAll('r')
    .select('u.name as user_name')
    .where('r.invitation_id', '=', invitationId)
    .orderBy('r.created_at', 'asc')
    .execute();
}

/** Set (insert or replace) a criterion's override. */
export async function upsertOverride(db: DbOrTrx, row: ReportOverridesTable): Promise<void> {
  await db
    .insertInto('report_overrides')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['invitation_id', 'criterion_id']).doUpdateSet({
        points: row.points,
        reason: row.reason,
        user_id: row.user_id,
        created_at: row.created_at,
      }),
    )
    .execute();
}

export async function deleteOverride(db: DbOrTrx, invitationId: string, criterionId: string): Promise<void> {
  await db
    .deleteFrom('report_overrides')
    .where('invitation_id', '=', invitationId)
    .where('criterion_id', '=', criterionId)
    .execute();
}

export function listShareLinks(db: DbOrTrx, invitationId: string): Promise<ReportShareLinksTable[]> {
  return db
    .selectFrom('report_share_links')
    .selectAll()
    .where('invitation_id', '=', invitationId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export async function insertShareLink(db: DbOrTrx, row: ReportShareLinksTable): Promise<void> {
  await db.insertInto('report_share_links').values(row).execute();
}

export function findShareLink(
  db: DbOrTrx,
  organizationId: string,
  invitationId: string,
  id: string,
): Promise<ReportShareLinksTable | undefined> {
  return db
    .selectFrom('report_share_links')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('invitation_id', '=', invitationId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export function findShareLinkByHash(
  db: DbOrTrx,
  tokenHash: string,
): Promise<ReportShareLinksTable | undefined> {
  return db
    .selectFrom('report_share_links')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/** Revoke once (false when already revoked). */
export async function revokeShareLink(db: DbOrTrx, id: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('report_share_links')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * The scores of every graded invitation on a test version (the reviewed score, after overrides),
 * plus the anonymous scores erased candidates left.
 */
export async function gradedScores(
  db: DbOrTrx,
  organizationId: string,
  testVersionId: string,
): Promise<number[]> {
  const rows = await db
    .selectFrom('invitations')
    .select('score')
    .where('organization_id', '=', organizationId)
    .where('test_version_id', '=', testVersionId)
    .where('status', '=', 'graded')
    .where('score', 'is not', null)
    .execute();
  // Erased candidates leave their score behind as an anonymous number (data-rights module).
  const anonymous = await db
    .selectFrom('anonymous_scores')
    .select('score')
    .where('organization_id', '=', organizationId)
    .where('test_version_id', '=', testVersionId)
    .execute();
  return [...rows, ...anonymous].map((r) => Number(r.score));
}
