import type { FastifyRequest } from 'fastify';
import type { ApiTokenScope, Role } from '@assay/contracts';
import { PlatformErrors } from '../../platform/errors/index.js';
import { requireRole } from './identity.http.js';
import { roleAtLeast } from './identity.policy.js';
import { SCOPE_MINIMUM_ROLE } from './api-tokens.policy.js';
import type { ApiAuth, ApiTokensService } from './api-tokens.service.js';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * Set by the session hook for `Authorization: Bearer asy_…` requests. Deliberately not
     * `request.auth`: session routes stay closed to tokens; API routes opt in with
     * `requireApiAccess`.
     */
    apiAuth?: ApiAuth;
  }
}

// Query parameters that name an API credential (ASVS 14.2.1: never in URLs, they end up in
// logs). A generic `token` parameter is refused only when its value is an `asy_` token.
const CREDENTIAL_PARAMS = new Set(['access_token', 'api_key', 'apikey', 'api_token']);

/**
 * 400 when the query string carries a credential (`?access_token=`, or any `asy_…`
 * value). Runs before anything else reads the request.
 */
export function refuseCredentialsInQuery(request: FastifyRequest): void {
  const q = request.url.indexOf('?');
  if (q < 0) return;
  const params = new URLSearchParams(request.url.slice(q + 1));
  for (const [name, value] of params) {
    if (CREDENTIAL_PARAMS.has(name.toLowerCase()) || /^asy_/i.test(value)) {
      throw PlatformErrors.create('request.invalid', {
        message: 'Credentials are not accepted in the query string: send Authorization: Bearer <token>.',
      });
    }
  }
}

/** The token of an `Authorization: Bearer …` header, if any. */
export function bearerToken(request: FastifyRequest): string | undefined {
  const match = /^bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return match?.[1];
}

/**
 * Resolve an `asy_` bearer token into `request.apiAuth`, or 401. Other bearer credentials
 * (partner keys of ATS routes) are left to the routes that accept them.
 */
export async function resolveBearer(
  request: FastifyRequest,
  tokens: Pick<ApiTokensService, 'authenticate'>,
): Promise<void> {
  const token = bearerToken(request);
  if (token !== undefined && !token.startsWith('asy_')) return;
  const auth = token ? await tokens.authenticate(token) : null;
  if (!auth) {
    throw PlatformErrors.create('auth.unauthenticated', {
      message: 'The API token is invalid, expired or revoked.',
    });
  }
  request.apiAuth = auth;
}

/** Who a public-API call acts for, whichever way it authenticated. */
export interface ApiCaller {
  userId: string;
  organizationId: string;
  role: Role;
  via: 'session' | 'api_token';
}

/**
 * For public API routes: an API token with `scope` for `orgId` (another organization's
 * objects → 404, missing scope or a role now too low → 403), or a signed-in member with
 * the scope's minimum role.
 * @throws auth.unauthenticated, resource.not_found, auth.forbidden
 */
export function requireApiAccess(request: FastifyRequest, orgId: string, scope: ApiTokenScope): ApiCaller {
  const api = request.apiAuth;
  if (!api) {
    const membership = requireRole(request, orgId, SCOPE_MINIMUM_ROLE[scope]);
    return {
      userId: request.auth?.user.id ?? '',
      organizationId: orgId,
      role: membership.role,
      via: 'session',
    };
  }
  if (api.organizationId !== orgId || api.role === null) {
    throw PlatformErrors.create('resource.not_found', { message: 'Organization not found.' });
  }
  if (!api.scopes.includes(scope)) {
    throw PlatformErrors.create('auth.forbidden', { message: `This API token lacks the ${scope} scope.` });
  }
  if (!roleAtLeast(api.role, SCOPE_MINIMUM_ROLE[scope])) {
    throw PlatformErrors.create('auth.forbidden', {
      message: `The token owner's role no longer allows ${scope}.`,
    });
  }
  return { userId: api.user.id, organizationId: orgId, role: api.role, via: 'api_token' };
}

/** Route-level `onRequest` hook for public API routes: 401 unless a session or an API token authenticated. */
export function authenticateApi(request: FastifyRequest): Promise<void> {
  if (!request.auth && !request.apiAuth) {
    return Promise.reject(
      PlatformErrors.create('auth.unauthenticated', { message: 'Send Authorization: Bearer <token>.' }),
    );
  }
  return Promise.resolve();
}
