import type { ApiV1Invitation, ApiV1Test, Invitation, InvitationWebhookData, Test } from '@assay/contracts';
import type { InvitationEventRow } from './public-api.repository.js';

/** The permanent report page of an invitation (needs an Assay login). */
export function reportUrl(publicUrl: string, invitationId: string): string {
  return `${publicUrl}/reports/${invitationId}`;
}

/** A published test as API clients see it (no draft, no challenge internals). */
export function presentApiTest(test: Test & { publishedVersion: number }): ApiV1Test {
  return {
    id: test.id,
    name: test.name,
    kind: test.kind,
    publishedVersion: test.publishedVersion,
    timeLimitMinutes: test.timeLimitMinutes,
    validityDays: test.validityDays,
    allowedLanguages: test.allowedLanguages,
  };
}

/** Invitation DTO → the v1 shape (whitelist: no ATS badge, no inviter id). */
export function presentApiInvitation(invitation: Invitation, publicUrl: string): ApiV1Invitation {
  return {
    id: invitation.id,
    status: invitation.status,
    candidate: invitation.candidate,
    test: { id: invitation.test.id, name: invitation.test.name },
    score: invitation.score,
    createdAt: invitation.createdAt,
    sentAt: invitation.sentAt,
    openedAt: invitation.openedAt,
    startedAt: invitation.startedAt,
    submittedAt: invitation.submittedAt,
    gradedAt: invitation.gradedAt,
    cancelledAt: invitation.cancelledAt,
    expiresAt: invitation.expiresAt,
    reportUrl: reportUrl(publicUrl, invitation.id),
  };
}

/** `data` of an invitation webhook event: ids, test, status, score, dates; no candidate name or email. */
export function presentWebhookData(
  row: InvitationEventRow,
  publicUrl: string,
  options: { rescored?: boolean } = {},
): InvitationWebhookData {
  return {
    invitationId: row.id,
    organizationId: row.organization_id,
    candidateId: row.candidate_id,
    test: { id: row.test_id, name: row.test_name, versionId: row.test_version_id },
    status: row.status,
    score: row.status === 'graded' ? row.score : null,
    reportUrl: reportUrl(publicUrl, row.id),
    createdAt: row.created_at,
    startedAt: row.started_at,
    submittedAt: row.submitted_at,
    gradedAt: row.graded_at,
    cancelledAt: row.cancelled_at,
    expiredAt: row.expired_at,
    expiresAt: row.expires_at,
    ...(options.rescored ? { rescored: true } : {}),
  };
}
