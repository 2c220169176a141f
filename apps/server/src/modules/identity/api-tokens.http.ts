import type { FastifyRequest } from 'fastify';
import type { ApiTokenScope, Role } from '@assay/contracts';
import { PlatformErrors } from '../../platform/errors/index.js';
import { requireRole } from './identity.http.js';
import { roleAtLeast } from './identity.policy.js';
import { SCOPE_MINIMUM_ROLE } from './api-tokens.policy.js';

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
