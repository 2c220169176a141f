export * from './judge-types.js';
export { judgeSubmission, type JudgeRequest, type JudgeOptions } from './judge-submission.js';
export { runVerdict, describeRunEnd } from './run-verdict.js';
export { gradeGroup, type GradedNode } from './group-scoring.js';
export {
  prepareSubmission,
  checkSubmissionLimits,
  SubmissionError,
  UnsupportedLanguageError,
  type SubmissionFile,
  type PreparedSubmission,
} from './submission-files.js';
export {
  detectLanguages,
  runSmokeTest,
  smokeSubmission,
  languageCachePath,
  type LanguageStatus,
} from './language-availability.js';
export { compileLimits, runLimits, DEFAULT_RUN } from './sandbox-limits.js';
