import type { Insertable, Selectable } from 'kysely';
import type { DbOrTrx } from '../../db/index.js';
import type { Database } from '../../db/schema/index.js';

export type OrganizationRow = Selectable<Database['organizations']>;
export type MembershipRow = Selectable<Database['memberships']>;
export type MemberInvitationRow = Selectable<Database['member_invitations']>;
export type MemberRow = MembershipRow & { email: string; name: string };

export async function insertOrganization(
  db: DbOrTrx,
  row: Insertable<Database['organizations']>,
): Promise<void> {
  await db.insertInto('organizations').values(row).execute();
}

export async function findOrganizationById(db: DbOrTrx, id: string): Promise<OrganizationRow | undefined> {
  return db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findOrganizationBySlug(
  db: DbOrTrx,
  slug: string,
): Promise<OrganizationRow | undefined> {
  return db.selectFrom('organizations').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function hasAnyOrganization(db: DbOrTrx): Promise<boolean> {
  const row = await db.selectFrom('organizations').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}

export async function updateOrganization(
  db: DbOrTrx,
  id: string,
  changes: Partial<
    Pick<
      OrganizationRow,
      'name' | 'slug' | 'logo_url' | 'accent_color' | 'candidate_retention_days' | 'updated_at'
    >
  >,
): Promise<void> {
  await db.updateTable('organizations').set(changes).where('id', '=', id).execute();
}

/**
 * Claim first-run setup: a row in `instance_settings` with a fixed key, so two
 * concurrent setups cannot both succeed (the second hits the primary key).
 */
export async function insertSetupMarker(db: DbOrTrx, at: string): Promise<void> {
  await db
    .insertInto('instance_settings')
    .values({ key: 'setup.completed_at', value: JSON.stringify(at), updated_at: at })
    .execute();
}

export async function insertMembership(db: DbOrTrx, row: Insertable<Database['memberships']>): Promise<void> {
  await db.insertInto('memberships').values(row).execute();
}

/** A user's memberships with organization names, oldest first. */
export async function findMembershipsOfUser(
  db: DbOrTrx,
  userId: string,
): Promise<(MembershipRow & { organization_name: string; organization_slug: string })[]> {
  return db
    .selectFrom('memberships')
    .innerJoin('organizations', 'organizations.id', 'memberships.organization_id')
    .selectAll('memberships')
    .select(['organizations.name as organization_name', 'organizations.slug as organization_slug'])
    .where('memberships.user_id', '=', userId)
    .orderBy('memberships.created_at')
    .orderBy('memberships.id')
    .execute();
}

export async function findMember(
  db: DbOrTrx,
  organizationId: string,
  userId: string,
): Promise<MemberRow | undefined> {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .selectAll('memberships')
    .select(['users.email', 'users.name'])
    .where('memberships.organization_id', '=', organizationId)
    .where('memberships.user_id', '=', userId)
    .executeTakeFirst();
}

export async function findMembers(db: DbOrTrx, organizationId: string): Promise<MemberRow[]> {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .selectAll('memberships')
    .select(['users.email', 'users.name'])
    .where('memberships.organization_id', '=', organizationId)
    .orderBy('memberships.created_at')
    .orderBy('memberships.id')
    .execute();
}

export async function countOwners(db: DbOrTrx, organizationId: string): Promise<number> {
  const row = await db
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('organization_id', '=', organizationId)
    .where('role', '=', 'owner')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function updateMembershipRole(db: DbOrTrx, id: string, role: string): Promise<void> {
  await db.updateTable('memberships').set({ role }).where('id', '=', id).execute();
}

export async function deleteMembership(db: DbOrTrx, id: string): Promise<void> {
  await db.deleteFrom('memberships').where('id', '=', id).execute();
}

export async function insertMemberInvitation(
  db: DbOrTrx,
  row: Insertable<Database['member_invitations']>,
): Promise<void> {
  await db.insertInto('member_invitations').values(row).execute();
}

export async function findMemberInvitationByTokenHash(
  db: DbOrTrx,
  tokenHash: string,
): Promise<(MemberInvitationRow & { organization_name: string; organization_slug: string }) | undefined> {
  return db
    .selectFrom('member_invitations')
    .innerJoin('organizations', 'organizations.id', 'member_invitations.organization_id')
    .selectAll('member_invitations')
    .select(['organizations.name as organization_name', 'organizations.slug as organization_slug'])
    .where('member_invitations.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export async function findMemberInvitation(
  db: DbOrTrx,
  organizationId: string,
  id: string,
): Promise<MemberInvitationRow | undefined> {
  return db
    .selectFrom('member_invitations')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Invitations neither accepted, revoked nor expired at `now`. */
export async function findPendingMemberInvitations(
  db: DbOrTrx,
  organizationId: string,
  now: string,
): Promise<MemberInvitationRow[]> {
  return db
    .selectFrom('member_invitations')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .execute();
}

/** Revoke pending invitations of one email in an organization (a new invitation replaces them). */
export async function revokePendingInvitationsFor(
  db: DbOrTrx,
  organizationId: string,
  email: string,
  at: string,
): Promise<void> {
  await db
    .updateTable('member_invitations')
    .set({ revoked_at: at })
    .where('organization_id', '=', organizationId)
    .where('email', '=', email)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function revokeMemberInvitation(db: DbOrTrx, id: string, at: string): Promise<void> {
  await db
    .updateTable('member_invitations')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Mark accepted; false when it was accepted or revoked meanwhile (single use). */
export async function markMemberInvitationAccepted(db: DbOrTrx, id: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('member_invitations')
    .set({ accepted_at: at })
    .where('id', '=', id)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/**
 * The organization's branding and the emails of its active owners and admins: who hears of
 * failures other modules report (dead webhook and ATS deliveries), in the caller's transaction.
 */
export async function findAdminRecipients(db: DbOrTrx, organizationId: string) {
  const org = await db
    .selectFrom('organizations')
    .select(['name', 'logo_url', 'accent_color'])
    .where('id', '=', organizationId)
    .executeTakeFirst();
  const admins = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select('u.email')
    .where('m.organization_id', '=', organizationId)
    .where('m.role', 'in', ['owner', 'admin'])
    .where('u.disabled_at', 'is', null)
    .execute();
  return { org, emails: admins.map((a) => a.email) };
}
