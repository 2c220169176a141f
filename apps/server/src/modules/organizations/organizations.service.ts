import type {
  AcceptMemberInvitationBody,
  Member,
  MemberInvitation,
  MemberInvitationPreview,
  OrganizationSettings,
  Role,
  SetupBody,
  UpdateOrganizationSettingsBody,
} from '@assay/contracts';
import type { Config } from '../../config/index.js';
import type { Db, DbOrTrx, DialectHelpers } from '../../db/index.js';
import type { Clock } from '../../platform/clock/index.js';
import { hashToken, newId, newSecretToken } from '../../platform/crypto/index.js';
import { PlatformErrors } from '../../platform/errors/index.js';
import { recordAuditEvent } from '../audit/index.js';
import type { AuthContext, IdentityMailPort, IdentityService, StartedSession } from '../identity/index.js';
import { OrganizationErrors } from './organizations.errors.js';
import {
  canChangeRole,
  canInviteAs,
  canRemoveMember,
  leavesNoOwner,
  needsReauthForRoleChange,
} from './organizations.policy.js';
import { presentMember, presentMemberInvitation, presentOrganization } from './organizations.presenter.js';
import * as repo from './organizations.repository.js';

export const MEMBER_INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface OrganizationsDeps {
  db: Db;
  dialect: Pick<DialectHelpers, 'isUniqueViolation'>;
  clock: Clock;
  config: Pick<Config, 'http'>;
  mail: IdentityMailPort;
  identity: Pick<
    IdentityService,
    | 'hashNewPassword'
    | 'insertUser'
    | 'startSession'
    | 'endSessionByCookie'
    | 'findUserByEmail'
    | 'verifyLogin'
    | 'afterMembershipRemoved'
  >;
}

/** The member acting, as the route resolved it with `requireRole`. */
export interface Actor {
  userId: string;
  role: Role;
  /** Password re-confirmed within 10 minutes. */
  recentReauth: boolean;
}

export type OrganizationsService = ReturnType<typeof createOrganizationsService>;

/** Turn a name into a slug candidate (`Demo Company` → `demo-company`). */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return slug.length >= 2 ? slug : `org-${slug || 'x'}`;
}

/**
 * Organizations, members, member invitations and first-run setup.
 * Services own their transactions and throw AppError (organizations.errors.ts).
 */
