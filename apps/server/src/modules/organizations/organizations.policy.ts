import type { Role } from '@assay/contracts';
import { roleAtLeast } from '../identity/index.js';

/** Permissions of this module (`resource:action`) and the weakest role allowed each. */
export const ORGANIZATION_PERMISSIONS = {
  'organization:read': 'reviewer',
  'organization:update': 'admin',
  'members:read': 'reviewer',
  'members:invite': 'admin',
  'members:change_role': 'admin',
  'members:remove': 'admin',
} as const satisfies Record<string, Role>;

export type OrganizationPermission = keyof typeof ORGANIZATION_PERMISSIONS;

/** Whether `role` may do `permission` in its organization. */
export function can(role: Role, permission: OrganizationPermission): boolean {
  return roleAtLeast(role, ORGANIZATION_PERMISSIONS[permission]);
}

/** Whether `actor` may invite someone as `role`: admins invite up to admin, only owners invite owners. */
export function canInviteAs(actor: Role, role: Role): boolean {
  return can(actor, 'members:invite') && (role !== 'owner' || actor === 'owner');
}

/**
 * Whether `actor` may change a member from `from` to `to`: admins manage non-owners only
 * and cannot grant owner; owners manage everyone. (The last-owner rule needs data: see
 * `leavesNoOwner`.)
 */
export function canChangeRole(actor: Role, from: Role, to: Role): boolean {
  if (!can(actor, 'members:change_role')) return false;
  if (from === 'owner' || to === 'owner') return actor === 'owner';
  return true;
}

/** Whether `actor` may remove a member whose role is `target`. */
export function canRemoveMember(actor: Role, target: Role): boolean {
  return can(actor, 'members:remove') && (target !== 'owner' || actor === 'owner');
}

/** Changes touching the owner role need a fresh password confirmation. */
export function needsReauthForRoleChange(from: Role, to: Role | null): boolean {
  return from === 'owner' || to === 'owner';
}

/** True when taking `from` away (demotion or removal) would leave the organization without an owner. */
export function leavesNoOwner(ownerCount: number, from: Role, to: Role | null): boolean {
  return from === 'owner' && to !== 'owner' && ownerCount <= 1;
}
