import type { DbOrTrx } from '../../db/index.js';

/**
 * Read-only: the invitation as the webhook events describe it, read in the transaction
 * that changed it (the invitations module's own reads run outside it). The public API
 * never writes these tables.
 */
export function findInvitationForEvent(db: DbOrTrx, invitationId: string) {
  return db
    .selectFrom('invitations')
    .select([
      'id',
      'organization_id',
      'candidate_id',
      'test_id',
      'test_name',
      'test_version_id',
      'status',
      'score',
      'created_at',
      'started_at',
      'submitted_at',
      'graded_at',
      'cancelled_at',
      'expired_at',
      'expires_at',
    ])
    .where('id', '=', invitationId)
    .executeTakeFirst();
}

export type InvitationEventRow = NonNullable<Awaited<ReturnType<typeof findInvitationForEvent>>>;
