import { z } from 'zod';

/**
 * SmartRecruiters wire shapes (contracts/smartrecruiters.md), field names verbatim. Inbound
 * schemas ignore unknown fields (SR adds fields without notice); outbound ones describe what
 * we send. Nothing here knows Assay's vocabulary: `sr.mapper.ts` translates.
 */

/** SR ids: Customer API ids are UUIDs or numeric strings; numbers are accepted and stringified. */
const SrId = z.union([z.string().trim().min(1).max(200), z.number().int().nonnegative()]).transform(String);

/** `POST P/packages/orders` body (§3). Required set [C]; nested shapes [I]. */
export const SrOrderSchema = z.object({
  resultCallbackURL: z.string().trim().min(1).max(2000),
  assessmentPackageId: SrId,
  companyId: SrId,
  /** Deprecated: use `job.id`. */
  jobId: SrId.optional(),
  candidate: z.object({
    id: SrId,
    firstName: z.string().max(200).default(''),
    lastName: z.string().max(200).default(''),
    email: z.string().trim().max(320),
  }),
  job: z.object({ id: SrId }).optional(),
  /** Absent when the order was auto-triggered by a hiring step. */
  requester: z
    .object({
      userId: SrId.optional(),
      email: z.string().trim().max(320).optional(),
    })
    .nullish(),
  fields: z.record(z.string(), z.unknown()).nullish(),
});
export type SrOrder = z.infer<typeof SrOrderSchema>;

export const SrAssessmentSchema = z.object({
  id: z.string(),
  name: z.string().optional(),
  description: z.string(),
  type: z.literal('SKILL_TEST'),
});

/** A package as `GET P/packages` and `GET P/packages/:id` answer it. */
export const SrPackageSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  type: z.literal('SKILL_TEST'),
  assessments: z.array(SrAssessmentSchema),
});
export type SrPackage = z.infer<typeof SrPackageSchema>;

export const SR_ERROR_CODES = [
  'INVALID_REQUEST',
  'UNAUTHORIZED',
  'INTEGRATION_INACTIVE',
  'PACKAGE_NOT_FOUND',
  'ORDER_CONFLICT',
  'RATE_LIMITED',
] as const;
export type SrErrorCode = (typeof SR_ERROR_CODES)[number];

/** SR's `ErrorResponse`. */
export const SrErrorResponseSchema = z.object({
  message: z.string(),
  errors: z.array(z.object({ code: z.string(), message: z.string() })),
});
export type SrErrorResponse = z.infer<typeof SrErrorResponseSchema>;

export const SR_STATUSES = ['PENDING', 'IN_PROGRESS', 'COMPLETED', 'REJECTED', 'EXPIRED'] as const;
export type SrStatus = (typeof SR_STATUSES)[number];

export const SrScoreSchema = z.object({
  raw: z.number().int(),
  min: z.number().int(),
  max: z.number().int(),
});

export const SrAttachmentSchema = z.object({
  type: z.enum(['VIDEO_URL', 'PDF_URL', 'OTHER_URL']),
  url: z.string(),
  name: z.string(),
});
export type SrAttachment = z.infer<typeof SrAttachmentSchema>;

/** The results PATCH (JSON merge patch, full state every time). */
export const SrResultPatchSchema = z.object({
  status: z.enum(SR_STATUSES),
  name: z.string().optional(),
  assessmentPackageDate: z.string().optional(),
  submissionDate: z.string().optional(),
  score: SrScoreSchema.optional(),
  scoreLabel: z.string().optional(),
  summary: z.string().max(1000).optional(),
  attachments: z.array(SrAttachmentSchema).optional(),
  assessmentResults: z
    .array(
      z.object({
        assessmentId: z.string(),
        status: z.enum(SR_STATUSES),
        score: SrScoreSchema.optional(),
        scoreLabel: z.string().optional(),
      }),
    )
    .optional(),
});
export type SrResultPatch = z.infer<typeof SrResultPatchSchema>;

/** Token endpoint answer (SR's identity server and ours). */
export const SrTokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.coerce.number().positive().optional(),
});
export type SrTokenResponse = z.infer<typeof SrTokenResponseSchema>;

/** `POST {SR}/messages/shares` body. */
export const SrNoteBodySchema = z.object({
  content: z.string(),
  correlationId: z.string(),
  shareWith: z.object({ openNote: z.literal(true) }),
});
export type SrNoteBody = z.infer<typeof SrNoteBodySchema>;

/** The partner configuration `PUT/GET {SR}/assessment-api/v202010/partner/configuration` (§2). */
export const SrPartnerConfigurationSchema = z.object({
  consentUrl: z.string(),
  consentDisplayMode: z.enum(['POPUP', 'REDIRECT']),
  oauthTokenUrl: z.string(),
  assessmentPackageListUrl: z.string(),
  singleAssessmentPackageUrl: z.string(),
  packageOrderUrl: z.string(),
  integrationDisableUrl: z.string(),
  supportedAssessmentTypes: z.array(z.string()),
});
export type SrPartnerConfiguration = z.infer<typeof SrPartnerConfigurationSchema>;

/** The swap's body and answer: `{clientId, clientSecret}` both ways. */
export const SrClientCredentialsSchema = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
});
export type SrClientCredentials = z.infer<typeof SrClientCredentialsSchema>;

/** `GET {SR}/job-applications-api/v202112/job-applications/{id}` (the fields we read). */
export const SrJobApplicationSchema = z.object({
  profileId: z.string().optional(),
  candidateId: z.string().optional(),
  jobId: z.string().optional(),
  id: z.string().optional(),
});

/** `GET {SR}/candidates/{id}` (the fields we read). */
export const SrCandidateSchema = z.object({
  id: z.string(),
  primaryAssignment: z
    .object({ job: z.object({ id: z.string() }).partial() })
    .partial()
    .nullish(),
  secondaryAssignments: z
    .array(z.object({ job: z.object({ id: z.string() }).partial() }).partial())
    .nullish(),
});

/** `GET {SR}/candidates/{id}/jobs/{jobId}` (the fields we read). */
export const SrCandidateJobSchema = z.object({
  applicationId: z.string().optional(),
  id: z.string().optional(),
});
