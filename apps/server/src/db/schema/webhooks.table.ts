/** An organization's webhook endpoint. Secrets are sealed (platform/crypto/secret-box); `events` is a JSON array. */
export interface WebhookEndpointsTable {
  id: string;
  organization_id: string;
  url: string;
  description: string;
  events: string;
  enabled: number;
  disabled_reason: string | null;
  secret_sealed: string;
  previous_secret_sealed: string | null;
  previous_secret_expires_at: string | null;
  created_at: string;
  updated_at: string;
}

/** One event for one endpoint: status `pending` | `delivered` | `failed` | `dead`; `payload` is the exact body sent. */
export interface WebhookDeliveriesTable {
  id: string;
  organization_id: string;
  endpoint_id: string;
  message_id: string;
  event_type: string;
  payload: string;
  status: string;
  attempts: number;
  next_attempt_at: string | null;
  last_response_status: number | null;
  last_error: string | null;
  last_response_body: string | null;
  last_duration_ms: number | null;
  created_at: string;
  updated_at: string;
}
