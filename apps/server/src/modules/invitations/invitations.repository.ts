import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { ActivitiesQuery, InvitationStatus } from '@assay/contracts';
import type { Database, DbOrTrx, DialectHelpers } from '../../db/index.js';
import { escapeLike } from '../candidates/index.js';

export type InvitationRow = Selectable<Database['invitations']>;

/** An invitation with the candidate fields the DTO shows. */
export type InvitationListRow = InvitationRow & {
  candidate_name: string;
  candidate_email: string;
  ats_status: Database['candidates']['ats_status'];
  ats_provider: string | null;
  ats_profile_url: string | null;
};

export async function insertInvitation(db: DbOrTrx, row: Insertable<Database['invitations']>): Promise<void> {
  await db.insertInto('invitations').values(row).execute();
}

function selectWithCandidate(db: DbOrTrx) {
  return db
    .selectFrom('invitations as i')
    .innerJoin('candidates as c', 'c.id', 'i.candidate_id')
    .selectAll('i')
    .select([
      'c.name as candidate_name',
      'c.email as candidate_email',
      'c.ats_status as ats_status',
      'c.ats_provider as ats_provider',
      'c.ats_profile_url as ats_profile_url',
    ]);
}

export async function findInvitation(
  db: DbOrTrx,
  organizationId: string,
  id: string,
): Promise<InvitationListRow | undefined> {
  return selectWithCandidate(db)
    .where('i.organization_id', '=', organizationId)
    .where('i.id', '=', id)
    .executeTakeFirst();
}

export async function findInvitationById(db: DbOrTrx, id: string): Promise<InvitationListRow | undefined> {
  return selectWithCandidate(db).where('i.id', '=', id).executeTakeFirst();
}

export async function findInvitationByTokenHash(
  db: DbOrTrx,
  tokenHash: string,
): Promise<InvitationListRow | undefined> {
  return selectWithCandidate(db).where('i.token_hash', '=', tokenHash).executeTakeFirst();
}

export async function findInvitationsOfCandidate(
  db: DbOrTrx,
  organizationId: string,
  candidateId: string,
): Promise<InvitationListRow[]> {
  return selectWithCandidate(db)
    .where('i.organization_id', '=', organizationId)
    .where('i.candidate_id', '=', candidateId)
    .orderBy('i.created_at', 'desc')
    .orderBy('i.id', 'desc')
    .execute();
}

/** An invitation of this candidate to this test in one of `statuses` (duplicate check). */
export async function findOpenInvitation(
  db: DbOrTrx,
  candidateId: string,
  testId: string,
  statuses: readonly InvitationStatus[],
): Promise<InvitationRow | undefined> {
  return db
    .selectFrom('invitations')
    .selectAll()
    .where('candidate_id', '=', candidateId)
    .where('test_id', '=', testId)
    .where('status', 'in', statuses)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
}

/**
 * Update if the invitation is still in one of `fromStatuses` (optimistic: a concurrent change
 * wins). Returns false when nothing was updated.
 */
export async function updateInvitationIf(
  db: DbOrTrx,
  id: string,
  fromStatuses: readonly InvitationStatus[],
  changes: Updateable<Database['invitations']>,
): Promise<boolean> {
  const result = await db
    .updateTable('invitations')
    .set(changes)
    .where('id', '=', id)
    .where('status', 'in', fromStatuses)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Store a link token hash and `sent_at` once (the send job may run twice). */
export async function markInvitationSent(
  db: DbOrTrx,
  id: string,
  tokenHash: string,
  at: string,
): Promise<boolean> {
  const result = await db
    .updateTable('invitations')
    .set({ token_hash: tokenHash, sent_at: at, updated_at: at })
    .where('id', '=', id)
    .where('sent_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Pending invitations whose validity ran out. */
export async function findPastDue(db: DbOrTrx, now: string, limit: number): Promise<InvitationRow[]> {
  return db
    .selectFrom('invitations')
    .selectAll()
    .where('status', 'in', ['invited', 'opened'])
    .where('expires_at', '<=', now)
    .limit(limit)
    .execute();
}

/** Sent, pending invitations expiring before `until` that have had no reminder. */
export async function findDueForReminder(
  db: DbOrTrx,
  now: string,
  until: string,
  limit: number,
): Promise<InvitationRow[]> {
  return db
    .selectFrom('invitations')
    .selectAll()
    .where('status', 'in', ['invited', 'opened'])
    .where('sent_at', 'is not', null)
    .where('reminder_sent_at', 'is', null)
    .where('expires_at', '>', now)
    .where('expires_at', '<=', until)
    .limit(limit)
    .execute();
}

/** Claim the single reminder (false when another sweep already did). */
export async function claimReminder(db: DbOrTrx, id: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('invitations')
    .set({ reminder_sent_at: at, updated_at: at })
    .where('id', '=', id)
    .where('reminder_sent_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export type ActivitiesFilter = Pick<
  ActivitiesQuery,
  'status' | 'testId' | 'from' | 'to' | 'q' | 'sort' | 'order'
>;

/** The Activities page: a page of invitations with their candidate, and the total matching. */
export async function listActivities(
  db: DbOrTrx,
  dialect: Pick<DialectHelpers, 'ilike'>,
  organizationId: string,
  filter: ActivitiesFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: InvitationListRow[]; total: number }> {
  let query = selectWithCandidate(db).where('i.organization_id', '=', organizationId);
  if (filter.status && filter.status.length > 0) query = query.where('i.status', 'in', filter.status);
  if (filter.testId) query = query.where('i.test_id', '=', filter.testId);
  // Timestamps are ISO-8601 UTC text: normalize the bounds the same way so text order is time order.
  if (filter.from) query = query.where('i.created_at', '>=', new Date(filter.from).toISOString());
  if (filter.to) query = query.where('i.created_at', '<', new Date(filter.to).toISOString());
  if (filter.q) {
    const pattern = `%${escapeLike(filter.q)}%`;
    query = query.where((eb) => eb.or([dialect.ilike('c.name', pattern), dialect.ilike('c.email', pattern)]));
  }
  const countRow = await query
    .clearSelect()
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirst();
  const dir = filter.order;
  let sorted = query;
  switch (filter.sort) {
    case 'status':
      sorted = sorted.orderBy('i.status', dir);
      break;
    case 'score':
      // Ungraded last in both directions, on both dialects.
      sorted = sorted.orderBy(sql`case when i.score is null then 1 else 0 end`).orderBy('i.score', dir);
      break;
    case 'name':
      sorted = sorted.orderBy('c.name', dir);
      break;
    case 'created':
      break;
  }
  const rows = await sorted
    .orderBy('i.created_at', dir)
    .orderBy('i.id', dir)
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { rows, total: Number(countRow?.n ?? 0) };
}
