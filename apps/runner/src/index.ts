/**
 * @assay/runner public API. Each area exports from its own index; append yours here.
 */
export * from './judge/index.js';
export * from './languages/index.js';
export * from './packages/index.js';
export * from './compare/index.js';
export { runJudgeCommand, formatJudgeResult } from './cli/judge-command.js';
export { runProblemVerifyCommand, matchesExpectation, type VerifyRow } from './cli/problem-verify-command.js';
export type { CommandIo } from './cli/cli-support.js';
export {
  createSandboxHost,
  SandboxUnavailableError,
  type SandboxHost,
  type SelfTestReport,
  type SelfTestCheck,
} from './sandbox/index.js';
