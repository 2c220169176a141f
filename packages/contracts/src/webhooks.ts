import { z } from 'zod';
import { OrgParamsSchema } from './identity.js';

/**
 * Settings → Webhooks (owner/admin of :orgId; other organizations → 404). Deliveries are
 * signed the Standard Webhooks way (`webhook-id`, `webhook-timestamp`, `webhook-signature`).
 *
 *   GET    /api/orgs/:orgId/webhooks                                    → WebhookEndpointList
 *   POST   /api/orgs/:orgId/webhooks                 CreateWebhookBody  → 201 CreatedWebhookEndpoint (secret shown once; re-auth)
 *   PATCH  /api/orgs/:orgId/webhooks/:endpointId     UpdateWebhookBody  → WebhookEndpoint
 *   DELETE /api/orgs/:orgId/webhooks/:endpointId                        → 204
 *   POST   /api/orgs/:orgId/webhooks/:endpointId/rotate-secret  {}      → RotatedWebhookSecret (re-auth; old secret still signs for 24 h)
 *   POST   /api/orgs/:orgId/webhooks/:endpointId/test  {}               → 202 WebhookDelivery (a `webhook.test` event)
 *   GET    /api/orgs/:orgId/webhooks/:endpointId/deliveries  WebhookDeliveriesQuery → WebhookDeliveryList
 *   POST   /api/orgs/:orgId/webhooks/deliveries/:deliveryId/retry  {}   → 202 WebhookDelivery (same message id)
 */

export const WebhookEventTypeSchema = z.enum([
  'invitation.created',
  'invitation.started',
  'invitation.submitted',
  'invitation.expired',
  'invitation.revoked',
  'report.ready',
  'webhook.test',
]);
export type WebhookEventType = z.infer<typeof WebhookEventTypeSchema>;
/** The events an endpoint can subscribe to (`webhook.test` always reaches the endpoint it targets). */
export const SUBSCRIBABLE_WEBHOOK_EVENTS = WebhookEventTypeSchema.options.filter((e) => e !== 'webhook.test');

export const WebhookEndpointSchema = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string(),
  events: z.array(WebhookEventTypeSchema),
  enabled: z.boolean(),
  /** Why the endpoint was switched off automatically (410 Gone), if it was. */
  disabledReason: z.string().nullable(),
  /** Until when the previous secret still signs deliveries (rotation). */
  previousSecretExpiresAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type WebhookEndpoint = z.infer<typeof WebhookEndpointSchema>;

export const WebhookEndpointListSchema = z.object({ items: z.array(WebhookEndpointSchema) });
export type WebhookEndpointList = z.infer<typeof WebhookEndpointListSchema>;

const url = z.string().trim().min(1).max(2000);
const events = z.array(WebhookEventTypeSchema).min(1).max(WebhookEventTypeSchema.options.length);

export const CreateWebhookBodySchema = z
  .object({ url, description: z.string().trim().max(200).default(''), events })
  .strict();
export type CreateWebhookBody = z.input<typeof CreateWebhookBodySchema>;

export const UpdateWebhookBodySchema = z
  .object({
    url: url.optional(),
    description: z.string().trim().max(200).optional(),
    events: events.optional(),
    enabled: z.boolean().optional(),
  })
  .strict();
export type UpdateWebhookBody = z.infer<typeof UpdateWebhookBodySchema>;

/** The only answers that contain the signing secret (`whsec_…`). */
export const CreatedWebhookEndpointSchema = z.object({ endpoint: WebhookEndpointSchema, secret: z.string() });
export type CreatedWebhookEndpoint = z.infer<typeof CreatedWebhookEndpointSchema>;
export const RotatedWebhookSecretSchema = z.object({ endpoint: WebhookEndpointSchema, secret: z.string() });
export type RotatedWebhookSecret = z.infer<typeof RotatedWebhookSecretSchema>;

export const WebhookDeliveryStatusSchema = z.enum(['pending', 'delivered', 'failed', 'dead']);
export type WebhookDeliveryStatus = z.infer<typeof WebhookDeliveryStatusSchema>;

export const WebhookDeliverySchema = z.object({
  id: z.string(),
  endpointId: z.string(),
  /** The `webhook-id` header: the same on every attempt and on Retry. */
  messageId: z.string(),
  eventType: WebhookEventTypeSchema,
  status: WebhookDeliveryStatusSchema,
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  lastResponseStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  /** First 1 KiB of the last response body. */
  lastResponseBody: z.string().nullable(),
  lastDurationMs: z.number().int().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type WebhookDelivery = z.infer<typeof WebhookDeliverySchema>;

export const WebhookDeliveryListSchema = z.object({ items: z.array(WebhookDeliverySchema) });
export type WebhookDeliveryList = z.infer<typeof WebhookDeliveryListSchema>;

export const WebhookDeliveriesQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  status: WebhookDeliveryStatusSchema.optional(),
});

export const WebhookParamsSchema = OrgParamsSchema.extend({ endpointId: z.string().min(1).max(64) });
export const WebhookDeliveryParamsSchema = OrgParamsSchema.extend({
  deliveryId: z.string().min(1).max(64),
});
