import { z } from 'zod';
import type { JobDefinition, JobRef } from '../../platform/jobs/index.js';

/** One delivery attempt; the handler schedules the next attempt itself (Standard Webhooks schedule, Retry-After). */
export const DeliverWebhookJob: JobRef<{ deliveryId: string }> = {
  name: 'webhooks.deliver',
  payload: z.object({ deliveryId: z.string() }),
};

/** The webhook jobs, for the registry. */
export function createWebhookJobs(deps: {
  deliver(deliveryId: string): Promise<void>;
}): JobDefinition<{ deliveryId: string }>[] {
  return [{ ...DeliverWebhookJob, handler: (payload) => deps.deliver(payload.deliveryId) }];
}
