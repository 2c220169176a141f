import type { AnyJobDefinition } from './job-registry.js';
import { PermanentJobError, type JobContext } from './queue.js';

/** Parse the stored payload with the job's schema, then run its handler. */
export async function runJobHandler(job: AnyJobDefinition, payload: unknown, ctx: JobContext): Promise<void> {
  const parsed = job.payload.safeParse(payload);
  if (!parsed.success) {
    throw new PermanentJobError(`invalid payload for ${job.name}: ${parsed.error.message}`);
  }
  await job.handler(parsed.data, ctx);
}

/** A short, log-safe description of a failure (first line, bounded). */
export function describeJobError(err: unknown): string {
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return (message.split('\n')[0] ?? message).slice(0, 1000);
}

export const isPermanentJobError = (err: unknown): boolean => err instanceof PermanentJobError;

/** Resolve after `ms` or when `signal` aborts, whichever comes first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
