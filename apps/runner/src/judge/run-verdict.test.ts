import { describe, expect, it } from 'vitest';
import type { RunResult } from '../sandbox/types.js';
import { runVerdict } from './run-verdict.js';

function run(over: Partial<RunResult>): RunResult {
  return {
    outcome: 'completed',
    termination: 'exited',
    exitCode: 0,
    signal: null,
    cpuMs: 10,
    wallMs: 20,
    peakMemoryBytes: 1 << 20,
    stdout: Buffer.alloc(0),
    stdoutTruncated: false,
    stderr: Buffer.alloc(0),
    stderrTruncated: false,
    ...over,
  };
}

describe('runVerdict (sandbox.md §7 order)', () => {
  it('IE for set-up failures, before anything else', () => {
    expect(runVerdict(run({ outcome: 'setup-failed', termination: 'output-limit' }), 1000)).toBe('IE');
  });
  it('OLE before MLE and TLE', () => {
    expect(runVerdict(run({ termination: 'output-limit', cpuMs: 5000 }), 1000)).toBe('OLE');
  });
  it('MLE from oom_kill or out-of-memory messages', () => {
    expect(runVerdict(run({ termination: 'memory-limit', signal: 'SIGKILL', exitCode: null }), 1000)).toBe(
      'MLE',
    );
    expect(
      runVerdict(
        run({ exitCode: 1, stderr: Buffer.from('java.lang.OutOfMemoryError: Java heap space') }),
        1000,
      ),
    ).toBe('MLE');
    expect(runVerdict(run({ exitCode: 1, stderr: Buffer.from('MemoryError') }), 1000)).toBe('MLE');
    expect(runVerdict(run({ exitCode: 0, stderr: Buffer.from('MemoryError') }), 1000)).toBeNull();
    // Stopped for time while thrashing at the memory limit.
    expect(runVerdict(run({ termination: 'wall-limit', peakMemoryBytes: 256 << 20 }), 1000, 256 << 20)).toBe(
      'MLE',
    );
    expect(runVerdict(run({ termination: 'wall-limit', peakMemoryBytes: 100 << 20 }), 1000, 256 << 20)).toBe(
      'TLE',
    );
  });
  it('TLE from the cgroup CPU, the wall timer or SIGXCPU', () => {
    expect(runVerdict(run({ termination: 'cpu-limit' }), 1000)).toBe('TLE');
    expect(runVerdict(run({ termination: 'wall-limit' }), 1000)).toBe('TLE');
    expect(runVerdict(run({ signal: 'SIGXCPU', exitCode: null }), 1000)).toBe('TLE');
    expect(runVerdict(run({ cpuMs: 1001 }), 1000)).toBe('TLE');
  });
  it('RTE for a non-zero exit or a signal; null when it must be compared', () => {
    expect(runVerdict(run({ exitCode: 3 }), 1000)).toBe('RTE');
    expect(runVerdict(run({ exitCode: null, signal: 'SIGSEGV' }), 1000)).toBe('RTE');
    expect(runVerdict(run({}), 1000)).toBeNull();
  });
});
