import type { Invitation } from '@assay/contracts';
import type { InvitationListRow } from './invitations.repository.js';

/** Total extra minutes: the accommodation plus any extension. */
export function extraMinutes(row: Pick<InvitationListRow, 'extra_time_minutes' | 'time_extension_minutes'>) {
  return row.extra_time_minutes + row.time_extension_minutes;
}

/** Parse the JSON languages column (a corrupt value shows as none rather than a 500). */
export function parseLanguages(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((l): l is string => typeof l === 'string') : [];
  } catch {
    return [];
  }
}

/** Row → Invitation DTO (whitelist: never the token hash). */
export function presentInvitation(row: InvitationListRow): Invitation {
  return {
    id: row.id,
    candidate: { id: row.candidate_id, name: row.candidate_name, email: row.candidate_email },
    test: { id: row.test_id, name: row.test_name, versionId: row.test_version_id },
    status: row.status,
    score: row.status === 'graded' ? row.score : null,
    createdAt: row.created_at,
    sentAt: row.sent_at,
    openedAt: row.opened_at,
    startedAt: row.started_at,
    submittedAt: row.submitted_at,
    gradedAt: row.graded_at,
    cancelledAt: row.cancelled_at,
    expiresAt: row.expires_at,
    extraTimeMinutes: extraMinutes(row),
    timeLimitMinutes: row.time_limit_minutes,
    invitedByUserId: row.invited_by_user_id,
    atsBadge: {
      status: row.ats_status,
      ...(row.ats_provider ? { provider: row.ats_provider } : {}),
      ...(row.ats_status === 'linked' && row.ats_profile_url ? { profileUrl: row.ats_profile_url } : {}),
    },
  };
}
