import type { Role } from '@assay/contracts';

const labels: Record<Role, string> = {
  owner: 'Owner',
  admin: 'Admin',
  recruiter: 'Recruiter',
  reviewer: 'Reviewer',
};

const rank: Record<Role, number> = { owner: 3, admin: 2, recruiter: 1, reviewer: 0 };

/** Human label of a role. */
export function roleLabel(role: Role): string {
  return labels[role];
}

/** owner ⊇ admin ⊇ recruiter; a reviewer has none of the recruiter rights. */
export function hasRole(role: Role | undefined, minimum: Role): boolean {
  if (!role) return false;
  if (minimum === 'reviewer') return true;
  return role !== 'reviewer' && rank[role] >= rank[minimum];
}

/** What each role may do, for the invite dialog's role picker. */
export const roleDescriptions: Record<Role, string> = {
  owner: 'Everything, including billing-level settings and other owners.',
  admin: 'Manage the team, settings, integrations and all assessments.',
  recruiter: 'Create tests, invite candidates and read reports.',
  reviewer: 'Read reports and write reviews.',
};
