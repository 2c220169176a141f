/**
 * `@assay/runner/protocol`: the versioned runner protocol (requests, results, NDJSON framing), the
 * `ExecutionBackend` port, the local runner client and the pure per-criterion scoring the server's
 * grading module applies to project results.
 */
export * from './common.schema.js';
export * from './judge.schema.js';
export * from './project.schema.js';
export * from './messages.schema.js';
export { readNdjson, toNdjsonLine } from './ndjson.js';
export { RunnerRequestError, type ExecutionBackend } from './execution-backend.js';
export {
  createLocalRunnerClient,
  defaultRunnerCommand,
  type LocalRunnerOptions,
} from '../process/local-runner-client.js';
export {
  scoreCriteria,
  type CriteriaScore,
  type CriterionScore,
  type ManifestCriterion,
  type ScoringInput,
} from '../project/criteria-scoring.js';
