import { z } from 'zod';
import type { JobRef } from '../../platform/jobs/index.js';

/**
 * Submit the attempt at deadline + push grace (reason `deadline`), even with the browser closed.
 * Enqueued at Start (key per run time); re-enqueues itself when an extension moved the deadline;
 * the boot sweep enqueues it again for every active attempt. Idempotent.
 */
export const finalizeAttemptJob: JobRef<{ attemptId: string }> = {
  name: 'attempts.finalize',
  payload: z.object({ attemptId: z.string().min(1) }),
};
