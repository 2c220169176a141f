import { randomBytes } from 'node:crypto';
import { createHmac } from 'node:crypto';

/**
 * Standard Webhooks 1.0: delays before attempts 1…10 (now, 5 s, 5 min, 30 min, 2 h, 5 h,
 * 10 h, 14 h, 20 h, 24 h ≈ 75 h in all); after the last one the delivery is `dead`.
 */
export const RETRY_SCHEDULE_MS = [
  0,
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3600_000,
  5 * 3600_000,
  10 * 3600_000,
  14 * 3600_000,
  20 * 3600_000,
  24 * 3600_000,
] as const;
export const MAX_ATTEMPTS = RETRY_SCHEDULE_MS.length;
/** ± this share of each delay, so many failed deliveries do not retry in lockstep. */
export const JITTER = 0.1;
/** A `Retry-After` longer than this is not honoured beyond it. */
export const MAX_RETRY_AFTER_MS = 24 * 3600_000;
/** How long the previous secret keeps signing after a rotation. */
export const ROTATION_OVERLAP_MS = 24 * 3600_000;
/** Response bytes kept in the delivery log. */
export const LOGGED_BODY_BYTES = 1024;

/**
 * The delay before the next attempt after `attemptsMade` attempts, or null when none is
 * left. A receiver's `Retry-After` (capped) wins when it asks for more time.
 */
export function nextRetryDelayMs(
  attemptsMade: number,
  retryAfterMs: number | null,
  random: () => number = Math.random,
): number | null {
  const base = RETRY_SCHEDULE_MS[attemptsMade];
  if (base === undefined) return null;
  const jittered = Math.round(base * (1 - JITTER + 2 * JITTER * random()));
  return Math.max(jittered, Math.min(retryAfterMs ?? 0, MAX_RETRY_AFTER_MS));
}

/** A new signing secret: `whsec_` + base64 of 24 random bytes. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/**
 * `v1,<base64 HMAC-SHA256(id.timestamp.body)>` keyed with the secret's decoded bytes
 * (Standard Webhooks: the part after `whsec_` is base64).
 */
export function signPayload(
  secret: string,
  messageId: string,
  timestampSeconds: number,
  body: string,
): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const mac = createHmac('sha256', key)
    .update(`${messageId}.${timestampSeconds}.${body}`, 'utf8')
    .digest('base64');
  return `v1,${mac}`;
}

/** Whether an endpoint subscribed to `type` (`webhook.test` only ever goes to the endpoint it targets). */
export function endpointWants(events: readonly string[], type: string): boolean {
  return type !== 'webhook.test' && events.includes(type);
}
