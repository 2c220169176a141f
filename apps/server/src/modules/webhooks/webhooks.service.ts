import type {
  CreateWebhookBody,
  CreatedWebhookEndpoint,
  RotatedWebhookSecret,
  UpdateWebhookBody,
  WebhookDelivery,
  WebhookDeliveryStatus,
  WebhookEndpoint,
  WebhookEventType,
} from '@assay/contracts';
import type { Db, DbOrTrx } from '../../db/index.js';
import type { WebhookEndpointsTable } from '../../db/schema/webhooks.table.js';
import type { Clock } from '../../platform/clock/index.js';
import { newId, type SecretBox } from '../../platform/crypto/index.js';
import { PlatformErrors } from '../../platform/errors/index.js';
import type { HttpClient } from '../../platform/http-client/index.js';
import type { Queue } from '../../platform/jobs/index.js';
import type { Logger } from '../../platform/log/index.js';
import type { MailContent, MailQueue } from '../../platform/mail/index.js';
import { recordAuditEvent } from '../audit/index.js';
import { findAdminRecipients } from '../organizations/index.js';
import { WebhookErrors } from './webhooks.errors.js';
import { DeliverWebhookJob } from './webhooks.jobs.js';
import {
  LOGGED_BODY_BYTES,
  ROTATION_OVERLAP_MS,
  endpointWants,
  newWebhookSecret,
  nextRetryDelayMs,
  signPayload,
} from './webhooks.policy.js';
import { presentDelivery, presentEndpoint } from './webhooks.presenter.js';
import * as repo from './webhooks.repository.js';

export interface WebhookActor {
  userId: string;
  organizationId: string;
}

/** An event other modules publish inside their own transaction. */
export interface WebhookEvent {
  organizationId: string;
  type: Exclude<WebhookEventType, 'webhook.test'>;
  data: Record<string, unknown>;
}

export interface WebhooksServiceDeps {
  db: Db;
  clock: Clock;
  queue: Queue;
  http: HttpClient;
  /** Seals endpoint secrets (purpose `webhook-secret`). */
  secrets: SecretBox;
  log?: Pick<Logger, 'warn'>;
  /** Mail to owners and admins when a delivery goes dead (at most one per endpoint per day). */
  notify?: { mail: MailQueue; render: (content: MailContent) => RenderedMail; publicUrl: string };
  /** Jitter source (tests pin it). */
  random?: () => number;
}

export type WebhooksService = ReturnType<typeof createWebhooksService>;

const notFound = () =>
  PlatformErrors.create('resource.not_found', { message: 'Webhook endpoint not found.' });

type RenderedMail = { subject: string; text: string; html: string };

function truncate(text: string | null): string | null {
  if (text === null) return null;
  const bytes = Buffer.from(text, 'utf8');
  return bytes.length <= LOGGED_BODY_BYTES ? text : bytes.subarray(0, LOGGED_BODY_BYTES).toString('utf8');
}

