import { z } from 'zod';
import { AtsLinkSchema, AtsUrlSchema, CandidateSchema, CandidateTagsSchema } from './candidates.js';
import { EmailSchema, OrgParamsSchema, PersonNameSchema } from './identity.js';

/**
 * Candidate invitations to a test, and the Activities page.
 *
 * Organization-scoped (member of :orgId; other organizations → 404). Reads: any role;
 * writes: recruiter and above (reviewer → 403). Every write is JSON (`{}` when empty).
 *
 *   POST /api/orgs/:orgId/invitations                  CreateInvitationBody → 201 Invitation
 *        409 invitations.duplicate (same candidate + test, still open): resend with confirmDuplicate: true
 *        404 tests.not_found · 409 tests.not_published · 409 tests.archived
 *   POST /api/orgs/:orgId/invitations/bulk             BulkInviteBody       → BulkInviteResult (per-row results)
 *   GET  /api/orgs/:orgId/invitations/:invitationId                         → Invitation
 *   POST /api/orgs/:orgId/invitations/:invitationId/cancel          {}      → Invitation
 *   POST /api/orgs/:orgId/invitations/:invitationId/extend-time     ExtendTimeBody     → Invitation
 *   POST /api/orgs/:orgId/invitations/:invitationId/extend-validity ExtendValidityBody → Invitation (expired → invited)
 *   POST /api/orgs/:orgId/invitations/:invitationId/resend          {}      → Invitation (new link; the old one dies)
 *   POST /api/orgs/:orgId/invitations/:invitationId/reinvite        ReinviteBody → 201 Invitation (after expiry/cancel)
 *   GET  /api/orgs/:orgId/activities                   ActivitiesQuery → ActivitiesPage
 *   GET  /api/orgs/:orgId/activities.csv               ActivitiesQuery (page/pageSize ignored) → text/csv
 *   (candidate detail) GET /api/orgs/:orgId/candidates/:candidateId → CandidateDetail
 *
 * Public (candidate side; rate-limited). The mail link is `<PUBLIC_URL>/take#token=<token>`:
 * the token lives in the fragment and the page POSTs it (opening the link changes nothing).
 *
 *   POST /api/candidate/invitation                     CandidateInvitationLookupBody → CandidateInvitationLanding
 *        (marks an `invited` invitation `opened`; 404 invitations.not_found for an unknown or dead token)
 *
 * The Activities page refreshes by polling (react-query `refetchInterval`); statuses change server-side.
 */

export const InvitationStatusSchema = z.enum([
  'invited',
  'opened',
  'started',
  'submitted',
  'graded',
  'expired',
  'cancelled',
  'grading_failed',
]);
export type InvitationStatus = z.infer<typeof InvitationStatusSchema>;

export const InvitationLimits = {
  defaultExpiresInDays: 7,
  maxExpiresInDays: 90,
  maxExtraTimeMinutes: 24 * 60,
  maxMessageLength: 2000,
  maxBulkRows: 500,
  maxBulkCsvBytes: 256 * 1024,
} as const;

const expiresInDays = z.number().int().min(1).max(InvitationLimits.maxExpiresInDays);
const extraTimeMinutes = z.number().int().min(0).max(InvitationLimits.maxExtraTimeMinutes);
const personalMessage = z.string().trim().max(InvitationLimits.maxMessageLength);

export const InvitationParamsSchema = OrgParamsSchema.extend({ invitationId: z.string().min(1).max(64) });

/** The ATS badge on an invitation row: the candidate's ATS link state. */
export const AtsBadgeSchema = AtsLinkSchema.pick({ status: true, provider: true, profileUrl: true });
export type AtsBadge = z.infer<typeof AtsBadgeSchema>;

export const InvitationSchema = z.object({
  id: z.string(),
  candidate: z.object({ id: z.string(), name: z.string(), email: z.string() }),
  test: z.object({ id: z.string(), name: z.string(), versionId: z.string() }),
  status: InvitationStatusSchema,
  /** Percent 0–100, null until graded. */
  score: z.number().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  openedAt: z.string().nullable(),
  startedAt: z.string().nullable(),
  submittedAt: z.string().nullable(),
  gradedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  expiresAt: z.string(),
  /** Accommodation + extensions, added to the test's time limit. */
  extraTimeMinutes: z.number().int(),
  timeLimitMinutes: z.number().int(),
  invitedByUserId: z.string().nullable(),
  atsBadge: AtsBadgeSchema,
});
export type Invitation = z.infer<typeof InvitationSchema>;

export const CreateInvitationBodySchema = z
  .object({
    testId: z.string().min(1).max(64),
    name: PersonNameSchema,
    email: EmailSchema,
    atsUrl: AtsUrlSchema.optional(),
    expiresInDays: expiresInDays.optional(),
    extraTimeMinutes: extraTimeMinutes.optional(),
    message: personalMessage.optional(),
    tags: CandidateTagsSchema.optional(),
    /** Set after a 409 invitations.duplicate warning to invite anyway. */
    confirmDuplicate: z.boolean().optional(),
  })
  .strict();
