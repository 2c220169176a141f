import type { Db } from '../../db/index.js';
import type { Clock } from '../../platform/clock/index.js';
import { createSecretBox } from '../../platform/crypto/index.js';
import type { HttpClient } from '../../platform/http-client/index.js';
import type { Queue } from '../../platform/jobs/index.js';
import type { Logger } from '../../platform/log/index.js';
import { createWebhookJobs } from './webhooks.jobs.js';
import { webhooksRoutes } from './webhooks.routes.js';
import { createWebhooksService, type WebhooksServiceDeps } from './webhooks.service.js';

export interface WebhooksModuleDeps {
  db: Db;
  clock: Clock;
  queue: Queue;
  /** The SSRF-guarded client (tests pass one that allows loopback). */
  http: HttpClient;
  /** 32-byte instance secret: endpoint secrets are sealed with a key derived from it. */
  secretKey: Buffer;
  log?: Pick<Logger, 'warn'>;
  /** Dead-delivery notices to owners and admins. */
  notify?: WebhooksServiceDeps['notify'];
  random?: () => number;
}

/**
 * Outgoing webhooks. Other modules publish events with `service.publishEvent(trx, event)`
 * inside their own transaction; delivery runs through the job queue.
 */
export function createWebhooksModule(deps: WebhooksModuleDeps) {
  const service = createWebhooksService({
    ...deps,
    secrets: createSecretBox(deps.secretKey, 'webhook-secret'),
  });
  return {
    service,
    routes: webhooksRoutes({ webhooks: service }),
    jobs: createWebhookJobs({ deliver: (id) => service.deliver(id) }),
  };
}

export type WebhooksModule = ReturnType<typeof createWebhooksModule>;
export type { WebhookEvent, WebhooksService, WebhookActor } from './webhooks.service.js';
export { DeliverWebhookJob } from './webhooks.jobs.js';
export { signPayload, nextRetryDelayMs, RETRY_SCHEDULE_MS } from './webhooks.policy.js';
