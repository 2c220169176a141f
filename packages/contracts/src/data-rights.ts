import { z } from 'zod';

/**
 * Candidate data rights (owner/admin of :orgId; other organizations → 404; recruiter and
 * reviewer → 403). Both need a password re-confirmation within 10 minutes
 * (403 auth.reauth_required) and are recorded in the Audit log without personal data.
 *
 *   GET  /api/orgs/:orgId/candidates/:candidateId/export.zip                    → application/zip
 *        candidate.json, invitations.json, attempts/<invitationId>/{attempt,timeline,drafts,grading}.json
 *        and code/… (the submitted commit, else the latest), mails.json, notes.json, README.txt
 *   POST /api/orgs/:orgId/candidates/:candidateId/erase   EraseCandidateBody → CandidateErasure
 *        (400 data_rights.confirmation_mismatch when the typed email is not the candidate's)
 *
 * Retention: OrganizationSettings.candidateRetentionDays (null = keep); a daily job erases
 * candidates whose last activity is older and who have no invitation in progress.
 */

export const EraseCandidateBodySchema = z.object({
  /** The candidate's email, typed again to confirm (compared case-insensitively). */
  confirmEmail: z.string().trim().min(1, "Type the candidate's email to confirm.").max(254),
});
export type EraseCandidateBody = z.infer<typeof EraseCandidateBodySchema>;

/** What an erasure removed (numbers only). */
export const ErasureCountsSchema = z.object({
  invitations: z.number().int(),
  attempts: z.number().int(),
  repositories: z.number().int(),
  mails: z.number().int(),
  webhookDeliveries: z.number().int(),
  jobs: z.number().int(),
  auditEventsScrubbed: z.number().int(),
  anonymousScoresKept: z.number().int(),
});
export type ErasureCounts = z.infer<typeof ErasureCountsSchema>;

export const CandidateErasureSchema = z.object({
  candidateId: z.string(),
  erasedAt: z.string(),
  counts: ErasureCountsSchema,
});
export type CandidateErasure = z.infer<typeof CandidateErasureSchema>;
