import { z } from 'zod';
import { OrgParamsSchema } from './identity.js';

/**
 * Settings → Integrations (owner/admin of :orgId; other organizations → 404; reviewers and
 * recruiters → 403). The ATS core (modules/ats) serves these for every provider.
 *
 *   GET    /api/orgs/:orgId/integrations                                  → IntegrationList
 *   POST   /api/orgs/:orgId/integrations/:provider/keys           {}      → 201 IssuedIntegrationKey (re-auth; key shown once;
 *                                                                            SmartRecruiters: replaces the previous key at once;
 *                                                                            Greenhouse: adds one, earlier keys stay valid)
 *   DELETE /api/orgs/:orgId/integrations/:provider/keys/:keyId             → 204 (revoke at once)
 *   PUT    /api/orgs/:orgId/integrations/:provider/credentials  IntegrationCredentialsBody → Integration
 *                                                                           (re-auth; Greenhouse completion credential, sealed)
 *   DELETE /api/orgs/:orgId/integrations/:provider                         → Integration (re-auth; disconnect: keys revoked,
 *                                                                            partner credentials and tokens deleted)
 *   GET    /api/orgs/:orgId/integrations/deliveries   IntegrationDeliveriesQuery → IntegrationDeliveryList
 *   POST   /api/orgs/:orgId/integrations/deliveries/:deliveryId/retry  {} → 202 IntegrationDelivery (same message id)
 *   GET    /api/orgs/:orgId/integrations/errors                            → IntegrationErrorList (partner error reports)
 *
 * CLI: `assay integrations key smartrecruiters|greenhouse --org SLUG` prints a new key.
 */

export const IntegrationProviderSchema = z.enum(['smartrecruiters', 'greenhouse']);
export type IntegrationProvider = z.infer<typeof IntegrationProviderSchema>;

export const INTEGRATION_LABELS: Record<IntegrationProvider, string> = {
  smartrecruiters: 'SmartRecruiters',
  greenhouse: 'Greenhouse',
};

/**
 * The card state: `not_connected` (no key), `waiting` (a key exists; the ATS has not connected
 * or called yet), `activating` (SmartRecruiters credentials swapped, first token pending),
 * `connected`, `error` (`statusReason` says why and what to do).
 */
export const IntegrationStateSchema = z.enum([
  'not_connected',
  'waiting',
  'activating',
  'connected',
  'error',
]);
export type IntegrationState = z.infer<typeof IntegrationStateSchema>;

export const IntegrationKeySchema = z.object({
  id: z.string(),
  /** e.g. `assay_sr_4f9Q…` — never the whole key. */
  displayPrefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export type IntegrationKey = z.infer<typeof IntegrationKeySchema>;

export const IntegrationSchema = z.object({
  provider: IntegrationProviderSchema,
  label: z.string(),
  state: IntegrationStateSchema,
  /** Why `error` (or a warning while connected, e.g. "Notes are off: …"), with what to do. */
  statusReason: z.string().nullable(),
  /** SmartRecruiters companyId once bound. */
  externalAccountId: z.string().nullable(),
  connectedAt: z.string().nullable(),
  /** Active keys (SmartRecruiters: at most one). */
  keys: z.array(IntegrationKeySchema),
  /** Greenhouse: whether the completion credential is stored (its username masked). */
  outboundCredential: z.object({ username: z.string() }).nullable(),
  lastInboundAt: z.string().nullable(),
  lastOutboundAt: z.string().nullable(),
  /** Deliveries needing attention (dead or needs_credentials). */
  failingDeliveries: z.number().int(),
});
export type Integration = z.infer<typeof IntegrationSchema>;

export const IntegrationListSchema = z.object({ items: z.array(IntegrationSchema) });
export type IntegrationList = z.infer<typeof IntegrationListSchema>;

/** The only answer that contains the key. */
export const IssuedIntegrationKeySchema = z.object({
  key: z.string(),
  integration: IntegrationSchema,
});
export type IssuedIntegrationKey = z.infer<typeof IssuedIntegrationKeySchema>;

export const IntegrationCredentialsBodySchema = z
  .object({
    username: z.string().trim().min(1, 'Enter the user name Greenhouse gave you.').max(500),
    /** May be empty (Greenhouse often issues a key used as the user name). */
    password: z.string().max(500).default(''),
  })
  .strict();
export type IntegrationCredentialsBody = z.input<typeof IntegrationCredentialsBodySchema>;

export const IntegrationDeliveryStatusSchema = z.enum([
  'pending',
  'sending',
  'delivered',
  'retry_scheduled',
  'needs_credentials',
  'dead',
  'superseded',
]);
export type IntegrationDeliveryStatus = z.infer<typeof IntegrationDeliveryStatusSchema>;

export const IntegrationDeliverySchema = z.object({
  id: z.string(),
  provider: IntegrationProviderSchema,
  /** e.g. `result`, `attachment`, `note`, `completion`. */
  kind: z.string(),
  /** Human summary, e.g. "COMPLETED 82/100" or "Note: completed". */
  summary: z.string(),
  /** The invitation event that caused it, e.g. `invitations.graded`. */
  cause: z.string(),
  messageId: z.string(),
  status: IntegrationDeliveryStatusSchema,
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  lastResponseStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  /** First 1 KiB of the last response body. */
  lastResponseBody: z.string().nullable(),
  invitationId: z.string().nullable(),
  candidateName: z.string().nullable(),
  testName: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type IntegrationDelivery = z.infer<typeof IntegrationDeliverySchema>;

export const IntegrationDeliveryListSchema = z.object({
  items: z.array(IntegrationDeliverySchema),
  total: z.number().int(),
});
export type IntegrationDeliveryList = z.infer<typeof IntegrationDeliveryListSchema>;

export const IntegrationDeliveriesQuerySchema = z.object({
  provider: IntegrationProviderSchema.optional(),
  status: IntegrationDeliveryStatusSchema.optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});
export type IntegrationDeliveriesQuery = z.infer<typeof IntegrationDeliveriesQuerySchema>;

export const IntegrationErrorSchema = z.object({
  id: z.string(),
  provider: IntegrationProviderSchema,
  apiCall: z.string(),
  errors: z.array(z.string()),
  invitationId: z.string().nullable(),
  createdAt: z.string(),
});
export type IntegrationError = z.infer<typeof IntegrationErrorSchema>;
export const IntegrationErrorListSchema = z.object({ items: z.array(IntegrationErrorSchema) });
export type IntegrationErrorList = z.infer<typeof IntegrationErrorListSchema>;

export const IntegrationParamsSchema = OrgParamsSchema.extend({ provider: IntegrationProviderSchema });
export const IntegrationKeyParamsSchema = IntegrationParamsSchema.extend({
  keyId: z.string().min(1).max(64),
});
export const IntegrationDeliveryParamsSchema = OrgParamsSchema.extend({
  deliveryId: z.string().min(1).max(64),
});
