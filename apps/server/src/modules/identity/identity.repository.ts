import type { DbOrTrx } from '../../db/index.js';
import type { Database } from '../../db/schema/index.js';
import type { Insertable, Selectable } from 'kysely';

export type UserRow = Selectable<Database['users']>;
export type SessionRow = Selectable<Database['sessions']>;
export type PasswordResetTokenRow = Selectable<Database['password_reset_tokens']>;

/** Insert a user (email already lowercase). */
export async function insertUser(db: DbOrTrx, row: Insertable<Database['users']>): Promise<void> {
  await db.insertInto('users').values(row).execute();
}

export async function findUserById(db: DbOrTrx, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** `email` must be lowercase. */
export async function findUserByEmail(db: DbOrTrx, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

export async function updateUser(
  db: DbOrTrx,
  id: string,
  changes: Partial<Pick<UserRow, 'email' | 'name' | 'password_hash' | 'disabled_at' | 'updated_at'>>,
): Promise<void> {
  await db.updateTable('users').set(changes).where('id', '=', id).execute();
}

export async function insertSession(db: DbOrTrx, row: Insertable<Database['sessions']>): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

/** The session with its user, only when the user is not disabled. */
export async function findActiveSession(
  db: DbOrTrx,
  id: string,
): Promise<(SessionRow & { email: string; name: string }) | undefined> {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('sessions')
    .select(['users.email', 'users.name'])
    .where('sessions.id', '=', id)
    .where('users.disabled_at', 'is', null)
    .executeTakeFirst();
}

export async function touchSession(db: DbOrTrx, id: string, lastSeenAt: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: lastSeenAt }).where('id', '=', id).execute();
}

export async function updateSessionOrganization(
  db: DbOrTrx,
  id: string,
  organizationId: string | null,
): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ current_organization_id: organizationId })
    .where('id', '=', id)
    .execute();
}

/** Sessions of a user working in an organization they just left get no current organization. */
export async function clearSessionsOrganization(
  db: DbOrTrx,
  userId: string,
  organizationId: string,
): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ current_organization_id: null })
    .where('user_id', '=', userId)
    .where('current_organization_id', '=', organizationId)
    .execute();
}

export async function deleteSession(db: DbOrTrx, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

/** Delete every session of a user except `keepId`. */
export async function deleteUserSessions(db: DbOrTrx, userId: string, keepId?: string): Promise<void> {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepId !== undefined) query = query.where('id', '!=', keepId);
  await query.execute();
}

export async function insertPasswordResetToken(
  db: DbOrTrx,
  row: Insertable<Database['password_reset_tokens']>,
): Promise<void> {
  await db.insertInto('password_reset_tokens').values(row).execute();
}

export async function findPasswordResetTokenByHash(
  db: DbOrTrx,
  tokenHash: string,
): Promise<PasswordResetTokenRow | undefined> {
  return db
    .selectFrom('password_reset_tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/** Mark a token used; returns false when it was already used (single use under concurrency). */
export async function markPasswordResetTokenUsed(db: DbOrTrx, id: string, usedAt: string): Promise<boolean> {
  const result = await db
    .updateTable('password_reset_tokens')
    .set({ used_at: usedAt })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Record a password attempt (as failed until marked otherwise). */
export async function insertLoginAttempt(
  db: DbOrTrx,
  row: Insertable<Database['login_attempts']>,
): Promise<void> {
  await db.insertInto('login_attempts').values(row).execute();
}

export async function markLoginAttemptSucceeded(db: DbOrTrx, id: string): Promise<void> {
  await db.updateTable('login_attempts').set({ succeeded: 1 }).where('id', '=', id).execute();
}

export async function deleteLoginAttempt(db: DbOrTrx, id: string): Promise<void> {
  await db.deleteFrom('login_attempts').where('id', '=', id).execute();
}

/** Failed attempts in a bucket since `since` (ISO). */
export async function countFailedAttempts(db: DbOrTrx, bucket: string, since: string): Promise<number> {
  const row = await db
    .selectFrom('login_attempts')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('bucket', '=', bucket)
    .where('succeeded', '=', 0)
    .where('attempted_at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Forget attempts older than the window (they no longer count). */
export async function deleteAttemptsBefore(db: DbOrTrx, bucket: string, before: string): Promise<void> {
  await db
    .deleteFrom('login_attempts')
    .where('bucket', '=', bucket)
    .where('attempted_at', '<=', before)
    .execute();
}
