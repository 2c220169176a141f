import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '@assay/contracts';
import type { Config } from '../../config/index.js';
import { safeEqual } from '../../platform/crypto/index.js';
import { PlatformErrors } from '../../platform/errors/index.js';
import { REAUTH_WINDOW_MS, SESSION_ABSOLUTE_TIMEOUT_MS, roleAtLeast } from './identity.policy.js';
import type { AuthContext, IdentityService } from './identity.service.js';
import { refuseCredentialsInQuery, resolveBearer } from './api-tokens.bearer.js';
import type { ApiTokensService } from './api-tokens.service.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the identity session hook when the request carries a valid session. */
    auth?: AuthContext;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const DEVICE_COOKIE_MAX_AGE_S = 365 * 24 * 60 * 60;

/** Cookie names: `__Host-` + Secure in production (reliability.md §1 Sessions). */
export function cookieNames(production: boolean): { session: string; device: string } {
  return production
    ? { session: '__Host-assay_session', device: '__Host-assay_device' }
    : { session: 'assay_session', device: 'assay_device' };
}

/** Read one cookie from the Cookie header (no plugin needed, so every module's routes see the same value). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

function serializeCookie(name: string, value: string, maxAgeSeconds: number, production: boolean): string {
  const attributes = [
    `${name}=${encodeURIComponent(value)}`,
    'Path=/',
    `Max-Age=${maxAgeSeconds}`,
    'HttpOnly',
    'SameSite=Lax',
  ];
  if (production) attributes.push('Secure');
  return attributes.join('; ');
}

export type SessionCookies = ReturnType<typeof createSessionCookies>;

/** Set and clear the session (and trusted-device) cookies. */
export function createSessionCookies(production: boolean) {
  const names = cookieNames(production);
  return {
    names,
    readSession: (request: FastifyRequest) => readCookie(request.headers.cookie, names.session),
    readDevice: (request: FastifyRequest) => readCookie(request.headers.cookie, names.device),
    setSession(reply: FastifyReply, cookieValue: string): void {
      reply.header(
        'set-cookie',
        serializeCookie(names.session, cookieValue, SESSION_ABSOLUTE_TIMEOUT_MS / 1000, production),
      );
    },
    setDevice(reply: FastifyReply, value: string): void {
      reply.header('set-cookie', serializeCookie(names.device, value, DEVICE_COOKIE_MAX_AGE_S, production));
    },
    clearSession(reply: FastifyReply): void {
      reply.header('set-cookie', serializeCookie(names.session, '', 0, production));
    },
  };
}

function csrfFailed(message: string) {
  return PlatformErrors.create('auth.csrf_failed', { message });
}

/**
 * The root `onRequest` hook for `/api/*`: resolves the session cookie into `request.auth`
 * and enforces CSRF rules on writes. Any write is refused with `Sec-Fetch-Site:
 * cross-site` or a foreign `Origin`; a cookie-authenticated write also needs
 * `content-type: application/json` and `x-csrf-token` = HMAC(session cookie). Requests
 * with an `Authorization: Bearer` header and no session cookie (API clients) skip CSRF;
 * their token is resolved into `request.apiAuth` (401 when invalid). Credentials in the
 * query string are refused with 400.
 */
