import type { AttemptState } from '@assay/contracts';
import { useEffect, useMemo, useState } from 'react';

/** Warnings shown (and announced) when this many minutes are left. */
export const WARNING_MINUTES = [10, 5, 1] as const;

/**
 * Milliseconds left, following the server: each state answer gives `deadlineAt - serverNow`,
 * and between answers the local monotonic clock (`performance.now()`) counts down from it, so a
 * wrong client clock does not matter. Null until the first state arrives.
 */
export function useRemainingMs(
  state: Pick<AttemptState, 'deadlineAt' | 'serverNow'> | undefined,
): number | null {
  const [, tick] = useState(0);
  const deadlineAt = state?.deadlineAt;
  const serverNow = state?.serverNow;
  // A new answer re-anchors the countdown (performance.now() is read when the answer arrives).
  const anchor = useMemo(
    () =>
      deadlineAt && serverNow
        ? { remaining: Date.parse(deadlineAt) - Date.parse(serverNow), at: performance.now() }
        : null,
    [deadlineAt, serverNow],
  );

  useEffect(() => {
    const id = window.setInterval(() => tick((n) => n + 1), 500);
    return () => window.clearInterval(id);
  }, []);

  if (!anchor) return null;
  return Math.max(0, anchor.remaining - (performance.now() - anchor.at));
}

/** `1:05:09` / `4:59`. */
export function formatRemaining(ms: number): string {
  const total = Math.ceil(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

/** The smallest warning threshold already reached (10, 5 or 1 minutes), or null. */
export function warningLevel(ms: number): number | null {
  let level: number | null = null;
  for (const minutes of WARNING_MINUTES) if (ms <= minutes * 60_000) level = minutes;
  return level;
}