/** Outgoing webhooks: endpoints, signed deliveries with retries, the delivery log. */
export function createWebhooksService(deps: WebhooksServiceDeps) {
  const { db, clock, queue, http, secrets } = deps;
  const random = deps.random ?? Math.random;

  async function assertUrl(url: string): Promise<void> {
    const checked = await http.validateUrl(url);
    if (!checked.ok) {
      throw WebhookErrors.create('webhooks.invalid_url', {
        message: checked.message,
        details: { fields: { url: [checked.message] } },
      });
    }
  }

  async function requireEndpoint(
    trx: DbOrTrx,
    actor: WebhookActor,
    id: string,
  ): Promise<WebhookEndpointsTable> {
    const row = await repo.findEndpoint(trx, actor.organizationId, id);
    if (!row) throw notFound();
    return row;
  }

  /** One delivery row + its first job, in the caller's transaction. */
  async function createDelivery(
    trx: DbOrTrx,
    endpoint: WebhookEndpointsTable,
    type: WebhookEventType,
    data: Record<string, unknown>,
  ) {
    const now = clock.now().toISOString();
    const row = {
      id: newId(),
      organization_id: endpoint.organization_id,
      endpoint_id: endpoint.id,
      message_id: `msg_${newId()}`,
      event_type: type,
      payload: JSON.stringify({ type, timestamp: now, data }),
      status: 'pending',
      attempts: 0,
      next_attempt_at: now,
      last_response_status: null,
      last_error: null,
      last_response_body: null,
      last_duration_ms: null,
      created_at: now,
      updated_at: now,
    };
    await repo.insertDelivery(trx, row);
    await queue.enqueue(
      trx,
      DeliverWebhookJob,
      { deliveryId: row.id },
      { key: `${row.id}:1`, organizationId: row.organization_id },
    );
    return row;
  }

  /** The dead-letter notice (R6): owners and admins hear about a dead delivery, once a day per endpoint. */
  async function notifyDead(
    trx: DbOrTrx,
    endpoint: WebhookEndpointsTable,
    deliveryId: string,
    error: string,
  ) {
    const notify = deps.notify;
    if (!notify) return;
    const now = clock.now();
    const since = new Date(now.getTime() - 24 * 3600_000).toISOString();
    if (await repo.hasOtherDeadSince(trx, endpoint.id, deliveryId, since)) return;
    const { org, emails } = await findAdminRecipients(trx, endpoint.organization_id);
    if (!org) return;
    const content = notify.render({
      branding: { organizationName: org.name, logoUrl: org.logo_url, accentColor: org.accent_color },
      subject: 'A webhook delivery failed',
      paragraphs: [
        `Assay could not deliver an event to ${endpoint.url} after every retry.`,
        `Last error: ${error}`,
        'Fix the receiver, then use Retry in the delivery log. Further failures of this endpoint today are not mailed.',
      ],
      action: { label: 'Open webhooks', url: new URL('/settings/webhooks', notify.publicUrl).toString() },
    });
    for (const to of emails) {
      await notify.mail.queueMail(trx, {
        organizationId: endpoint.organization_id,
        to,
        kind: 'webhooks.delivery-dead',
        ...content,
      });
    }
  }

  function audit(
    trx: DbOrTrx,
    actor: WebhookActor,
    action: string,
    subjectId: string,
    data?: Record<string, unknown>,
  ) {
    return recordAuditEvent(trx, {
      organizationId: actor.organizationId,
      actorUserId: actor.userId,
      action,
      subjectType: 'webhook_endpoint',
      subjectId,
      ...(data ? { data } : {}),
      occurredAt: clock.now(),
    });
  }

  return {
    async listEndpoints(organizationId: string): Promise<WebhookEndpoint[]> {
      return (await repo.listEndpoints(db, organizationId)).map(presentEndpoint);
    },

    /** @throws webhooks.invalid_url */
    async createEndpoint(actor: WebhookActor, input: CreateWebhookBody): Promise<CreatedWebhookEndpoint> {
      await assertUrl(input.url);
      const now = clock.now().toISOString();
      const id = newId();
      const secret = newWebhookSecret();
      const row: WebhookEndpointsTable = {
        id,
        organization_id: actor.organizationId,
        url: input.url,
        description: input.description ?? '',
        events: JSON.stringify([...new Set(input.events)]),
        enabled: 1,
        disabled_reason: null,
        secret_sealed: secrets.seal(secret, id),
        previous_secret_sealed: null,
        previous_secret_expires_at: null,
        created_at: now,
        updated_at: now,
      };
      await db.transaction().execute(async (trx) => {
        await repo.insertEndpoint(trx, row);
        await audit(trx, actor, 'webhooks.endpoint_created', id, { url: row.url, events: input.events });
      });
      return { endpoint: presentEndpoint(row), secret };
    },

    /** @throws resource.not_found, webhooks.invalid_url */
    async updateEndpoint(
      actor: WebhookActor,
      id: string,
      input: UpdateWebhookBody,
    ): Promise<WebhookEndpoint> {
      if (input.url !== undefined) await assertUrl(input.url);
      return db.transaction().execute(async (trx) => {
        const row = await requireEndpoint(trx, actor, id);
        const changes: Partial<WebhookEndpointsTable> = { updated_at: clock.now().toISOString() };
        if (input.url !== undefined) changes.url = input.url;
        if (input.description !== undefined) changes.description = input.description;
        if (input.events !== undefined) changes.events = JSON.stringify([...new Set(input.events)]);
        if (input.enabled !== undefined) {
          changes.enabled = input.enabled ? 1 : 0;
          changes.disabled_reason = null;
        }
        await repo.updateEndpoint(trx, id, changes);
        await audit(trx, actor, 'webhooks.endpoint_updated', id, { fields: Object.keys(input) });
        return presentEndpoint({ ...row, ...changes });
      });
    },

    /** @throws resource.not_found */
    async deleteEndpoint(actor: WebhookActor, id: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        if (!(await repo.deleteEndpoint(trx, actor.organizationId, id))) throw notFound();
        await audit(trx, actor, 'webhooks.endpoint_deleted', id);
      });
    },

    /** A new secret; the previous one keeps signing (a second signature) for 24 h. @throws resource.not_found */
    async rotateSecret(actor: WebhookActor, id: string): Promise<RotatedWebhookSecret> {
      return db.transaction().execute(async (trx) => {
        const row = await requireEndpoint(trx, actor, id);
        const now = clock.now();
        const secret = newWebhookSecret();
        const changes = {
          secret_sealed: secrets.seal(secret, id),
          previous_secret_sealed: row.secret_sealed,
          previous_secret_expires_at: new Date(now.getTime() + ROTATION_OVERLAP_MS).toISOString(),
          updated_at: now.toISOString(),
        };
        await repo.updateEndpoint(trx, id, changes);
        await audit(trx, actor, 'webhooks.secret_rotated', id);
        return { endpoint: presentEndpoint({ ...row, ...changes }), secret };
      });
    },

    /** Queue a `webhook.test` event to one endpoint (whatever its filter). @throws resource.not_found */
    async sendTest(actor: WebhookActor, id: string): Promise<WebhookDelivery> {
      return db.transaction().execute(async (trx) => {
        const endpoint = await requireEndpoint(trx, actor, id);
        const row = await createDelivery(trx, endpoint, 'webhook.test', {
          message: 'A test event from Assay.',
          endpointId: id,
        });
        return presentDelivery(row);
      });
    },

    /** @throws resource.not_found */
    async listDeliveries(
      actor: WebhookActor,
      endpointId: string,
      query: { limit: number; status?: WebhookDeliveryStatus | undefined },
    ): Promise<WebhookDelivery[]> {
      await requireEndpoint(db, actor, endpointId);
      const rows = await repo.listDeliveries(db, {
        organizationId: actor.organizationId,
        endpointId,
        limit: query.limit,
        ...(query.status ? { status: query.status } : {}),
      });
      return rows.map(presentDelivery);
    },

    /**
     * Retry a `dead` or `failed` delivery now, with the same message id and body.
     * @throws resource.not_found, webhooks.not_retryable
     */
    async retryDelivery(actor: WebhookActor, deliveryId: string): Promise<WebhookDelivery> {
      return db.transaction().execute(async (trx) => {
        const row = await repo.findOrgDelivery(trx, actor.organizationId, deliveryId);
        if (!row) throw PlatformErrors.create('resource.not_found', { message: 'Delivery not found.' });
        if (row.status !== 'dead' && row.status !== 'failed') {
          throw WebhookErrors.create('webhooks.not_retryable', {
            message: `This delivery is ${row.status}: only failed or dead deliveries can be retried.`,
          });
        }
        const now = clock.now().toISOString();
        const changes = { status: 'pending', next_attempt_at: now, updated_at: now };
        await repo.updateDelivery(trx, row.id, row.status, changes);
        await queue.enqueue(
          trx,
          DeliverWebhookJob,
          { deliveryId: row.id },
          { key: `${row.id}:${row.attempts + 1}`, organizationId: row.organization_id },
        );
        await recordAuditEvent(trx, {
          organizationId: actor.organizationId,
          actorUserId: actor.userId,
          action: 'webhooks.delivery_retried',
          subjectType: 'webhook_delivery',
          subjectId: row.id,
          occurredAt: clock.now(),
        });
        return presentDelivery({ ...row, ...changes });
      });
    },

    /**
     * Publish an event in the caller's transaction: one delivery (and one job) per enabled
     * endpoint of the organization subscribed to `type`. Returns how many were queued.
     */
    async publishEvent(trx: DbOrTrx, event: WebhookEvent): Promise<number> {
      const endpoints = (await repo.listEnabledEndpoints(trx, event.organizationId)).filter((e) =>
        endpointWants(JSON.parse(e.events) as string[], event.type),
      );
      for (const endpoint of endpoints) await createDelivery(trx, endpoint, event.type, event.data);
      return endpoints.length;
    },

    /**
     * One delivery attempt (the `webhooks.deliver` job). Idempotent: only a `pending` or
     * `failed` delivery is attempted; the outcome is written only if the status did not
     * change meanwhile. Schedules the next attempt itself (schedule + Retry-After).
     */
    async deliver(deliveryId: string): Promise<void> {
      const delivery = await repo.findDelivery(db, deliveryId);
      if (!delivery || (delivery.status !== 'pending' && delivery.status !== 'failed')) return;
      const endpoint = await repo.findEndpoint(db, delivery.organization_id, delivery.endpoint_id);
      if (!endpoint) return;
      const started = clock.now();
      const attempts = delivery.attempts + 1;

      if (endpoint.enabled !== 1) {
        await repo.updateDelivery(db, delivery.id, delivery.status, {
          status: 'dead',
          attempts: delivery.attempts,
          next_attempt_at: null,
          last_error: 'The endpoint is disabled.',
          updated_at: started.toISOString(),
        });
        return;
      }

      const timestamp = Math.floor(started.getTime() / 1000);
      const signatures = [
        signPayload(
          secrets.open(endpoint.secret_sealed, endpoint.id),
          delivery.message_id,
          timestamp,
          delivery.payload,
        ),
      ];
      if (
        endpoint.previous_secret_sealed &&
        endpoint.previous_secret_expires_at &&
        new Date(endpoint.previous_secret_expires_at).getTime() > started.getTime()
      ) {
        const previous = secrets.open(endpoint.previous_secret_sealed, endpoint.id);
        signatures.push(signPayload(previous, delivery.message_id, timestamp, delivery.payload));
      }
      const result = await http.send({
        url: endpoint.url,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Assay-Webhooks/1.0',
          'webhook-id': delivery.message_id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signatures.join(' '),
        },
        body: delivery.payload,
      });

      const now = clock.now();
      const common = {
        attempts,
        last_response_status: result.status,
        last_response_body: truncate(result.body),
        last_duration_ms: result.durationMs,
        updated_at: now.toISOString(),
      };
      await db.transaction().execute(async (trx) => {
        if (result.ok) {
          await repo.updateDelivery(trx, delivery.id, delivery.status, {
            ...common,
            status: 'delivered',
            next_attempt_at: null,
            last_error: null,
          });
          return;
        }
        const delay =
          result.kind === 'retryable' ? nextRetryDelayMs(attempts, result.retryAfterMs, random) : null;
        if (delay === null) {
          const updated = await repo.updateDelivery(trx, delivery.id, delivery.status, {
            ...common,
            status: 'dead',
            next_attempt_at: null,
            last_error: result.error,
          });
          if (updated) await notifyDead(trx, endpoint, delivery.id, result.error);
          if (updated && result.kind === 'gone') {
            // 410 Gone: the receiver asks us to stop; an admin can switch the endpoint back on.
            await repo.updateEndpoint(trx, endpoint.id, {
              enabled: 0,
              disabled_reason: `Disabled automatically: the endpoint answered 410 Gone at ${now.toISOString()}.`,
              updated_at: now.toISOString(),
            });
            await recordAuditEvent(trx, {
              organizationId: endpoint.organization_id,
              actorUserId: null,
              action: 'webhooks.endpoint_disabled',
              subjectType: 'webhook_endpoint',
              subjectId: endpoint.id,
              data: { reason: 'gone' },
              occurredAt: now,
            });
          }
          return;
        }
        const runAt = new Date(now.getTime() + delay);
        const updated = await repo.updateDelivery(trx, delivery.id, delivery.status, {
          ...common,
          status: 'failed',
          next_attempt_at: runAt.toISOString(),
          last_error: result.error,
        });
        if (updated) {
          await queue.enqueue(
            trx,
            DeliverWebhookJob,
            { deliveryId: delivery.id },
            { runAt, key: `${delivery.id}:${attempts + 1}`, organizationId: delivery.organization_id },
          );
        }
      });
      if (!result.ok) {
        deps.log?.warn(
          { deliveryId, attempts, kind: result.kind, status: result.status },
          'webhook delivery failed',
        );
      }
    },
  };
}
