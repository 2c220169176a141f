import { randomBytes } from 'node:crypto';
import type { MembershipSummary, SessionResponse } from '@assay/contracts';
import type { Config } from '../../config/index.js';
import type { Db, DbOrTrx } from '../../db/index.js';
import type { Clock } from '../../platform/clock/index.js';
import { hashToken, hmac, newId, newSecretToken, safeEqual } from '../../platform/crypto/index.js';
import { PlatformErrors } from '../../platform/errors/index.js';
import type { MailContent, MailQueue } from '../../platform/mail/mailer.js';
import { recordAuditEvent } from '../audit/index.js';
import { IdentityErrors } from './identity.errors.js';
import {
  LOGIN_FAILURE_LIMIT,
  LOGIN_WINDOW_MS,
  PASSWORD_RESET_TTL_MS,
  REAUTH_FAILURE_LIMIT,
  REAUTH_WINDOW_MS,
  RESET_REQUEST_LIMIT,
  SESSION_ABSOLUTE_TIMEOUT_MS,
  SESSION_TOUCH_INTERVAL_MS,
  isReauthFresh,
  isSessionAlive,
} from './identity.policy.js';
import { checkPasswordPolicy, type PasswordHasher } from './identity.passwords.js';
import * as repo from './identity.repository.js';

/** Mail as identity needs it: the queue port plus the shared layout renderer. */
export interface IdentityMailPort {
  queue: MailQueue;
  render(content: MailContent): { subject: string; text: string; html: string };
}

/** What identity needs to know about organizations (wired by main from the organizations module). */
export interface TenancyPort {
  listMemberships(db: DbOrTrx, userId: string): Promise<MembershipSummary[]>;
  hasAnyOrganization(db: DbOrTrx): Promise<boolean>;
}

export interface IdentityDeps {
  db: Db;
  clock: Clock;
  secretKey: Buffer;
  config: Pick<Config, 'production' | 'http'>;
  hasher: PasswordHasher;
  mail: IdentityMailPort;
  tenancy: TenancyPort;
}

/** Who is making the request. Set by the session hook on `request.auth`. */
export interface AuthContext {
  via: 'session';
  user: { id: string; email: string; name: string };
  session: {
    /** SHA-256 of the cookie (the database id). */
    id: string;
    currentOrganizationId: string | null;
    reauthAt: Date | null;
    createdAt: Date;
    expiresAt: Date;
  };
  memberships: MembershipSummary[];
  /** The password was re-confirmed within the last 10 minutes (checked when the request began). */
  recentReauth: boolean;
  csrfToken: string;
}

/** A new session: the cookie value goes to the browser only. */
export interface StartedSession {
  cookieValue: string;
  sessionId: string;
}

export interface LoginInput {
  email: string;
  password: string;
  ip: string | null;
  /** The `assay_device` cookie, if any: a device that logged in before has its own throttle bucket. */
  deviceCookie: string | undefined;
  /** The session cookie presented with the login, ended so the id always changes at login. */
  previousCookie: string | undefined;
}

export type IdentityService = ReturnType<typeof createIdentityService>;

/**
 * Users, sessions, passwords, re-auth and password resets.
 * Services own their transactions and throw AppError (codes in identity.errors.ts).
 */
