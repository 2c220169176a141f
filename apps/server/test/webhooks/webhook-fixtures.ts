import type { Db } from '../../src/db/index.js';
import { newId } from '../../src/platform/crypto/index.js';

/** An endpoint of `orgId` inserted directly (its sealed secret is a placeholder: never delivered to). */
export async function makeWebhookEndpoint(db: Db, orgId: string): Promise<string> {
  const id = newId();
  const now = new Date().toISOString();
  await db
    .insertInto('webhook_endpoints')
    .values({
      id,
      organization_id: orgId,
      url: 'https://93.184.216.34/hook',
      description: 'fixture',
      events: JSON.stringify(['report.ready']),
      enabled: 1,
      disabled_reason: null,
      secret_sealed: 'v1.placeholder',
      previous_secret_sealed: null,
      previous_secret_expires_at: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

/** A `dead` delivery to a new endpoint of `orgId`. */
export async function makeDeadWebhookDelivery(db: Db, orgId: string): Promise<string> {
  const endpointId = await makeWebhookEndpoint(db, orgId);
  const id = newId();
  const now = new Date().toISOString();
  await db
    .insertInto('webhook_deliveries')
    .values({
      id,
      organization_id: orgId,
      endpoint_id: endpointId,
      message_id: `msg_${id}`,
      event_type: 'report.ready',
      payload: '{}',
      status: 'dead',
      attempts: 10,
      next_attempt_at: null,
      last_response_status: 503,
      last_error: 'HTTP 503',
      last_response_body: null,
      last_duration_ms: 5,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}
