import { z } from 'zod';
import type { JobRef } from '../../platform/jobs/index.js';

/** The daily retention sweep: erase candidates past their organization's retention period; re-enqueues itself. */
export const retentionSweepJob: JobRef<Record<string, never>> = {
  name: 'data-rights.retention-sweep',
  payload: z.object({}).strict(),
};

/**
 * Remove erased attempts' repositories and compact the database. Enqueued in the erasure
 * transaction, so files are removed even when the process dies right after the commit. Idempotent.
 */
export const removeAttemptFilesJob: JobRef<{ attemptIds: string[] }> = {
  name: 'data-rights.remove-attempt-files',
  payload: z.object({ attemptIds: z.array(z.string().min(1).max(64)).max(10_000) }),
};
