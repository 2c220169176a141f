import type { Health, LanguageInfo } from './common.schema.js';
import type { JudgeRequest, JudgeResult, JudgeTestResult } from './judge.schema.js';
import type { ProjectRequest, ProjectResult } from './project.schema.js';

/**
 * Where code is executed (sandbox.md §10): the local `assay-runner` (default) or a remote runner.
 * The server's grading module and `assay judge` use only this.
 */
export interface ExecutionBackend {
  /** Languages whose smoke test passed. */
  languages(): Promise<LanguageInfo[]>;
  /** The runner's self-test report. */
  health(): Promise<Health>;
  /** Judges an algorithmic submission; `onTest` is called as each test case finishes. */
  judge(
    request: JudgeRequest,
    options?: { signal?: AbortSignal; onTest?: (test: JudgeTestResult) => void },
  ): Promise<JudgeResult>;
  /** Builds and tests a project submission. */
  runProject(request: ProjectRequest, options?: { signal?: AbortSignal }): Promise<ProjectResult>;
  /** Stops the backend (a local runner exits, killing its sandboxes). */
  close(): Promise<void>;
}

/** A request the runner answered with an error (bad request, invalid archive, internal error, aborted). */
export class RunnerRequestError extends Error {
  override readonly name = 'RunnerRequestError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
