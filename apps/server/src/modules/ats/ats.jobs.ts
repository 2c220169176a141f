import { z } from 'zod';
import type { JobDefinition, JobRef } from '../../platform/jobs/index.js';

/** One attempt of one ATS delivery; the handler schedules the next attempt itself (backoff, Retry-After). */
export const DeliverAtsJob: JobRef<{ deliveryId: string }> = {
  name: 'ats.deliver',
  payload: z.object({ deliveryId: z.string() }),
};

/** The ATS jobs, for the registry. */
export function createAtsJobs(deps: {
  deliver(deliveryId: string, signal: AbortSignal): Promise<void>;
}): JobDefinition<{ deliveryId: string }>[] {
  return [{ ...DeliverAtsJob, handler: (payload, ctx) => deps.deliver(payload.deliveryId, ctx.signal) }];
}
