import { z } from 'zod';
import { AttemptEventKindSchema, WorkspacePathSchema } from './attempts.js';
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

/**
 * The latest grading run. While a re-grade is pending or running (or after it failed) the scores,
 * `gradedAt` and the criteria stay those of the latest run that finished graded.
 */
export const ReportGradingSchema = z.object({
  /** The latest run's status. */
  status: z.enum(['pending', 'running', 'graded', 'failed']),
  /** The latest run: 1 for the first grading, 2+ for re-grades. */
  number: z.number().int(),
  /** Automatic total 0–100 of the latest graded run (null until graded). */
  automaticScore: z.number().nullable(),
  /** Total after overrides (null until graded). */
  score: z.number().nullable(),
  /** When the latest graded run finished. */
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
export type ReportTimelineEntry = z.infer<typeof ReportTimelineEntrySchema>;

export const ReportShareLinkSummarySchema = z.object({
  id: z.string(),
  expiresAt: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});

export const ReportSchema = z.object({
  invitationId: z.string(),
  organizationId: z.string(),
  /** For the print view and PDF header. */
  organizationName: z.string(),
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
  /** Minutes between start and submission (whole minutes, null until submitted), and the minutes allowed (limit + extra time + extensions). */
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
  shareLinks: z.array(ReportShareLinkSummarySchema),
  /** The permanent URL of this report. */
  url: z.string(),
});
export type Report = z.infer<typeof ReportSchema>;

/**
 * The code of the attempt: the submitted commit, or while the attempt runs (invitation `started`)
 * the current head, so staff can follow along. Null commits before the candidate starts.
 * `binary` in the file list comes from the diff and the file extension; `/code/file` decides exactly.
 */
export const ReportCodeSchema = z.object({
  commit: z.string().nullable(),
  /** True when `commit` is the frozen submission (false: the live head of a running attempt). */
  submitted: z.boolean(),
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

export const ReportFileQuerySchema = z.object({ path: WorkspacePathSchema });
/** One file at the report's commit and in the starter (null when absent there, or binary). */
export const ReportFileSchema = z.object({
  path: z.string(),
  commit: z.string(),
  content: z.string().nullable(),
  starterContent: z.string().nullable(),
  status: z.enum(['added', 'modified', 'deleted', 'unchanged']),
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
export type ReportNote = z.infer<typeof ReportNoteSchema>;

export const OverrideCriterionBodySchema = z.object({
  criterionId: z.string().min(1).max(100),
  /** Points for this criterion (0..its maxPoints, checked by the server: 400 naming the limit); null removes the override. */
  points: z.number().min(0).max(100).nullable(),
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
/**
 * What a share-link holder sees: the report without staff-only parts (grading log and error,
 * notes and their timeline entries, share links, the candidate's email). Expired, revoked or
 * unknown links answer 404 `reports.share_link_invalid` with a sentence for the page.
 */
export const SharedReportSchema = ReportSchema.omit({ notes: true, shareLinks: true }).extend({
  candidate: z.object({ name: z.string() }),
  grading: ReportGradingSchema.omit({ log: true, error: true }).nullable(),
  expiresAt: z.string(),
});
export type SharedReport = z.infer<typeof SharedReportSchema>;
