import { createLocalRunnerClient } from '@assay/runner/protocol';
import { createRunnerMonitor, type RunnerMonitor } from '../modules/grading/index.js';
import type { Clock } from '../platform/clock/index.js';
import type { Logger } from '../platform/log/index.js';

/**
 * The local `assay-runner` child (empty environment, protocol on a pipe; sandbox.md §12) and
 * the monitor that keeps its self-test result current for /healthz and /metrics.
 */
export function createLocalRunnerMonitor(deps: { logger: Logger; clock: Clock }): RunnerMonitor {
  const log = deps.logger.child({ component: 'runner' });
  const backend = createLocalRunnerClient({ onLog: (line) => log.info(line) });
  return createRunnerMonitor({
    backend,
    now: () => deps.clock.now(),
    onChange: (status) => {
      if (status.state === 'unavailable') {
        log.warn({ reason: status.reason }, 'sandbox runner unavailable: grading waits (run `assay doctor`)');
      } else if (status.state === 'ready') log.info('sandbox runner ready');
    },
  });
}
