import type { WebhookDelivery, WebhookEndpoint, WebhookEventType } from '@assay/contracts';
import type { WebhookDeliveriesTable, WebhookEndpointsTable } from '../../db/schema/webhooks.table.js';

/** Endpoint row → DTO (never the sealed secrets). */
export function presentEndpoint(row: WebhookEndpointsTable): WebhookEndpoint {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: JSON.parse(row.events) as WebhookEventType[],
    enabled: row.enabled === 1,
    disabledReason: row.disabled_reason,
    previousSecretExpiresAt: row.previous_secret_expires_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Delivery row → DTO (the payload itself stays out of the list). */
export function presentDelivery(row: WebhookDeliveriesTable): WebhookDelivery {
  return {
    id: row.id,
    endpointId: row.endpoint_id,
    messageId: row.message_id,
    eventType: row.event_type as WebhookEventType,
    status: row.status as WebhookDelivery['status'],
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastResponseStatus: row.last_response_status,
    lastError: row.last_error,
    lastResponseBody: row.last_response_body,
    lastDurationMs: row.last_duration_ms,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