export type CreateInvitationBody = z.infer<typeof CreateInvitationBodySchema>;

/**
 * CSV bulk invite: `csv` has a header row `name,email[,ats_url]` (any order, case-insensitive);
 * line numbers in the result count the header as line 1.
 */
export const BulkInviteBodySchema = z
  .object({
    testId: z.string().min(1).max(64),
    csv: z.string().min(1).max(InvitationLimits.maxBulkCsvBytes),
    expiresInDays: expiresInDays.optional(),
    extraTimeMinutes: extraTimeMinutes.optional(),
    message: personalMessage.optional(),
    /** Invite rows that duplicate an open invitation too (otherwise they are reported, not invited). */
    confirmDuplicates: z.boolean().optional(),
  })
  .strict();
export type BulkInviteBody = z.infer<typeof BulkInviteBodySchema>;

export const BulkInviteRowResultSchema = z.object({
  line: z.number().int(),
  email: z.string(),
  status: z.enum(['invited', 'duplicate', 'error']),
  message: z.string().optional(),
  invitationId: z.string().optional(),
});
export type BulkInviteRowResult = z.infer<typeof BulkInviteRowResultSchema>;

export const BulkInviteResultSchema = z.object({
  invited: z.number().int(),
  duplicates: z.number().int(),
  errors: z.number().int(),
  rows: z.array(BulkInviteRowResultSchema),
});
export type BulkInviteResult = z.infer<typeof BulkInviteResultSchema>;

export const ExtendTimeBodySchema = z
  .object({ minutes: z.number().int().min(1).max(InvitationLimits.maxExtraTimeMinutes) })
  .strict();
export type ExtendTimeBody = z.infer<typeof ExtendTimeBodySchema>;

export const ExtendValidityBodySchema = z.object({ days: expiresInDays }).strict();
export type ExtendValidityBody = z.infer<typeof ExtendValidityBodySchema>;

export const ReinviteBodySchema = z
  .object({ expiresInDays: expiresInDays.optional(), message: personalMessage.optional() })
  .strict();
export type ReinviteBody = z.infer<typeof ReinviteBodySchema>;

// ---- Activities ---------------------------------------------------------------------------

export const ActivitiesSortSchema = z.enum(['created', 'status', 'score', 'name']);
export type ActivitiesSort = z.infer<typeof ActivitiesSortSchema>;

/** `status` may repeat (`?status=invited&status=opened`) or be comma-separated. */
export const ActivitiesQuerySchema = z.object({
  status: z
    .preprocess((v: unknown): unknown => {
      if (typeof v !== 'string' && !Array.isArray(v)) return v;
      const values: unknown[] = typeof v === 'string' ? [v] : v;
      return values.flatMap((s) => (typeof s === 'string' ? s.split(',') : [s])).filter((s) => s !== '');
    }, z.array(InvitationStatusSchema).max(8))
    .optional(),
  testId: z.string().min(1).max(64).optional(),
  /** Invitations created at or after / before these instants. */
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  /** Search by candidate name or email. */
  q: z.string().trim().max(200).optional(),
  sort: ActivitiesSortSchema.default('created'),
  order: z.enum(['asc', 'desc']).default('desc'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});
export type ActivitiesQuery = z.infer<typeof ActivitiesQuerySchema>;

export const ActivitiesPageSchema = z.object({
  items: z.array(InvitationSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type ActivitiesPage = z.infer<typeof ActivitiesPageSchema>;

// ---- Candidate detail ---------------------------------------------------------------------

export const CandidateDetailSchema = z.object({
  candidate: CandidateSchema,
  invitations: z.array(InvitationSchema),
});
export type CandidateDetail = z.infer<typeof CandidateDetailSchema>;

// ---- Candidate side (public) ----------------------------------------------------------------

export const CandidateInvitationLookupBodySchema = z.object({ token: z.string().min(1).max(200) }).strict();
export type CandidateInvitationLookupBody = z.infer<typeof CandidateInvitationLookupBodySchema>;

export const CandidateInvitationLandingSchema = z.object({
  organization: z.object({
    name: z.string(),
    logoUrl: z.string().nullable(),
    accentColor: z.string().nullable(),
  }),
  candidateName: z.string(),
  test: z.object({
    name: z.string(),
    kind: z.enum(['project', 'problems']),
    languages: z.array(z.string()),
  }),
  /** The recruiter's instructions for this test (plain text; empty when none). */
  instructions: z.string(),
  /** Test time limit + extra time. */
  timeLimitMinutes: z.number().int(),
  extraTimeMinutes: z.number().int(),
  status: InvitationStatusSchema,
  expiresAt: z.string(),
  /** True while the candidate can still start (invited/opened and not past expiry). */
  canStart: z.boolean(),
  /** A clear sentence for expired, cancelled, submitted or graded invitations. */
  message: z.string().nullable(),
});
export type CandidateInvitationLanding = z.infer<typeof CandidateInvitationLandingSchema>;
