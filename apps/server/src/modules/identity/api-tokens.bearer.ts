import type { FastifyRequest } from 'fastify';
import { PlatformErrors } from '../../platform/errors/index.js';
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
