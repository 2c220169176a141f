import { z } from 'zod';
import { TestKindSchema } from './challenges.js';
import { CreateInvitationBodySchema, InvitationParamsSchema, InvitationStatusSchema } from './invitations.js';

/**
 * Public API v1: `Authorization: Bearer asy_…` only (personal API tokens, Settings → API
 * tokens); a session cookie gets 401. The token acts with its owner's current role in the
 * organization, narrowed by its scopes (missing scope → 403; another organization → 404).
 *
 *   GET  /api/v1/orgs/:orgId/tests                                   tests:read         → ApiV1TestList (published tests)
 *   POST /api/v1/orgs/:orgId/invitations          ApiV1CreateInvitationBody  invitations:write → 201 ApiV1Invitation
 *   GET  /api/v1/orgs/:orgId/invitations/:invitationId               reports:read | invitations:write → ApiV1Invitation
 *   GET  /api/v1/orgs/:orgId/invitations/:invitationId/report        reports:read       → Report
 *
 * `POST …/invitations` accepts an `Idempotency-Key` header (1–255 printable characters): the
 * same key with the same body within 24 h answers the stored result; the same key with
 * another body → 422; while the first request is still running → 409.
 */

export const ApiV1TestSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: TestKindSchema,
  /** The published version invitations get. */
  publishedVersion: z.number().int(),
  timeLimitMinutes: z.number().int(),
  /** Default validity of an invitation, in days. */
  validityDays: z.number().int(),
  allowedLanguages: z.array(z.string()),
});
export type ApiV1Test = z.infer<typeof ApiV1TestSchema>;

export const ApiV1TestListSchema = z.object({ items: z.array(ApiV1TestSchema) });
export type ApiV1TestList = z.infer<typeof ApiV1TestListSchema>;

/** The same body as the web invite (`tags` included). */
export const ApiV1CreateInvitationBodySchema = CreateInvitationBodySchema;
export type ApiV1CreateInvitationBody = z.infer<typeof ApiV1CreateInvitationBodySchema>;

export const ApiV1InvitationParamsSchema = InvitationParamsSchema;

export const IdempotencyKeyHeadersSchema = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(255)
    .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces')
    .optional(),
});

export const ApiV1InvitationSchema = z.object({
  id: z.string(),
  status: InvitationStatusSchema,
  candidate: z.object({ id: z.string(), name: z.string(), email: z.string() }),
  test: z.object({ id: z.string(), name: z.string() }),
  /** Percent 0–100 once graded (after reviewer overrides), else null. */
  score: z.number().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  openedAt: z.string().nullable(),
  startedAt: z.string().nullable(),
  submittedAt: z.string().nullable(),
  gradedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  expiresAt: z.string(),
  /** The report page (needs an Assay login): `<PUBLIC_URL>/reports/<invitationId>`. */
  reportUrl: z.string(),
});
export type ApiV1Invitation = z.infer<typeof ApiV1InvitationSchema>;

/**
 * `data` of the `invitation.*` and `report.ready` webhook events. Deliberately without the
 * candidate's name or email (minimal personal data in third-party logs): fetch
 * `GET /api/v1/orgs/:orgId/invitations/:invitationId` with a token when you need them.
 */
export const InvitationWebhookDataSchema = z.object({
  invitationId: z.string(),
  organizationId: z.string(),
  candidateId: z.string(),
  test: z.object({ id: z.string(), name: z.string(), versionId: z.string() }),
  status: InvitationStatusSchema,
  /** Percent 0–100 once graded, else null. */
  score: z.number().nullable(),
  reportUrl: z.string(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  submittedAt: z.string().nullable(),
  gradedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  expiredAt: z.string().nullable(),
  expiresAt: z.string(),
  /** `report.ready` only: true when a re-grade or a reviewer override changed the score. */
  rescored: z.boolean().optional(),
});
export type InvitationWebhookData = z.infer<typeof InvitationWebhookDataSchema>;
