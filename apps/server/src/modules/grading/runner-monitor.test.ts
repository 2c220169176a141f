import { describe, expect, it } from 'vitest';
import type { Health } from '@assay/runner/protocol';
import { createRunnerMonitor, type RunnerStatus } from './runner-monitor.js';

const now = () => new Date('2026-11-25T12:00:00.000Z');
const healthy: Health = {
  ok: true,
  cgroupVersion: 1,
  checks: [{ name: 'bwrap', ok: true }],
  protocolVersion: 1,
};

describe('runner monitor', () => {
  it('starts as "starting" and turns ready after a passing self-test', async () => {
    let closed = false;
    const monitor = createRunnerMonitor({
      backend: { health: () => Promise.resolve(healthy), close: () => Promise.resolve(void (closed = true)) },
      now,
    });
    expect(monitor.status()).toEqual({ state: 'starting' });
    monitor.start();
    await monitor.stop();
    expect(monitor.status()).toEqual({ state: 'ready', checkedAt: now().toISOString(), cgroupVersion: 1 });
    expect(closed).toBe(true);
  });

  it('names the failed self-test checks, and a runner that cannot start', async () => {
    const changes: RunnerStatus[] = [];
    const failing = createRunnerMonitor({
      backend: {
        health: () =>
          Promise.resolve({
            ...healthy,
            ok: false,
            checks: [
              { name: 'cgroups', ok: false },
              { name: 'bwrap', ok: true },
            ],
          }),
        close: () => Promise.resolve(),
      },
      now,
      onChange: (s) => changes.push(s),
    });
    failing.start();
    await failing.stop();
    expect(failing.status()).toMatchObject({ state: 'unavailable', reason: 'self-test failed: cgroups' });
    expect(changes).toHaveLength(1);

    const crashing = createRunnerMonitor({
      backend: {
        health: () => Promise.reject(new Error('runner_unavailable: bwrap missing')),
        close: () => Promise.resolve(),
      },
      now,
    });
    crashing.start();
    await crashing.stop();
    expect(crashing.status()).toMatchObject({
      state: 'unavailable',
      reason: 'runner_unavailable: bwrap missing',
    });
  });
});