export function createIdentityService(deps: IdentityDeps) {
  const { db, clock, secretKey, hasher, tenancy } = deps;
  const iso = (d: Date): string => d.toISOString();

  const csrfTokenFor = (cookieValue: string): string => hmac(secretKey, `csrf:${cookieValue}`);
  const deviceSignature = (deviceId: string, userId: string): string =>
    hmac(secretKey, `device:${deviceId}:${userId}`);

  /**
   * Reserve one evaluated password attempt in `bucket`. Insert first and count after, so
   * concurrent attempts can never push the evaluated count past `limit`.
   * @returns the attempt id, or null when the bucket is full (nothing is evaluated).
   */
  async function reserveAttempt(bucket: string, limit: number, ip: string | null): Promise<string | null> {
    const now = clock.now();
    const since = iso(new Date(now.getTime() - LOGIN_WINDOW_MS));
    await repo.deleteAttemptsBefore(db, bucket, since);
    const id = newId();
    await repo.insertLoginAttempt(db, { id, bucket, ip, succeeded: 0, attempted_at: iso(now) });
    if ((await repo.countFailedAttempts(db, bucket, since)) > limit) {
      await repo.deleteLoginAttempt(db, id);
      return null;
    }
    return id;
  }

  const tooManyAttempts = () =>
    IdentityErrors.create('identity.too_many_attempts', {
      message: 'Too many failed attempts. Try again later.',
    });

  /** Hash a new password after checking the policy. @throws identity.password_rejected */
  async function hashNewPassword(password: string): Promise<string> {
    const problem = checkPasswordPolicy(password);
    if (problem) {
      const messages = {
        too_short: 'Use at least 8 characters.',
        too_long: 'Use at most 128 characters.',
        too_common: 'This password is too common. Choose another one.',
      } as const;
      throw IdentityErrors.create('identity.password_rejected', {
        message: messages[problem],
        details: { reason: problem },
      });
    }
    return hasher.hash(password);
  }

  /**
   * Check the signed-in user's current password (re-auth, change password), throttled per user.
   * @throws identity.too_many_attempts, identity.password_incorrect
   */
  async function checkCurrentPassword(userId: string, password: string, ip: string | null): Promise<void> {
    const attempt = await reserveAttempt(`reauth:${userId}`, REAUTH_FAILURE_LIMIT, ip);
    if (!attempt) throw tooManyAttempts();
    const user = await repo.findUserById(db, userId);
    const ok = user ? await hasher.verify(user.password_hash, password) : await hasher.verifyDummy(password);
    if (!ok) {
      throw IdentityErrors.create('identity.password_incorrect', { message: 'The password is incorrect.' });
    }
    await repo.markLoginAttemptSucceeded(db, attempt);
  }

  /** Create a session row for a user and return the cookie value (≥128 bits; only its hash is stored). */
  async function startSession(
    trx: DbOrTrx,
    userId: string,
    options: {
      currentOrganizationId?: string | null;
      reauthAt?: Date | null;
      createdAt?: Date;
      expiresAt?: Date;
    } = {},
  ): Promise<StartedSession> {
    const now = clock.now();
    const cookieValue = randomBytes(32).toString('base64url');
    const sessionId = hashToken(cookieValue);
    let organizationId = options.currentOrganizationId;
    if (organizationId === undefined) {
      organizationId = (await tenancy.listMemberships(trx, userId))[0]?.organizationId ?? null;
    }
    const createdAt = options.createdAt ?? now;
    await repo.insertSession(trx, {
      id: sessionId,
      user_id: userId,
      current_organization_id: organizationId,
      created_at: iso(createdAt),
      last_seen_at: iso(now),
      expires_at: iso(options.expiresAt ?? new Date(createdAt.getTime() + SESSION_ABSOLUTE_TIMEOUT_MS)),
      reauth_at: options.reauthAt ? iso(options.reauthAt) : null,
    });
    return { cookieValue, sessionId };
  }

  /** End the session a cookie names, if any (used when a new session replaces it). */
  async function endSessionByCookie(trx: DbOrTrx, cookieValue: string | undefined): Promise<void> {
    if (cookieValue) await repo.deleteSession(trx, hashToken(cookieValue));
  }

  return {
    csrfTokenFor,
    hashNewPassword,
    startSession,
    endSessionByCookie,

    /**
     * The session a cookie names, or null when unknown, expired (idle or absolute) or its
     * user is disabled. Expired sessions are deleted; `last_seen_at` is refreshed.
     */
    async resolveSession(cookieValue: string): Promise<AuthContext | null> {
      const now = clock.now();
      const row = await repo.findActiveSession(db, hashToken(cookieValue));
      if (!row) return null;
      const session = {
        createdAt: new Date(row.created_at),
        lastSeenAt: new Date(row.last_seen_at),
        expiresAt: new Date(row.expires_at),
      };
      if (!isSessionAlive(session, now)) {
        await repo.deleteSession(db, row.id);
        return null;
      }
      if (now.getTime() - session.lastSeenAt.getTime() >= SESSION_TOUCH_INTERVAL_MS) {
        await repo.touchSession(db, row.id, iso(now));
      }
      const memberships = await tenancy.listMemberships(db, row.user_id);
      const reauthAt = row.reauth_at ? new Date(row.reauth_at) : null;
      const current = memberships.some((m) => m.organizationId === row.current_organization_id)
        ? row.current_organization_id
        : (memberships[0]?.organizationId ?? null);
      return {
        via: 'session',
        user: { id: row.user_id, email: row.email, name: row.name },
        session: {
          id: row.id,
          currentOrganizationId: current,
          reauthAt,
          createdAt: session.createdAt,
          expiresAt: session.expiresAt,
        },
        memberships,
        recentReauth: isReauthFresh(reauthAt, now),
        csrfToken: csrfTokenFor(cookieValue),
      };
    },

    /** The `GET /api/session` answer for a request (signed in or not). */
    async describeSession(auth: AuthContext | undefined): Promise<SessionResponse> {
      const setupRequired = !(await tenancy.hasAnyOrganization(db));
      if (!auth) {
        return { user: null, memberships: [], currentOrganizationId: null, csrfToken: null, setupRequired };
      }
      return {
        user: auth.user,
        memberships: auth.memberships,
        currentOrganizationId: auth.session.currentOrganizationId,
        csrfToken: auth.csrfToken,
        setupRequired,
      };
    },

    /** The session answer right after a session was started (before any request carries its cookie). */
    async describeNewSession(cookieValue: string): Promise<{ auth: AuthContext; response: SessionResponse }> {
      const auth = await this.resolveSession(cookieValue);
      if (!auth) throw new Error('a session just started could not be read back');
      return { auth, response: await this.describeSession(auth) };
    },

    /**
     * Log in with email and password. Unknown emails, wrong passwords and disabled accounts
     * get the same error after the same hashing work. At most 100 failures per account
     * (or per known device) per hour are evaluated; no permanent lockout.
     * @throws identity.invalid_credentials, identity.too_many_attempts
     */
    async login(input: LoginInput): Promise<StartedSession & { userId: string; deviceCookie: string }> {
      const email = input.email.trim().toLowerCase();
      const user = await repo.findUserByEmail(db, email);
      const device = user ? parseDeviceCookie(input.deviceCookie, user.id) : null;
      const bucket = device ? `device:${device}` : `login:${email}`;
      const attempt = await reserveAttempt(bucket, LOGIN_FAILURE_LIMIT, input.ip);
      if (!attempt) throw tooManyAttempts();

      const ok =
        user && user.disabled_at === null
          ? await hasher.verify(user.password_hash, input.password)
          : await hasher.verifyDummy(input.password);
      if (!user || !ok) {
        await recordAuditEvent(db, {
          organizationId: null,
          actorUserId: null,
          action: 'identity.login_failed',
          subjectType: 'user',
          subjectId: user?.id ?? null,
          data: { ip: input.ip },
          occurredAt: clock.now(),
        });
        throw IdentityErrors.create('identity.invalid_credentials', {
          message: 'The email or password is incorrect.',
        });
      }
      const upgradedHash = hasher.needsRehash(user.password_hash) ? await hasher.hash(input.password) : null;
      const started = await db.transaction().execute(async (trx) => {
        await repo.markLoginAttemptSucceeded(trx, attempt);
        if (upgradedHash) {
          await repo.updateUser(trx, user.id, { password_hash: upgradedHash, updated_at: iso(clock.now()) });
        }
        await endSessionByCookie(trx, input.previousCookie);
        const s = await startSession(trx, user.id);
        await recordAuditEvent(trx, {
          organizationId: null,
          actorUserId: user.id,
          action: 'identity.login',
          subjectType: 'user',
          subjectId: user.id,
          data: { ip: input.ip },
          occurredAt: clock.now(),
        });
        return s;
      });
      const deviceId = device ?? randomBytes(16).toString('base64url');
      return {
        ...started,
        userId: user.id,
        deviceCookie: `${deviceId}.${deviceSignature(deviceId, user.id)}`,
      };
    },

    /** End the current session. */
    async logout(auth: AuthContext): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await repo.deleteSession(trx, auth.session.id);
        await recordAuditEvent(trx, {
          organizationId: null,
          actorUserId: auth.user.id,
          action: 'identity.logout',
          subjectType: 'user',
          subjectId: auth.user.id,
          occurredAt: clock.now(),
        });
      });
    },

    /**
     * Re-confirm the password: opens the 10-minute window for sensitive actions and
     * rotates the session id (the absolute expiry stays).
     * @throws identity.password_incorrect, identity.too_many_attempts
     */
    async reauthenticate(
      auth: AuthContext,
      password: string,
      ip: string | null,
    ): Promise<StartedSession & { reauthValidUntil: Date }> {
      await checkCurrentPassword(auth.user.id, password, ip);
      const now = clock.now();
      const started = await db.transaction().execute(async (trx) => {
        await repo.deleteSession(trx, auth.session.id);
        const s = await startSession(trx, auth.user.id, {
          currentOrganizationId: auth.session.currentOrganizationId,
          reauthAt: now,
          createdAt: auth.session.createdAt,
          expiresAt: auth.session.expiresAt,
        });
        await recordAuditEvent(trx, {
          organizationId: null,
          actorUserId: auth.user.id,
          action: 'identity.reauth',
          subjectType: 'user',
          subjectId: auth.user.id,
          occurredAt: now,
        });
        return s;
      });
      return { ...started, reauthValidUntil: new Date(now.getTime() + REAUTH_WINDOW_MS) };
    },

    /** Work in another organization. @throws resource.not_found when not a member */
    async switchOrganization(auth: AuthContext, organizationId: string): Promise<void> {
      if (!auth.memberships.some((m) => m.organizationId === organizationId)) {
        throw PlatformErrors.create('resource.not_found', { message: 'Organization not found.' });
      }
      await repo.updateSessionOrganization(db, auth.session.id, organizationId);
    },

    /**
     * Mail a reset link when the address belongs to an active account. Answers the same
     * either way (callers always reply 202); a few requests per address per hour.
     */
    async requestPasswordReset(emailInput: string, ip: string | null): Promise<void> {
      const email = emailInput.trim().toLowerCase();
      const user = await repo.findUserByEmail(db, email);
      if (!user || user.disabled_at !== null) return;
      const attempt = await reserveAttempt(`reset:${email}`, RESET_REQUEST_LIMIT, ip);
      if (!attempt) return;
      const now = clock.now();
      const token = newSecretToken('apr');
      const url = `${deps.config.http.publicUrl}/reset-password#token=${encodeURIComponent(token)}`;
      const content = deps.mail.render({
        branding: { organizationName: 'Assay' },
        subject: 'Reset your Assay password',
        paragraphs: [
          `Someone asked to reset the password of the Assay account ${email}.`,
          'If it was you, choose a new password with the button below. If not, ignore this mail.',
        ],
        action: { label: 'Choose a new password', url },
        footer: 'The link works once and expires in 1 hour.',
      });
      await db.transaction().execute(async (trx) => {
        await repo.insertPasswordResetToken(trx, {
          id: newId(),
          user_id: user.id,
          token_hash: hashToken(token),
          created_at: iso(now),
          expires_at: iso(new Date(now.getTime() + PASSWORD_RESET_TTL_MS)),
          used_at: null,
        });
        await deps.mail.queue.queueMail(trx, {
          organizationId: null,
          to: user.email,
          kind: 'identity.password-reset',
          ...content,
        });
      });
    },

    /**
     * Set a new password with a reset token (single use, 1 hour). Ends every session of the user.
     * @throws identity.reset_token_invalid, identity.password_rejected
     */
    async confirmPasswordReset(token: string, password: string): Promise<void> {
      const now = clock.now();
      const row = await repo.findPasswordResetTokenByHash(db, hashToken(token));
      const invalid = () =>
        IdentityErrors.create('identity.reset_token_invalid', {
          message: 'This reset link is invalid or has expired. Ask for a new one.',
        });
      if (!row || row.used_at !== null || new Date(row.expires_at) <= now) throw invalid();
      const passwordHash = await hashNewPassword(password);
      await db.transaction().execute(async (trx) => {
        if (!(await repo.markPasswordResetTokenUsed(trx, row.id, iso(now)))) throw invalid();
        const user = await repo.findUserById(trx, row.user_id);
        if (!user || user.disabled_at !== null) throw invalid();
        await repo.updateUser(trx, user.id, { password_hash: passwordHash, updated_at: iso(now) });
        await repo.deleteUserSessions(trx, user.id);
        await recordAuditEvent(trx, {
          organizationId: null,
          actorUserId: user.id,
          action: 'identity.password_reset',
          subjectType: 'user',
          subjectId: user.id,
          occurredAt: now,
        });
      });
    },

    /**
     * Change the signed-in user's password (needs the current one). Other sessions end.
     * @throws identity.password_incorrect, identity.password_rejected, identity.too_many_attempts
     */
    async changePassword(
      auth: AuthContext,
      currentPassword: string,
      newPassword: string,
      ip: string | null,
    ): Promise<void> {
      await checkCurrentPassword(auth.user.id, currentPassword, ip);
      const passwordHash = await hashNewPassword(newPassword);
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        await repo.updateUser(trx, auth.user.id, { password_hash: passwordHash, updated_at: iso(now) });
        await repo.deleteUserSessions(trx, auth.user.id, auth.session.id);
        await recordAuditEvent(trx, {
          organizationId: null,
          actorUserId: auth.user.id,
          action: 'identity.password_changed',
          subjectType: 'user',
          subjectId: auth.user.id,
          occurredAt: now,
        });
      });
    },

    /**
     * Change the signed-in user's email. The caller checks re-auth first.
     * @throws identity.email_taken
     */
    async changeEmail(auth: AuthContext, emailInput: string): Promise<void> {
      const email = emailInput.trim().toLowerCase();
      const now = clock.now();
      const existing = await repo.findUserByEmail(db, email);
      if (existing && existing.id !== auth.user.id) {
        throw IdentityErrors.create('identity.email_taken', { message: 'Another account uses this email.' });
      }
      await db.transaction().execute(async (trx) => {
        await repo.updateUser(trx, auth.user.id, { email, updated_at: iso(now) });
        await recordAuditEvent(trx, {
          organizationId: null,
          actorUserId: auth.user.id,
          action: 'identity.email_changed',
          subjectType: 'user',
          subjectId: auth.user.id,
          occurredAt: now,
        });
      });
    },

    /** Find a user by email (any case). */
    async findUserByEmail(emailInput: string): Promise<{ id: string; email: string; name: string } | null> {
      const user = await repo.findUserByEmail(db, emailInput.trim().toLowerCase());
      return user && user.disabled_at === null ? { id: user.id, email: user.email, name: user.name } : null;
    },

    /**
     * Check an existing user's password as a login would (throttled per account, same
     * errors). Used when an existing user accepts an invitation without being signed in.
     * @throws identity.invalid_credentials, identity.too_many_attempts
     */
    async verifyLogin(emailInput: string, password: string, ip: string | null): Promise<{ userId: string }> {
      const email = emailInput.trim().toLowerCase();
      const user = await repo.findUserByEmail(db, email);
      const attempt = await reserveAttempt(`login:${email}`, LOGIN_FAILURE_LIMIT, ip);
      if (!attempt) throw tooManyAttempts();
      const ok =
        user && user.disabled_at === null
          ? await hasher.verify(user.password_hash, password)
          : await hasher.verifyDummy(password);
      if (!user || !ok) {
        throw IdentityErrors.create('identity.invalid_credentials', {
          message: 'The email or password is incorrect.',
        });
      }
      await repo.markLoginAttemptSucceeded(db, attempt);
      return { userId: user.id };
    },

    /** Insert a user with an already hashed password (inside the caller's transaction). */
    async insertUser(
      trx: DbOrTrx,
      input: { email: string; name: string; passwordHash: string },
    ): Promise<{ id: string; email: string; name: string }> {
      const now = iso(clock.now());
      const user = { id: newId(), email: input.email.trim().toLowerCase(), name: input.name.trim() };
      await repo.insertUser(trx, {
        ...user,
        password_hash: input.passwordHash,
        disabled_at: null,
        created_at: now,
        updated_at: now,
      });
      return user;
    },

    /** Disable an account: it can no longer log in and all its sessions end at once. */
    async disableUser(trx: DbOrTrx, userId: string, actorUserId: string | null): Promise<void> {
      const now = clock.now();
      await repo.updateUser(trx, userId, { disabled_at: iso(now), updated_at: iso(now) });
      await repo.deleteUserSessions(trx, userId);
      await recordAuditEvent(trx, {
        organizationId: null,
        actorUserId,
        action: 'identity.user_disabled',
        subjectType: 'user',
        subjectId: userId,
        occurredAt: now,
      });
    },

    /**
     * After a membership was removed: a user left with no organization loses every
     * session; otherwise sessions working in that organization move out of it.
     */
    async afterMembershipRemoved(trx: DbOrTrx, userId: string, organizationId: string): Promise<void> {
      const remaining = await tenancy.listMemberships(trx, userId);
      if (remaining.length === 0) await repo.deleteUserSessions(trx, userId);
      else await repo.clearSessionsOrganization(trx, userId, organizationId);
    },
  };

  function parseDeviceCookie(value: string | undefined, userId: string): string | null {
    if (!value) return null;
    const [deviceId, signature] = value.split('.');
    if (!deviceId || !signature || !/^[A-Za-z0-9_-]{16,64}$/.test(deviceId)) return null;
    return safeEqual(signature, deviceSignature(deviceId, userId)) ? deviceId : null;
  }
}
