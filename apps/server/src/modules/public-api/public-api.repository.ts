import type { DbOrTrx } from '../../db/index.js';
import type { ApiIdempotencyKeysTable } from '../../db/schema/api-idempotency-keys.table.js';

/**
 * Read-only: the invitation as the webhook events describe it, read in the transaction
 * that changed it (the invitations module's own reads run outside it). The public API
 * never writes the invitations table; it owns `api_idempotency_keys` (below).
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

/** Insert an in-flight idempotency key; false when the token already has this key. */
export async function insertIdempotencyKeyIfAbsent(
  db: DbOrTrx,
  row: ApiIdempotencyKeysTable,
): Promise<boolean> {
  const result = await db
    .insertInto('api_idempotency_keys')
    .values(row)
    .onConflict((oc) => oc.columns(['token_id', 'idempotency_key']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export function findIdempotencyKey(
  db: DbOrTrx,
  tokenId: string,
  key: string,
): Promise<ApiIdempotencyKeysTable | undefined> {
  return db
    .selectFrom('api_idempotency_keys')
    .selectAll()
    .where('token_id', '=', tokenId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
}

/** Delete one key row if it is still the one we saw (`created_at` fences a concurrent takeover). */
export async function deleteIdempotencyKey(db: DbOrTrx, id: string, createdAt: string): Promise<void> {
  await db
    .deleteFrom('api_idempotency_keys')
    .where('id', '=', id)
    .where('created_at', '=', createdAt)
    .execute();
}

export async function completeIdempotencyKey(
  db: DbOrTrx,
  id: string,
  response: { status: number; body: string },
): Promise<void> {
  await db
    .updateTable('api_idempotency_keys')
    .set({ status: 'done', response_status: response.status, response_body: response.body })
    .where('id', '=', id)
    .execute();
}
