import { describe, expect, it } from 'vitest';
import type { PackageLimits } from './package-types.js';
import { decideTimeLimit } from './time-limit.js';

const limits: PackageLimits = {
  timeMultiplier: 5,
  timeSafetyMargin: 2,
  acToTimeLimit: 2,
  timeLimitToTle: 1.5,
  timeResolution: 1,
  memoryMiB: 1024,
  validationTimeSec: 10,
  validationMemoryMiB: 512,
};

describe('decideTimeLimit', () => {
  it('uses an explicit limit', () => {
    expect(
      decideTimeLimit({ formatVersion: 'legacy', limits: { ...limits, timeLimitSec: 1.5 } }, [900]),
    ).toEqual({
      timeLimitMs: 1500,
      tleCheckMs: 3000,
      source: 'package',
    });
  });
  it('defaults to 2 s without accepted submissions', () => {
    expect(decideTimeLimit({ formatVersion: 'legacy', limits }, [])).toMatchObject({
      timeLimitMs: 2000,
      source: 'default',
    });
  });
  it('legacy: time_multiplier × slowest accepted, rounded up to whole seconds, at least 1 s', () => {
    expect(decideTimeLimit({ formatVersion: 'legacy', limits }, [30, 120]).timeLimitMs).toBe(1000);
    expect(decideTimeLimit({ formatVersion: 'legacy', limits }, [250, 410]).timeLimitMs).toBe(3000);
    expect(
      decideTimeLimit({ formatVersion: 'legacy', limits: { ...limits, timeMultiplier: 2 } }, [1200])
        .timeLimitMs,
    ).toBe(3000);
  });
  it('2023-07-draft: ac_to_time_limit × slowest, rounded up to time_resolution', () => {
    expect(decideTimeLimit({ formatVersion: '2023-07-draft', limits }, [700])).toMatchObject({
      timeLimitMs: 2000,
      tleCheckMs: 3000,
    });
    const fine = { ...limits, timeResolution: 0.25 };
    expect(decideTimeLimit({ formatVersion: '2023-07-draft', limits: fine }, [300]).timeLimitMs).toBe(750);
  });
});