export function createSessionHook(deps: {
  identity: Pick<IdentityService, 'resolveSession'>;
  cookies: SessionCookies;
  config: Pick<Config, 'http'>;
  /** Bearer API tokens (`request.apiAuth`); without it, bearer requests stay anonymous. */
  apiTokens?: Pick<ApiTokensService, 'authenticate'>;
}) {
  const publicOrigin = new URL(deps.config.http.publicUrl).origin;
  return async function sessionHook(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    request.auth = undefined;
    request.apiAuth = undefined;
    if (!request.url.startsWith('/api/')) return;
    refuseCredentialsInQuery(request);
    const write = !SAFE_METHODS.has(request.method);
    const cookie = deps.cookies.readSession(request);
    if (write && !(cookie === undefined && isBearer(request))) {
      if (request.headers['sec-fetch-site'] === 'cross-site') {
        throw csrfFailed('Cross-site requests are not allowed.');
      }
      const origin = request.headers.origin;
      if (
        origin !== undefined &&
        origin !== publicOrigin &&
        origin !== `${request.protocol}://${request.host}`
      ) {
        throw csrfFailed('Requests from another origin are not allowed.');
      }
    }
    // The candidate's routes authenticate with their own attempt cookie: a staff session in the
    // same browser (a recruiter previewing their test) is neither resolved nor CSRF-checked there.
    if (request.url.startsWith('/api/candidate/')) {
      if (write && mediaTypeOf(request) !== 'application/json')
        throw csrfFailed('Send writes as application/json.');
      return;
    }
    if (cookie === undefined) {
      if (deps.apiTokens && isBearer(request)) await resolveBearer(request, deps.apiTokens);
      return;
    }
    const auth = await deps.identity.resolveSession(cookie);
    if (!auth) {
      // A stale cookie: drop it so the browser stops sending it.
      deps.cookies.clearSession(reply);
      return;
    }
    if (write) {
      const mediaType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      if (mediaType !== 'application/json' && !acceptsRawUpload(request, mediaType)) {
        throw csrfFailed('Send writes as application/json.');
      }
      const token = request.headers['x-csrf-token'];
      if (typeof token !== 'string' || !safeEqual(token, auth.csrfToken)) {
        throw csrfFailed('Missing or invalid CSRF token. Reload the page and try again.');
      }
    }
    request.auth = auth;
  };
}

function mediaTypeOf(request: FastifyRequest): string {
  return (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

// Media types a cross-site form or no-CORS fetch can send without a preflight: never a raw upload.
const CORS_SAFELISTED = new Set(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']);

/**
 * A route that declares a raw upload type in `config.contentTypes` (e.g. `application/zip` for
 * the challenge import) accepts it from the browser: such a type needs a CORS preflight, and
 * the CSRF token is still checked.
 */
function acceptsRawUpload(request: FastifyRequest, mediaType: string): boolean {
  return (
    !CORS_SAFELISTED.has(mediaType) && request.routeOptions.config.contentTypes?.includes(mediaType) === true
  );
}

function isBearer(request: FastifyRequest): boolean {
  return /^bearer\s/i.test(request.headers.authorization ?? '');
}

/**
 * Route-level `onRequest` hook: 401 unless the request is signed in. Runs before body
 * validation, so an unauthenticated request gets 401 whatever its body.
 */
export function authenticate(request: FastifyRequest): Promise<void> {
  if (!request.auth) {
    return Promise.reject(PlatformErrors.create('auth.unauthenticated', { message: 'Sign in first.' }));
  }
  return Promise.resolve();
}

/** The request's auth context. @throws auth.unauthenticated */
export function requireAuth(request: FastifyRequest): AuthContext {
  if (!request.auth) throw PlatformErrors.create('auth.unauthenticated', { message: 'Sign in first.' });
  return request.auth;
}

/**
 * The caller's membership in `orgId` when its role is at least `minimumRole`.
 * @throws auth.unauthenticated (no session), resource.not_found (not a member or no such
 * organization: other tenants look absent), auth.forbidden (role too low)
 */
export function requireRole(
  request: FastifyRequest,
  orgId: string,
  minimumRole: Role,
): AuthContext['memberships'][number] {
  const auth = requireAuth(request);
  const membership = auth.memberships.find((m) => m.organizationId === orgId);
  if (!membership) throw PlatformErrors.create('resource.not_found', { message: 'Organization not found.' });
  if (!roleAtLeast(membership.role, minimumRole)) {
    throw PlatformErrors.create('auth.forbidden', {
      message: `This needs the ${minimumRole} role or higher.`,
    });
  }
  return membership;
}

/**
 * For sensitive actions: the password must have been re-confirmed (`POST /api/session/reauth`)
 * within the last 10 minutes.
 * @throws auth.unauthenticated, auth.reauth_required
 */
export function requireRecentReauth(request: FastifyRequest): void {
  const auth = requireAuth(request);
  if (!auth.recentReauth) {
    throw PlatformErrors.create('auth.reauth_required', {
      message: `Confirm your password to continue (valid ${REAUTH_WINDOW_MS / 60000} minutes).`,
    });
  }
}
