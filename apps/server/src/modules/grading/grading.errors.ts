import { defineErrors } from '../../platform/errors/index.js';

/** Grading error codes. */
export const GradingErrors = defineErrors({
  'grading.runner_unavailable': {
    status: 503,
    when: 'a grading job runs without a sandbox runner (no local runner, no RUNNER_URL); the job retries',
  },
  'grading.internal_error': {
    status: 503,
    when: 'the sandbox failed while grading (verdict IE, a step status `error`, a runner error); the job retries',
  },
  'grading.not_submitted': {
    status: 409,
    when: 'grading an attempt that has no frozen submission',
  },
  'grading.in_progress': {
    status: 409,
    when: 'a re-grade while the latest grading of the invitation is still pending or running',
  },
  'grading.invalid_state': {
    status: 409,
    when: 'a re-grade of an invitation that is neither graded nor grading_failed',
  },
});
