import argon2 from 'argon2';
import { PasswordLimits } from '@assay/contracts';
import { COMMON_PASSWORDS } from './common-passwords.js';

/** argon2id parameters: the OWASP minimum (m=19456 KiB, t=2, p=1). Raising them upgrades hashes at login. */
export const PASSWORD_HASH_PARAMS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export interface PasswordHasherOptions {
  /** Most hashes computed at once: each takes `memoryCost` KiB, so this bounds memory under a login burst. */
  maxConcurrent?: number;
  params?: { memoryCost: number; timeCost: number; parallelism: number };
}

export interface PasswordHasher {
  /** A PHC string (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`). */
  hash(password: string): Promise<string>;
  /** True when `password` matches `digest`; false for a malformed digest. */
  verify(digest: string, password: string): Promise<boolean>;
  /** Burn the same work as a real verification (unknown users look like wrong passwords). */
  verifyDummy(password: string): Promise<false>;
  /** True when `digest` is not argon2id or uses weaker parameters than the current ones. */
  needsRehash(digest: string): boolean;
  /** Counters for tests and metrics. */
  readonly stats: { readonly active: number; readonly peak: number; readonly completed: number };
}

/**
 * argon2id hashing behind a small semaphore, so a burst of logins cannot use more than
 * `maxConcurrent × memoryCost` of memory or starve the event loop's thread pool.
 */
export function createPasswordHasher(options: PasswordHasherOptions = {}): PasswordHasher {
  const params = options.params ?? PASSWORD_HASH_PARAMS;
  const limit = options.maxConcurrent ?? 4;
  const stats = { active: 0, peak: 0, completed: 0 };
  const waiting: (() => void)[] = [];
  let dummy: Promise<string> | undefined;

  async function withSlot<T>(work: () => Promise<T>): Promise<T> {
    if (stats.active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    else stats.active++;
    stats.peak = Math.max(stats.peak, stats.active);
    try {
      return await work();
    } finally {
      stats.completed++;
      const next = waiting.shift();
      // Hand the slot straight to the next waiter (active stays the same) or release it.
      if (next) next();
      else stats.active--;
    }
  }

  const hash = (password: string): Promise<string> =>
    withSlot(() => argon2.hash(password, { type: argon2.argon2id, ...params }));

  const verify = (digest: string, password: string): Promise<boolean> =>
    withSlot(async () => {
      try {
        return await argon2.verify(digest, password);
      } catch {
        return false;
      }
    });

  return {
    hash,
    verify,
    async verifyDummy(password) {
      dummy ??= argon2.hash('assay-dummy-password', { type: argon2.argon2id, ...params });
      await verify(await dummy, password);
      return false;
    },
    needsRehash(digest) {
      const parsed = parsePhc(digest);
      if (!parsed || parsed.type !== 'argon2id' || parsed.version !== 19) return true;
      return parsed.m < params.memoryCost || parsed.t < params.timeCost || parsed.p < params.parallelism;
    },
    stats,
  };
}

/** Parse the algorithm and parameters of an argon2 PHC string. */
export function parsePhc(
  digest: string,
): { type: string; version: number; m: number; t: number; p: number } | null {
  const match = /^\$(argon2(?:id|i|d))\$v=(\d+)\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(digest);
  if (!match) return null;
  const [, type = '', v, m, t, p] = match;
  return { type, version: Number(v), m: Number(m), t: Number(t), p: Number(p) };
}

export type PasswordProblem = 'too_short' | 'too_long' | 'too_common';

/**
 * Check a new password against the policy: 8–128 characters (compared whole, never
 * truncated) and not a well-known password. Returns the problem or null.
 */
export function checkPasswordPolicy(password: string): PasswordProblem | null {
  // UTF-16 length, like the contract schema, so browser and server agree.
  const length = password.length;
  if (length < PasswordLimits.minLength) return 'too_short';
  if (length > PasswordLimits.maxLength) return 'too_long';
  if (COMMON_PASSWORDS.has(password.toLowerCase())) return 'too_common';
  return null;
}
