import type { RetryPolicy } from './queue.js';

/**
 * Exponential backoff with jitter: attempt n waits `baseMs * 2^(n-1)`, capped at `capMs`,
 * then scaled by a random factor in [1 - jitter, 1 + jitter) so retries of many jobs
 * failing together spread out instead of hitting the dependency at the same instant.
 */
export function exponentialBackoff(options: {
  maxAttempts: number;
  baseMs: number;
  capMs: number;
  jitter?: number;
  random?: () => number;
}): RetryPolicy {
  const jitter = options.jitter ?? 0.2;
  const random = options.random ?? Math.random;
  return {
    maxAttempts: options.maxAttempts,
    delayMs: (attempt) => {
      const raw = Math.min(options.capMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
      return Math.round(raw * (1 - jitter + 2 * jitter * random()));
    },
  };
}

/** Every job without its own policy: 5 attempts, 10 s doubling, capped at 1 h (reliability.md §1). */
export const defaultRetryPolicy: RetryPolicy = exponentialBackoff({
  maxAttempts: 5,
  baseMs: 10_000,
  capMs: 3_600_000,
});
