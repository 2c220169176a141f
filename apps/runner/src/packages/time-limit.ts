import type { ProblemPackage } from './package-types.js';

/** Time limit used when a package sets none and has no accepted submission to derive one from. */
export const DEFAULT_TIME_LIMIT_MS = 2000;

/** CPU limit (ms) for measuring accepted submissions before the time limit is known. */
export const DERIVATION_PROBE_LIMIT_MS = 20_000;

export interface TimeLimitDecision {
  /** The time limit in ms. */
  timeLimitMs: number;
  /** Time limit × safety margin (legacy) or × time_limit_to_tle (2023-07): what TLE submissions must exceed. */
  tleCheckMs: number;
  source: 'package' | 'derived' | 'default';
}

/**
 * Decides a package's time limit as problemtools does: an explicit limit wins; else from
 * the slowest accepted submission (legacy: × time_multiplier, rounded up to whole
 * seconds; 2023-07-draft: × ac_to_time_limit, rounded up to time_resolution); else 2 s.
 */
export function decideTimeLimit(
  pkg: Pick<ProblemPackage, 'formatVersion' | 'limits'>,
  acceptedCpuMs: readonly number[],
): TimeLimitDecision {
  const { limits } = pkg;
  const legacy = pkg.formatVersion === 'legacy';
  const margin = legacy ? limits.timeSafetyMargin : limits.timeLimitToTle;
  const finish = (timeLimitMs: number, source: TimeLimitDecision['source']): TimeLimitDecision => ({
    timeLimitMs,
    tleCheckMs: Math.round(timeLimitMs * margin),
    source,
  });
  if (limits.timeLimitSec !== undefined) return finish(Math.round(limits.timeLimitSec * 1000), 'package');
  if (acceptedCpuMs.length === 0) return finish(DEFAULT_TIME_LIMIT_MS, 'default');
  const slowestSec = Math.max(...acceptedCpuMs) / 1000;
  if (legacy) {
    return finish(Math.max(1, Math.ceil(slowestSec * limits.timeMultiplier - 1e-9)) * 1000, 'derived');
  }
  const resolution = limits.timeResolution;
  const steps = Math.max(1, Math.ceil((slowestSec * limits.acToTimeLimit) / resolution - 1e-9));
  return finish(Math.round(steps * resolution * 1000), 'derived');
}

/** True when the package needs its accepted submissions run to know its time limit. */
export function needsTimeLimitDerivation(pkg: ProblemPackage): boolean {
  return pkg.limits.timeLimitSec === undefined && pkg.submissions.some((s) => s.expected === 'accepted');
}
