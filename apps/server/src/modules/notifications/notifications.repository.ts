import type { DbOrTrx } from '../../db/index.js';
import type { NotificationPreferencesTable } from '../../db/schema/notification-preferences.table.js';

/**
 * Queries on `notification_preferences`, plus read-only lookups of the invitation, its
 * candidate, the organization's branding and the inviter's membership (as the webhooks
 * module reads its recipients): notifications are a reader of those tables, never a writer.
 */

export function findPreferences(
  db: DbOrTrx,
  userId: string,
  organizationId: string,
): Promise<NotificationPreferencesTable | undefined> {
  return db
    .selectFrom('notification_preferences')
    .selectAll()
    .where('user_id', '=', userId)
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
}

/** Insert or replace the member's row (one per user and organization). */
export async function upsertPreferences(db: DbOrTrx, row: NotificationPreferencesTable): Promise<void> {
  await db
    .insertInto('notification_preferences')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['user_id', 'organization_id']).doUpdateSet({
        candidate_submitted: row.candidate_submitted,
        grading_finished: row.grading_finished,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}

/** What a notice about one invitation needs: names, score, inviter and the organization's branding. */
export function findInvitationForNotice(db: DbOrTrx, invitationId: string) {
  return db
    .selectFrom('invitations as i')
    .innerJoin('candidates as c', 'c.id', 'i.candidate_id')
    .innerJoin('organizations as o', 'o.id', 'i.organization_id')
    .select([
      'i.id',
      'i.organization_id',
      'i.test_name',
      'i.score',
      'i.invited_by_user_id',
      'c.name as candidate_name',
      'o.name as organization_name',
      'o.logo_url',
      'o.accent_color',
    ])
    .where('i.id', '=', invitationId)
    .executeTakeFirst();
}

/**
 * The inviter as a current, enabled member of the organization, with their preferences
 * (null columns: no row, the defaults apply). Undefined when they left or were disabled.
 */
export function findMemberRecipient(db: DbOrTrx, organizationId: string, userId: string) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .leftJoin('notification_preferences as p', (join) =>
      join.onRef('p.user_id', '=', 'm.user_id').onRef('p.organization_id', '=', 'm.organization_id'),
    )
    .select(['u.email', 'u.name', 'p.candidate_submitted', 'p.grading_finished'])
    .where('m.organization_id', '=', organizationId)
    .where('m.user_id', '=', userId)
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst();
}
