import type { DbOrTrx } from '../../db/index.js';
import type { ApiTokensTable } from '../../db/schema/api-tokens.table.js';

/** All queries on `api_tokens`. */

export async function insertApiToken(db: DbOrTrx, row: ApiTokensTable): Promise<void> {
  await db.insertInto('api_tokens').values(row).execute();
}

/** The caller's tokens in one organization, newest first (revoked ones included, for the record). */
export function listApiTokens(
  db: DbOrTrx,
  userId: string,
  organizationId: string,
): Promise<ApiTokensTable[]> {
  return db
    .selectFrom('api_tokens')
    .selectAll()
    .where('user_id', '=', userId)
    .where('organization_id', '=', organizationId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** Revoke one of the user's tokens in the organization; false when there is no such live token. */
export async function revokeApiToken(
  db: DbOrTrx,
  target: { id: string; userId: string; organizationId: string },
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('id', '=', target.id)
    .where('user_id', '=', target.userId)
    .where('organization_id', '=', target.organizationId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * A live token by hash, with its owner's current role in the token's organization (null
 * when no longer a member) — revoked tokens and disabled users are filtered out here.
 */
export function findTokenForAuth(db: DbOrTrx, tokenHash: string) {
  return db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .leftJoin('memberships as m', (join) =>
      join.onRef('m.user_id', '=', 't.user_id').onRef('m.organization_id', '=', 't.organization_id'),
    )
    .select([
      't.id',
      't.user_id',
      't.organization_id',
      't.scopes',
      't.expires_at',
      't.last_used_at',
      'u.email',
      'u.name',
      'm.role',
    ])
    .where('t.token_hash', '=', tokenHash)
    .where('t.revoked_at', 'is', null)
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst();
}

export async function touchApiToken(db: DbOrTrx, id: string, now: string): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
}
