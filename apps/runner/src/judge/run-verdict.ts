import type { RunResult } from '../sandbox/types.js';
import type { Verdict } from './judge-types.js';

const OUT_OF_MEMORY =
  /OutOfMemoryError|heap out of memory|MemoryError|std::bad_alloc|memory allocation of \d+ bytes failed/;

/**
 * The verdict a finished run decides by itself (sandbox.md §7, first match wins),
 * or null when its output must be compared. `memoryBytes`, when given, turns a run
 * stopped for time while at its memory limit (reclaim thrashing before the OOM kill)
 * into MLE.
 */
export function runVerdict(result: RunResult, cpuLimitMs: number, memoryBytes?: number): Verdict | null {
  if (result.outcome === 'setup-failed' || result.termination === 'aborted') return 'IE';
  if (result.termination === 'output-limit') return 'OLE';
  const failed = result.exitCode !== 0 || result.signal !== null;
  if (result.termination === 'memory-limit') return 'MLE';
  if (failed && OUT_OF_MEMORY.test(result.stderr.toString('latin1'))) return 'MLE';
  const timedOut =
    result.termination === 'cpu-limit' ||
    result.termination === 'wall-limit' ||
    result.signal === 'SIGXCPU' ||
    result.cpuMs > cpuLimitMs;
  if (timedOut && memoryBytes !== undefined && result.peakMemoryBytes >= 0.97 * memoryBytes) return 'MLE';
  if (timedOut) return 'TLE';
  if (failed) return 'RTE';
  return null;
}

/** A short staff-facing description of how a run ended. */
export function describeRunEnd(result: RunResult): string {
  if (result.outcome === 'setup-failed')
    return `sandbox setup failed: ${result.setupError ?? 'unknown error'}`;
  switch (result.termination) {
    case 'cpu-limit':
      return `CPU time limit exceeded (${result.cpuMs} ms)`;
    case 'wall-limit':
      return `wall-clock limit exceeded (${result.wallMs} ms)`;
    case 'memory-limit':
      return `memory limit exceeded (peak ${Math.round(result.peakMemoryBytes / 1024 / 1024)} MiB)`;
    case 'output-limit':
      return 'output limit exceeded';
    case 'aborted':
      return 'aborted';
    case 'exited':
      if (result.signal !== null) return `killed by ${result.signal}`;
      return `exit code ${result.exitCode ?? '?'}`;
  }
}
