import { z } from 'zod';
import { AttemptEventKindSchema } from './attempts.js';
import { OrgParamsSchema } from './identity.js';
import { InvitationStatusSchema } from './invitations.js';

/**
 * The report of one invitation's attempt, at the permanent URL `<PUBLIC_URL>/reports/<invitationId>`
 * (needs an Assay login; the ATS integrations put this link on the candidate's profile).
 *
 * Organization-scoped (member of :orgId, any role reads; other organizations → 404):
 *
 *   GET  /api/reports/:invitationId/locate                              → ReportLocation (which of my organizations holds it; 404 otherwise)
 *   GET  /api/orgs/:orgId/reports/:invitationId                         → Report
 *   GET  /api/orgs/:orgId/reports/:invitationId/code                    → ReportCode (file tree of the submission, diff against the starter)
 *   GET  /api/orgs/:orgId/reports/:invitationId/code/file?path=P        → ReportFile
 *   GET  /api/orgs/:orgId/reports/:invitationId/report.pdf              → application/pdf (server-generated)
 *   POST /api/orgs/:orgId/reports/:invitationId/notes      AddReportNoteBody      → 201 ReportNote        (reviewer and above)
 *   POST /api/orgs/:orgId/reports/:invitationId/overrides  OverrideCriterionBody  → Report (audited; reviewer and above)
 *   POST /api/orgs/:orgId/reports/:invitationId/regrade    {}                     → 202 Report (recruiter and above)
 *   POST /api/orgs/:orgId/reports/:invitationId/share-links CreateShareLinkBody   → 201 CreatedShareLink (url shown once)
 *   DELETE /api/orgs/:orgId/reports/:invitationId/share-links/:linkId             → 204
 *
 * Public: POST /api/shared-report  { token } → SharedReport (a signed, expiring share link
 * `<PUBLIC_URL>/shared-report#token=<token>`; the token is POSTed, never in a URL path or log).
 */

export const ReportParamsSchema = OrgParamsSchema.extend({ invitationId: z.string().min(1).max(64) });

export const ReportLocationSchema = z.object({ organizationId: z.string(), invitationId: z.string() });
export type ReportLocation = z.infer<typeof ReportLocationSchema>;

export const ReportCriterionSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  weight: z.number(),
  /** Points from the automatic grading (0..weight scaled to the total of 100). */
  automaticPoints: z.number(),
  /** The reviewer's override, if any (the automatic score stays visible). */
  override: z.object({ points: z.number(), reason: z.string(), by: z.string(), at: z.string() }).nullable(),
  points: z.number(),
  maxPoints: z.number(),
  passed: z.array(z.string()),
  failed: z.array(z.object({ test: z.string(), message: z.string().nullable() })),
});
export type ReportCriterion = z.infer<typeof ReportCriterionSchema>;

export const ReportGradingSchema = z.object({
  status: z.enum(['pending', 'running', 'graded', 'failed']),
  /** 1 for the first grading, 2+ for re-grades. */
  number: z.number().int(),
  /** Automatic total 0–100 (null until graded). */
  automaticScore: z.number().nullable(),
  /** Total after overrides (null until graded). */
  score: z.number().nullable(),
  gradedAt: z.string().nullable(),
  /** Why grading failed (admins); never a score. */
  error: z.string().nullable(),
  /** Build/test log of the grading run (staff only, capped). */
  log: z.string(),
});

export const ReportTimelineEntrySchema = z.object({
  at: z.string(),
  kind: z.union([
    AttemptEventKindSchema,
    z.enum(['invited', 'sent', 'opened', 'expired', 'cancelled', 'extended', 'note', 'override', 'regrade']),
  ]),
  summary: z.string(),
});

export const ReportSchema = z.object({
  invitationId: z.string(),
  organizationId: z.string(),
  candidate: z.object({ id: z.string(), name: z.string(), email: z.string() }),
  test: z.object({
    id: z.string(),
    versionId: z.string(),
    name: z.string(),
    kind: z.enum(['project', 'problems']),
  }),
  status: InvitationStatusSchema,
  language: z.string().nullable(),
  startedAt: z.string().nullable(),
  submittedAt: z.string().nullable(),
  /** Minutes between start and submission, and the minutes allowed. */
  timeUsedMinutes: z.number().nullable(),
  timeAllowedMinutes: z.number(),
  submittedCommit: z.string().nullable(),
  grading: ReportGradingSchema.nullable(),
  criteria: z.array(ReportCriterionSchema),
  /** Among every graded attempt on the same test version (null below 2 graded attempts). */
  percentile: z.number().nullable(),
  /** Ten 10-point buckets of the scores on the same test version (anonymous counts). */
  histogram: z.array(z.number().int()).length(10),
  gradedCount: z.number().int(),
  timeline: z.array(ReportTimelineEntrySchema),
  notes: z.array(z.object({ id: z.string(), body: z.string(), by: z.string(), at: z.string() })),
  shareLinks: z.array(
    z.object({
      id: z.string(),
      expiresAt: z.string(),
      createdAt: z.string(),
      revokedAt: z.string().nullable(),
    }),
  ),
  /** The permanent URL of this report. */
  url: z.string(),
});
export type Report = z.infer<typeof ReportSchema>;

export const ReportCodeSchema = z.object({
  commit: z.string().nullable(),
  initialCommit: z.string().nullable(),
  files: z.array(
    z.object({
      path: z.string(),
      size: z.number().int(),
      status: z.enum(['added', 'modified', 'deleted', 'unchanged']),
      binary: z.boolean(),
    }),
  ),
  /** Unified diff against the starter (capped; `truncated` when cut). */
  diff: z.string(),
  truncated: z.boolean(),
});
export type ReportCode = z.infer<typeof ReportCodeSchema>;

export const ReportFileQuerySchema = z.object({ path: z.string().min(1).max(1024) });
export const ReportFileSchema = z.object({
  path: z.string(),
  content: z.string().nullable(),
  starterContent: z.string().nullable(),
  binary: z.boolean(),
});
export type ReportFile = z.infer<typeof ReportFileSchema>;

export const AddReportNoteBodySchema = z.object({ body: z.string().trim().min(1).max(5000) });
export const ReportNoteSchema = z.object({
  id: z.string(),
  body: z.string(),
  by: z.string(),
  at: z.string(),
});

export const OverrideCriterionBodySchema = z.object({
  criterionId: z.string().min(1).max(100),
  /** Points for this criterion (0..maxPoints); null removes the override. */
  points: z.number().min(0).nullable(),
  reason: z.string().trim().min(3).max(1000),
});
export type OverrideCriterionBody = z.infer<typeof OverrideCriterionBodySchema>;

export const CreateShareLinkBodySchema = z.object({
  expiresInDays: z.number().int().min(1).max(30).default(7),
});
export const CreatedShareLinkSchema = z.object({ id: z.string(), url: z.string(), expiresAt: z.string() });
export type CreatedShareLink = z.infer<typeof CreatedShareLinkSchema>;
export const ShareLinkParamsSchema = ReportParamsSchema.extend({ linkId: z.string().min(1).max(64) });

export const SharedReportBodySchema = z.object({ token: z.string().min(1).max(300) });
/** What a share-link holder sees: the report without staff-only parts (log, notes, share links, email). */
export const SharedReportSchema = ReportSchema.omit({ notes: true, shareLinks: true }).extend({
  candidate: z.object({ name: z.string() }),
  expiresAt: z.string(),
});
export type SharedReport = z.infer<typeof SharedReportSchema>;
