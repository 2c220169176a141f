import { DRAFT_COMMIT_INTERVAL_MS, PUSH_GRACE_MS, SubmissionLimits } from '@assay/contracts';

/** The candidate's attempt cookie (HttpOnly, SameSite=Strict, Path=/api/candidate). */
export const ATTEMPT_COOKIE = 'assay_attempt';
/** How long an attempt cookie and its session live: well past any deadline and grading. */
export const ATTEMPT_SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/** Requests per minute per attempt on the candidate-cookie routes (autosave ~2 s + polling 5 s ≈ 42). */
export const ATTEMPT_REQUESTS_PER_MINUTE = 240;
/** Output returned to the IDE by Run, capped. */
export const RUN_OUTPUT_LIMIT_BYTES = 64 * 1024;
/** Git HTTP Basic username. */
export const GIT_USERNAME = 'candidate';

export { DRAFT_COMMIT_INTERVAL_MS, PUSH_GRACE_MS, SubmissionLimits };

/** The invitation columns the clock is computed from, live (an extension applies at once). */
export interface ClockFacts {
  started_at: string;
  time_limit_minutes: number;
  extra_time_minutes: number;
  time_extension_minutes: number;
}

/** start + time limit + extra time + extensions. */
export function deadlineOf(facts: ClockFacts): Date {
  const minutes = facts.time_limit_minutes + facts.extra_time_minutes + facts.time_extension_minutes;
  return new Date(new Date(facts.started_at).getTime() + minutes * 60_000);
}

/** The moment the finalize job submits: deadline + the push grace. */
export function finalizeAt(facts: ClockFacts): Date {
  return new Date(deadlineOf(facts).getTime() + PUSH_GRACE_MS);
}

/** Saves, commits and runs are accepted strictly before the deadline. */
export function isBeforeDeadline(facts: ClockFacts, now: Date): boolean {
  return now.getTime() < deadlineOf(facts).getTime();
}

/** Valid UTF-8 text without NUL (what the IDE may edit). */
export function isText(data: Buffer): boolean {
  if (data.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(data);
    return true;
  } catch {
    return false;
  }
}

/** The cookie header value for a session token. */
export function attemptCookie(token: string, options: { production: boolean; maxAgeMs: number }): string {
  const attributes = [
    `${ATTEMPT_COOKIE}=${encodeURIComponent(token)}`,
    'Path=/api/candidate',
    `Max-Age=${String(Math.floor(options.maxAgeMs / 1000))}`,
    'HttpOnly',
    'SameSite=Strict',
  ];
  if (options.production) attributes.push('Secure');
  return attributes.join('; ');
}
