import { createLocalRunnerClient, type ExecutionBackend } from '@assay/runner/protocol';
import { createRunnerMonitor, type RunnerMonitor } from '../modules/grading/index.js';
import type { Clock } from '../platform/clock/index.js';
import type { Logger } from '../platform/log/index.js';

/** The process's one execution backend and the monitor watching it. */
export interface LocalRunnerRuntime {
  /** Shared by the attempts module (candidate runs) and grading: one `assay-runner` child per process. */
  backend: ExecutionBackend;
  monitor: RunnerMonitor;
}

/**
 * The local `assay-runner` child (empty environment, protocol on a pipe; sandbox.md §12) and
 * the monitor that keeps its self-test result current for /healthz and /metrics. Pass `backend`
 * as `AppDeps.execution` and `monitor` as `AppDeps.runner`.
 */
export function createLocalRunnerRuntime(deps: { logger: Logger; clock: Clock }): LocalRunnerRuntime {
  const log = deps.logger.child({ component: 'runner' });
  const backend = createLocalRunnerClient({ onLog: (line) => log.info(line) });
  const monitor = createRunnerMonitor({
    backend,
    now: () => deps.clock.now(),
    onChange: (status) => {
      if (status.state === 'unavailable') {
        log.warn({ reason: status.reason }, 'sandbox runner unavailable: grading waits (run `assay doctor`)');
      } else if (status.state === 'ready') log.info('sandbox runner ready');
    },
  });
  return { backend, monitor };
}
