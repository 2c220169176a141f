import type { Config } from '../../config/index.js';
import type { Db } from '../../db/index.js';
import type { Clock } from '../../platform/clock/index.js';
import { createSessionCookies, createSessionHook } from './identity.http.js';
import { createPasswordHasher, type PasswordHasher } from './identity.passwords.js';
import { apiTokensRoutes } from './api-tokens.routes.js';
import { createApiTokensService } from './api-tokens.service.js';
import { identityRoutes } from './identity.routes.js';
import { createIdentityService, type IdentityMailPort, type TenancyPort } from './identity.service.js';

export interface IdentityModuleDeps {
  db: Db;
  clock: Clock;
  secretKey: Buffer;
  config: Pick<Config, 'production' | 'http'>;
  mail: IdentityMailPort;
  tenancy: TenancyPort;
  /** Defaults to argon2id at the OWASP parameters with 4 hashes at a time. */
  hasher?: PasswordHasher;
}

/**
 * Identity: users, sessions, passwords, re-auth, CSRF. `sessionHook` must be added as a
 * root `onRequest` hook (before any module's routes); other modules protect their routes
 * with `authenticate` + `requireRole` / `requireRecentReauth`.
 */
export function createIdentityModule(deps: IdentityModuleDeps) {
  const hasher = deps.hasher ?? createPasswordHasher();
  const service = createIdentityService({ ...deps, hasher });
  const cookies = createSessionCookies(deps.config.production);
  const apiTokens = createApiTokensService(deps);
  return {
    service,
    cookies,
    hasher,
    apiTokens,
    sessionHook: createSessionHook({ identity: service, cookies, config: deps.config, apiTokens }),
    routes: identityRoutes({ identity: service, cookies }),
    apiTokenRoutes: apiTokensRoutes({ apiTokens }),
  };
}

export type IdentityModule = ReturnType<typeof createIdentityModule>;

export {
  authenticate,
  requireAuth,
  requireRole,
  requireRecentReauth,
  cookieNames,
  readCookie,
  type SessionCookies,
} from './identity.http.js';
export { roleAtLeast, REAUTH_WINDOW_MS } from './identity.policy.js';
export { requireApiAccess, authenticateApi, type ApiCaller } from './api-tokens.http.js';
export { SCOPE_MINIMUM_ROLE } from './api-tokens.policy.js';
export type { ApiAuth, ApiTokensService } from './api-tokens.service.js';
export {
  createPasswordHasher,
  checkPasswordPolicy,
  parsePhc,
  PASSWORD_HASH_PARAMS,
  type PasswordHasher,
} from './identity.passwords.js';
export type {
  AuthContext,
  IdentityService,
  IdentityMailPort,
  TenancyPort,
  StartedSession,
} from './identity.service.js';
