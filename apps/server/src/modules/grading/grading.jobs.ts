import { z } from 'zod';
import {
  defaultRetryPolicy,
  type JobDefinition,
  type JobContext,
  type JobRef,
} from '../../platform/jobs/index.js';

/**
 * Grade one `gradings` row on the sandbox runner. A sandbox failure throws and retries (5 attempts,
 * exponential backoff); the last attempt marks the grading `failed` and the invitation
 * `grading_failed`, and the job goes dead (Settings → Failed jobs).
 */
export const GradeJob: JobRef<{ gradingId: string }> = {
  name: 'grading.grade',
  payload: z.object({ gradingId: z.string().min(1).max(64) }),
};

/** The grading job's retry policy (the default: 5 attempts, 10 s doubling, jitter). */
export const gradingRetryPolicy = defaultRetryPolicy;

/** The grading jobs, for the registry. */
export function createGradingJobs(deps: {
  grade(gradingId: string, ctx: JobContext): Promise<void>;
  /** The worker died during the last attempt: record the failure the handler could not. */
  lost(gradingId: string, error: string): Promise<void>;
}): JobDefinition<{ gradingId: string }>[] {
  return [
    {
      ...GradeJob,
      retry: gradingRetryPolicy,
      handler: (payload, ctx) => deps.grade(payload.gradingId, ctx),
      onLost: (payload, error) => deps.lost(payload.gradingId, error),
    },
  ];
}
