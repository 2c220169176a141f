import { ApiTokenScopeSchema, type ApiTokenScope, type Role } from '@assay/contracts';
import { roleAtLeast } from './identity.policy.js';

/** The least role that may use (and grant) each scope. */
export const SCOPE_MINIMUM_ROLE: Record<ApiTokenScope, Role> = {
  'tests:read': 'recruiter',
  'invitations:write': 'recruiter',
  'reports:read': 'reviewer',
};

/** Whether a member with `role` may hold a token with `scope`. */
export function scopeAllowedForRole(scope: ApiTokenScope, role: Role): boolean {
  return roleAtLeast(role, SCOPE_MINIMUM_ROLE[scope]);
}

/** The stored JSON array of scopes; unknown entries (from a newer version) are dropped. */
export function parseScopes(json: string): ApiTokenScope[] {
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed)) return [];
  return parsed.flatMap((s) => {
    const scope = ApiTokenScopeSchema.safeParse(s);
    return scope.success ? [scope.data] : [];
  });
}
