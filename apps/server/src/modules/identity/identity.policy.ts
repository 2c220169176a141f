import type { Role } from '@assay/contracts';

/** Strength of each role: owner ⊇ admin ⊇ recruiter ⊇ reviewer (reviewer = any member). */
const ROLE_RANK: Record<Role, number> = { owner: 3, admin: 2, recruiter: 1, reviewer: 0 };

/** True when `role` includes everything `minimum` may do. */
export function roleAtLeast(role: Role, minimum: Role): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[minimum];
}

/** How long a password re-confirmation ("sudo" mode) lasts. */
export const REAUTH_WINDOW_MS = 10 * 60 * 1000;
/** A session unused this long ends. */
export const SESSION_IDLE_TIMEOUT_MS = 24 * 60 * 60 * 1000;
/** A session ends this long after login, however active (re-auth does not extend it). */
export const SESSION_ABSOLUTE_TIMEOUT_MS = 7 * 24 * 60 * 60 * 1000;
/** `last_seen_at` is written at most this often (keeps reads cheap). */
export const SESSION_TOUCH_INTERVAL_MS = 60 * 1000;
/** Failed password attempts evaluated per bucket (account or trusted device) per window. */
export const LOGIN_FAILURE_LIMIT = 100;
export const LOGIN_WINDOW_MS = 60 * 60 * 1000;
/** Failed re-auth / current-password attempts per user per window. */
export const REAUTH_FAILURE_LIMIT = 10;
/** Password reset mails per address per window (against mail bombing). */
export const RESET_REQUEST_LIMIT = 5;
export const PASSWORD_RESET_TTL_MS = 60 * 60 * 1000;

/** Whether a session is still valid at `now`. */
export function isSessionAlive(
  session: { createdAt: Date; lastSeenAt: Date; expiresAt: Date },
  now: Date,
): boolean {
  const t = now.getTime();
  return t < session.expiresAt.getTime() && t < session.lastSeenAt.getTime() + SESSION_IDLE_TIMEOUT_MS;
}

/** Whether the password was re-confirmed within the re-auth window. */
export function isReauthFresh(reauthAt: Date | null, now: Date): boolean {
  return reauthAt !== null && now.getTime() - reauthAt.getTime() < REAUTH_WINDOW_MS && now >= reauthAt;
}
