import type { AnyJobDefinition } from '../../platform/jobs/index.js';
import { createGradingJobs } from './grading.jobs.js';
import { createGradingService, type GradingDeps } from './grading.service.js';

/**
 * Grading: the `grading.grade` job on the sandbox runner (project and problems tests), scores,
 * re-grades and `grading_failed`. `service.enqueueGrading(trx, …)` is called by the attempts module
 * in the submit transaction; reports call `regrade`, `latestGrading` and `listGradings`; the
 * candidate's attempt page calls `feedbackFor`.
 */
export function createGradingModule(deps: GradingDeps) {
  const service = createGradingService(deps);
  const jobs: AnyJobDefinition[] = createGradingJobs({
    grade: (gradingId, ctx) => service.grade(gradingId, ctx),
    lost: (gradingId, error) => service.lost(gradingId, error),
  });
  return { service, jobs };
}

export type GradingModule = ReturnType<typeof createGradingModule>;
export type {
  AttemptForGrading,
  AttemptsPort,
  FeedbackSummary,
  GradeContext,
  Grading,
  GradingActor,
  GradingDeps,
  GradingService,
} from './grading.service.js';
export { GradeJob, gradingRetryPolicy } from './grading.jobs.js';
export { GradingErrors } from './grading.errors.js';
export { GRADING_PERMISSIONS, MAX_LOG_BYTES } from './grading.policy.js';
export {
  GradedCriterionSchema,
  GradedVersionSchema,
  GradingResultSchema,
  scaleCriteria,
  totalScore,
  type GradedCriterion,
  type ScaledCriterion,
  type GradedVersion,
  type GradingResult,
} from './grading-result.js';
export {
  projectGradeRequest,
  selectProblemFiles,
  type ProjectChallenge,
  type ProblemFileSelection,
} from './grade-request.js';
export { createRunnerMonitor, type RunnerMonitor, type RunnerStatus } from './runner-monitor.js';
