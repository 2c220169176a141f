import type { ExecutionBackend } from '@assay/runner/protocol';

/** What the server knows about its runner, for /healthz, /metrics and Settings. */
export type RunnerStatus =
  | { state: 'starting' }
  | { state: 'ready'; checkedAt: string; cgroupVersion: 1 | 2 | null }
  | { state: 'unavailable'; checkedAt: string; reason: string };

export interface RunnerMonitor {
  status(): RunnerStatus;
  /** Check now and then every `intervalMs`; never throws. */
  start(): void;
  stop(): Promise<void>;
}

/**
 * Keeps the runner's health (its sandbox self-test) current without blocking requests:
 * /healthz reports it in the body (it never changes the status code, interfaces.md).
 */
export function createRunnerMonitor(deps: {
  backend: Pick<ExecutionBackend, 'health' | 'close'>;
  now: () => Date;
  intervalMs?: number;
  onChange?: (status: RunnerStatus) => void;
}): RunnerMonitor {
  let current: RunnerStatus = { state: 'starting' };
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;

  const set = (next: RunnerStatus) => {
    const changed = next.state !== current.state;
    current = next;
    if (changed) deps.onChange?.(next);
  };

  const check = async () => {
    const checkedAt = deps.now().toISOString();
    try {
      const health = await deps.backend.health();
      if (health.ok) set({ state: 'ready', checkedAt, cgroupVersion: health.cgroupVersion });
      else {
        const failed = health.checks.filter((c) => !c.ok).map((c) => c.name);
        set({ state: 'unavailable', checkedAt, reason: `self-test failed: ${failed.join(', ')}` });
      }
    } catch (err) {
      set({ state: 'unavailable', checkedAt, reason: err instanceof Error ? err.message : String(err) });
    }
  };

  const tick = () => {
    inFlight ??= check().finally(() => {
      inFlight = undefined;
    });
  };

  return {
    status: () => current,
    start() {
      tick();
      timer = setInterval(tick, deps.intervalMs ?? 30_000);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      await inFlight;
      await deps.backend.close();
    },
  };
}
