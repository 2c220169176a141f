import { describe, expect, it } from 'vitest';
import type { Role } from '@assay/contracts';
import { roleAtLeast } from '../identity/index.js';
import {
  can,
  canChangeRole,
  canInviteAs,
  canRemoveMember,
  leavesNoOwner,
  needsReauthForRoleChange,
} from './organizations.policy.js';

const ROLES: Role[] = ['owner', 'admin', 'recruiter', 'reviewer'];

describe('role policies (every role)', () => {
  it('orders roles owner ⊇ admin ⊇ recruiter ⊇ reviewer', () => {
    const table = ROLES.map((r) => ROLES.map((m) => roleAtLeast(r, m)));
    expect(table).toEqual([
      [true, true, true, true],
      [false, true, true, true],
      [false, false, true, true],
      [false, false, false, true],
    ]);
  });

  it('grants organization and member permissions as docs/permissions.md says', () => {
    const row = (role: Role) => [
      can(role, 'organization:read'),
      can(role, 'organization:update'),
      can(role, 'members:read'),
      can(role, 'members:invite'),
      can(role, 'members:change_role'),
      can(role, 'members:remove'),
    ];
    expect(row('owner')).toEqual([true, true, true, true, true, true]);
    expect(row('admin')).toEqual([true, true, true, true, true, true]);
    expect(row('recruiter')).toEqual([true, false, true, false, false, false]);
    expect(row('reviewer')).toEqual([true, false, true, false, false, false]);
  });

  it('lets only owners invite owners, change the owner role or remove owners', () => {
    for (const actor of ROLES) {
      const manages = actor === 'owner' || actor === 'admin';
      expect(canInviteAs(actor, 'recruiter')).toBe(manages);
      expect(canInviteAs(actor, 'owner')).toBe(actor === 'owner');
      expect(canChangeRole(actor, 'recruiter', 'admin')).toBe(manages);
      expect(canChangeRole(actor, 'admin', 'owner')).toBe(actor === 'owner');
      expect(canChangeRole(actor, 'owner', 'admin')).toBe(actor === 'owner');
      expect(canRemoveMember(actor, 'reviewer')).toBe(manages);
      expect(canRemoveMember(actor, 'owner')).toBe(actor === 'owner');
    }
  });

  it('keeps the last owner and asks re-auth for owner changes', () => {
    expect(leavesNoOwner(1, 'owner', 'admin')).toBe(true);
    expect(leavesNoOwner(1, 'owner', null)).toBe(true);
    expect(leavesNoOwner(2, 'owner', 'admin')).toBe(false);
    expect(leavesNoOwner(1, 'admin', null)).toBe(false);
    expect(needsReauthForRoleChange('owner', 'admin')).toBe(true);
    expect(needsReauthForRoleChange('admin', 'owner')).toBe(true);
    expect(needsReauthForRoleChange('admin', 'recruiter')).toBe(false);
  });
});