export function createOrganizationsService(deps: OrganizationsDeps) {
  const { db, clock, identity } = deps;
  const iso = (d: Date): string => d.toISOString();
  const notFound = (what: string) =>
    PlatformErrors.create('resource.not_found', { message: `${what} not found.` });

  async function uniqueSlug(trx: DbOrTrx, name: string): Promise<string> {
    const base = slugify(name);
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? base : `${base}-${n}`;
      if (!(await repo.findOrganizationBySlug(trx, candidate))) return candidate;
    }
  }

  async function insertOrganizationWithOwner(
    trx: DbOrTrx,
    input: { organizationName: string; userId: string },
  ): Promise<{ organizationId: string }> {
    const now = iso(clock.now());
    const organizationId = newId();
    await repo.insertOrganization(trx, {
      id: organizationId,
      name: input.organizationName.trim(),
      slug: await uniqueSlug(trx, input.organizationName),
      logo_url: null,
      accent_color: null,
      created_at: now,
      updated_at: now,
    });
    await repo.insertMembership(trx, {
      id: newId(),
      organization_id: organizationId,
      user_id: input.userId,
      role: 'owner',
      created_at: now,
    });
    return { organizationId };
  }

  async function loadMember(organizationId: string, userId: string): Promise<repo.MemberRow> {
    const member = await repo.findMember(db, organizationId, userId);
    if (!member) throw notFound('Member');
    return member;
  }

  function forbidden(message: string) {
    return PlatformErrors.create('auth.forbidden', { message });
  }

  return {
    /**
     * First-run setup: creates the first organization and its owner and starts a session.
     * Only while no organization exists (concurrent attempts: one wins).
     * @throws organizations.setup_done, identity.password_rejected
     */
    async setup(input: SetupBody): Promise<StartedSession & { organizationId: string; userId: string }> {
      if (await repo.hasAnyOrganization(db)) throw setupDone();
      const passwordHash = await identity.hashNewPassword(input.password);
      try {
        return await db.transaction().execute(async (trx) => {
          if (await repo.hasAnyOrganization(trx)) throw setupDone();
          await repo.insertSetupMarker(trx, iso(clock.now()));
          const user = await identity.insertUser(trx, { email: input.email, name: input.name, passwordHash });
          const { organizationId } = await insertOrganizationWithOwner(trx, {
            organizationName: input.organizationName,
            userId: user.id,
          });
          await recordAuditEvent(trx, {
            organizationId,
            actorUserId: user.id,
            action: 'organizations.setup',
            subjectType: 'organization',
            subjectId: organizationId,
            occurredAt: clock.now(),
          });
          const session = await identity.startSession(trx, user.id, {
            currentOrganizationId: organizationId,
          });
          return { ...session, organizationId, userId: user.id };
        });
      } catch (err) {
        if (deps.dialect.isUniqueViolation(err)) throw setupDone();
        throw err;
      }
    },

    /** Whether first-run setup has happened (any organization exists). */
    isSetupDone: (): Promise<boolean> => repo.hasAnyOrganization(db),

    /** @throws resource.not_found */
    async getSettings(organizationId: string): Promise<OrganizationSettings> {
      const row = await repo.findOrganizationById(db, organizationId);
      if (!row) throw notFound('Organization');
      return presentOrganization(row);
    },

    /**
     * Update name, slug, logo URL, accent color or the candidate retention period.
     * @throws organizations.slug_taken, resource.not_found
     */
    async updateSettings(
      actor: Actor,
      organizationId: string,
      changes: UpdateOrganizationSettingsBody,
    ): Promise<OrganizationSettings> {
      const now = clock.now();
      const slugTaken = () =>
        OrganizationErrors.create('organizations.slug_taken', {
          message: 'Another organization uses this slug.',
        });
      try {
        return await db.transaction().execute(async (trx) => {
          if (changes.slug !== undefined) {
            const other = await repo.findOrganizationBySlug(trx, changes.slug);
            if (other && other.id !== organizationId) throw slugTaken();
          }
          await repo.updateOrganization(trx, organizationId, {
            ...(changes.name !== undefined ? { name: changes.name } : {}),
            ...(changes.slug !== undefined ? { slug: changes.slug } : {}),
            ...(changes.logoUrl !== undefined ? { logo_url: changes.logoUrl } : {}),
            ...(changes.accentColor !== undefined ? { accent_color: changes.accentColor } : {}),
            ...(changes.candidateRetentionDays !== undefined
              ? { candidate_retention_days: changes.candidateRetentionDays }
              : {}),
            updated_at: iso(now),
          });
          await recordAuditEvent(trx, {
            organizationId,
            actorUserId: actor.userId,
            action: 'organizations.updated',
            subjectType: 'organization',
            subjectId: organizationId,
            data: { fields: Object.keys(changes) },
            occurredAt: now,
          });
          const row = await repo.findOrganizationById(trx, organizationId);
          if (!row) throw notFound('Organization');
          return presentOrganization(row);
        });
      } catch (err) {
        if (deps.dialect.isUniqueViolation(err)) throw slugTaken();
        throw err;
      }
    },

    async listMembers(organizationId: string): Promise<Member[]> {
      return (await repo.findMembers(db, organizationId)).map(presentMember);
    },

    async listMemberInvitations(organizationId: string): Promise<MemberInvitation[]> {
      return (await repo.findPendingMemberInvitations(db, organizationId, iso(clock.now()))).map(
        presentMemberInvitation,
      );
    },

    /**
     * Invite a teammate by email: stores the hashed token and queues the mail in one
     * transaction. A new invitation for the same email replaces a pending one.
     * @throws auth.forbidden (owner role by a non-owner), organizations.already_member
     */
    async inviteMember(
      actor: Actor,
      organizationId: string,
      input: { email: string; role: Role },
    ): Promise<MemberInvitation> {
      if (!canInviteAs(actor.role, input.role)) throw forbidden('Only owners can invite owners.');
      const email = input.email.trim().toLowerCase();
      const org = await repo.findOrganizationById(db, organizationId);
      if (!org) throw notFound('Organization');
      const existing = await identity.findUserByEmail(email);
      if (existing && (await repo.findMember(db, organizationId, existing.id))) {
        throw OrganizationErrors.create('organizations.already_member', {
          message: 'This person is already a member.',
        });
      }
      const now = clock.now();
      const token = newSecretToken('ami');
      const row = {
        id: newId(),
        organization_id: organizationId,
        email,
        role: input.role,
        token_hash: hashToken(token),
        invited_by_user_id: actor.userId,
        created_at: iso(now),
        expires_at: iso(new Date(now.getTime() + MEMBER_INVITATION_TTL_MS)),
        accepted_at: null,
        revoked_at: null,
      };
      const content = deps.mail.render({
        branding: { organizationName: org.name, logoUrl: org.logo_url, accentColor: org.accent_color },
        subject: `You are invited to join ${org.name} on Assay`,
        paragraphs: [
          `You have been invited to join ${org.name} on Assay as ${input.role}.`,
          'Accept the invitation with the button below.',
        ],
        action: {
          label: 'Accept invitation',
          url: `${deps.config.http.publicUrl}/join#token=${encodeURIComponent(token)}`,
        },
        footer: 'The link expires in 7 days.',
      });
      await db.transaction().execute(async (trx) => {
        await repo.revokePendingInvitationsFor(trx, organizationId, email, iso(now));
        await repo.insertMemberInvitation(trx, row);
        await deps.mail.queue.queueMail(trx, {
          organizationId,
          to: email,
          kind: 'organizations.member-invitation',
          ...content,
        });
        await recordAuditEvent(trx, {
          organizationId,
          actorUserId: actor.userId,
          action: 'members.invited',
          subjectType: 'member_invitation',
          subjectId: row.id,
          data: { role: input.role },
          occurredAt: now,
        });
      });
      return presentMemberInvitation(row);
    },

    /** @throws resource.not_found */
    async revokeMemberInvitation(actor: Actor, organizationId: string, invitationId: string): Promise<void> {
      const invitation = await repo.findMemberInvitation(db, organizationId, invitationId);
      if (!invitation) throw notFound('Invitation');
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        await repo.revokeMemberInvitation(trx, invitation.id, iso(now));
        await recordAuditEvent(trx, {
          organizationId,
          actorUserId: actor.userId,
          action: 'members.invitation_revoked',
          subjectType: 'member_invitation',
          subjectId: invitation.id,
          occurredAt: now,
        });
      });
    },

    /** What the accept page shows. @throws organizations.invitation_invalid */
    async previewMemberInvitation(token: string): Promise<MemberInvitationPreview> {
      const invitation = await findPendingByToken(token);
      return {
        organizationName: invitation.organization_name,
        organizationSlug: invitation.organization_slug,
        email: invitation.email,
        role: invitation.role as Role,
        existingUser: (await identity.findUserByEmail(invitation.email)) !== null,
        expiresAt: invitation.expires_at,
      };
    },

    /**
     * Accept a member invitation and start a session as the invitee. A new user sets name
     * and password; an existing one proves the password unless already signed in as them.
     * The role comes from the invitation only.
     * @throws organizations.invitation_invalid, organizations.invitation_details_required,
     *   identity.invalid_credentials, identity.password_rejected, identity.too_many_attempts
     */
    async acceptMemberInvitation(
      body: AcceptMemberInvitationBody,
      context: { auth: AuthContext | undefined; previousCookie: string | undefined; ip: string | null },
    ): Promise<StartedSession & { organizationId: string }> {
      const invitation = await findPendingByToken(body.token);
      const existing = await identity.findUserByEmail(invitation.email);
      let userId: string | null = null;
      let passwordHash: string | null = null;
      if (existing) {
        if (context.auth?.user.id === existing.id) userId = existing.id;
        else if (body.password !== undefined) {
          userId = (await identity.verifyLogin(invitation.email, body.password, context.ip)).userId;
        } else {
          throw detailsRequired('Enter your password to join.');
        }
      } else {
        if (body.name === undefined || body.password === undefined) {
          throw detailsRequired('Choose your name and a password to join.');
        }
        passwordHash = await identity.hashNewPassword(body.password);
      }
      const now = clock.now();
      try {
        return await db.transaction().execute(async (trx) => {
          if (!(await repo.markMemberInvitationAccepted(trx, invitation.id, iso(now))))
            throw invitationInvalid();
          let joinedUserId = userId;
          if (joinedUserId === null) {
            const user = await identity.insertUser(trx, {
              email: invitation.email,
              name: body.name ?? '',
              passwordHash: passwordHash ?? '',
            });
            joinedUserId = user.id;
          }
          if (!(await repo.findMember(trx, invitation.organization_id, joinedUserId))) {
            await repo.insertMembership(trx, {
              id: newId(),
              organization_id: invitation.organization_id,
              user_id: joinedUserId,
              role: invitation.role,
              created_at: iso(now),
            });
          }
          await recordAuditEvent(trx, {
            organizationId: invitation.organization_id,
            actorUserId: joinedUserId,
            action: 'members.joined',
            subjectType: 'user',
            subjectId: joinedUserId,
            data: { role: invitation.role, invitationId: invitation.id },
            occurredAt: now,
          });
          await identity.endSessionByCookie(trx, context.previousCookie);
          const session = await identity.startSession(trx, joinedUserId, {
            currentOrganizationId: invitation.organization_id,
          });
          return { ...session, organizationId: invitation.organization_id };
        });
      } catch (err) {
        // Someone registered this email between the check and the insert.
        if (deps.dialect.isUniqueViolation(err)) throw invitationInvalid();
        throw err;
      }
    },

    /**
     * Change a member's role. Admins manage non-owners; the owner role (to or from) needs
     * an owner with a fresh re-auth; the last owner stays.
     * @throws resource.not_found, auth.forbidden, auth.reauth_required, organizations.last_owner
     */
    async changeMemberRole(
      actor: Actor,
      organizationId: string,
      userId: string,
      role: Role,
    ): Promise<Member> {
      const target = await loadMember(organizationId, userId);
      const from = target.role as Role;
      if (!canChangeRole(actor.role, from, role))
        throw forbidden('Only owners can grant or change the owner role.');
      if (needsReauthForRoleChange(from, role) && !actor.recentReauth) throw reauthRequired();
      if (from === role) return presentMember(target);
      const now = clock.now();
      return db.transaction().execute(async (trx) => {
        if (leavesNoOwner(await repo.countOwners(trx, organizationId), from, role)) throw lastOwner();
        await repo.updateMembershipRole(trx, target.id, role);
        await recordAuditEvent(trx, {
          organizationId,
          actorUserId: actor.userId,
          action: 'members.role_changed',
          subjectType: 'user',
          subjectId: userId,
          data: { from, to: role },
          occurredAt: now,
        });
        return presentMember({ ...target, role });
      });
    },

    /**
     * Remove a member. Their sessions end when no membership is left.
     * @throws resource.not_found, auth.forbidden, auth.reauth_required, organizations.last_owner
     */
    async removeMember(actor: Actor, organizationId: string, userId: string): Promise<void> {
      const target = await loadMember(organizationId, userId);
      const from = target.role as Role;
      if (!canRemoveMember(actor.role, from)) throw forbidden('Only owners can remove owners.');
      if (needsReauthForRoleChange(from, null) && !actor.recentReauth) throw reauthRequired();
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        if (leavesNoOwner(await repo.countOwners(trx, organizationId), from, null)) throw lastOwner();
        await repo.deleteMembership(trx, target.id);
        await identity.afterMembershipRemoved(trx, userId, organizationId);
        await recordAuditEvent(trx, {
          organizationId,
          actorUserId: actor.userId,
          action: 'members.removed',
          subjectType: 'user',
          subjectId: userId,
          data: { role: from },
          occurredAt: now,
        });
      });
    },

    /** Create an organization and its owner outside the setup flow (CLI). */
    insertOrganizationWithOwner,
  };

  async function findPendingByToken(token: string) {
    const invitation = await repo.findMemberInvitationByTokenHash(db, hashToken(token));
    if (
      !invitation ||
      invitation.accepted_at !== null ||
      invitation.revoked_at !== null ||
      new Date(invitation.expires_at) <= clock.now()
    ) {
      throw invitationInvalid();
    }
    return invitation;
  }
}

function setupDone() {
  return OrganizationErrors.create('organizations.setup_done', { message: 'Assay is already set up.' });
}
function invitationInvalid() {
  return OrganizationErrors.create('organizations.invitation_invalid', {
    message: 'This invitation is invalid, expired or already used.',
  });
}
function detailsRequired(message: string) {
  return OrganizationErrors.create('organizations.invitation_details_required', { message });
}
function lastOwner() {
  return OrganizationErrors.create('organizations.last_owner', {
    message: 'An organization needs at least one owner. Make someone else owner first.',
  });
}
function reauthRequired() {
  return PlatformErrors.create('auth.reauth_required', {
    message: 'Confirm your password to change owners.',
  });
}

/** The tenancy port identity needs, straight from the repository. */
export const tenancy = {
  async listMemberships(db: DbOrTrx, userId: string) {
    return (await repo.findMembershipsOfUser(db, userId)).map((m) => ({
      organizationId: m.organization_id,
      organizationName: m.organization_name,
      organizationSlug: m.organization_slug,
      role: m.role as Role,
    }));
  },
  hasAnyOrganization: (db: DbOrTrx) => repo.hasAnyOrganization(db),
};
