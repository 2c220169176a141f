import type { Member, MemberInvitation, OrganizationSettings, Role } from '@assay/contracts';
import type { MemberInvitationRow, MemberRow, OrganizationRow } from './organizations.repository.js';

/** Organization row → settings DTO. */
export function presentOrganization(row: OrganizationRow): OrganizationSettings {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    logoUrl: row.logo_url,
    accentColor: row.accent_color,
    candidateRetentionDays: row.candidate_retention_days,
    createdAt: row.created_at,
  };
}

/** Membership + user row → member DTO. */
export function presentMember(row: MemberRow): Member {
  return {
    userId: row.user_id,
    email: row.email,
    name: row.name,
    role: row.role as Role,
    joinedAt: row.created_at,
  };
}

/** Invitation row → DTO (never the token hash). */
export function presentMemberInvitation(row: MemberInvitationRow): MemberInvitation {
  return {
    id: row.id,
    email: row.email,
    role: row.role as Role,
    invitedByUserId: row.invited_by_user_id,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}
