import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IntegrationState } from '@assay/contracts';
import type { AtsConnectionsTable, AtsDeliveryStatus } from '../../db/schema/ats.table.js';
import type { AtsProviderId } from './ats.ports.js';
import { crc32 } from '../../platform/crypto/index.js';

/** ATS delivery retries (reliability §1): 5 s, doubling, capped at 1 h, full jitter. */
export const RETRY_BASE_MS = 5_000;
export const RETRY_CAP_MS = 3_600_000;
/** A run of attempts gives up (→ `dead`) once its first attempt is this old. */
export const GIVE_UP_AFTER_MS = 3 * 86_400_000;
/**
 * A `sending` row whose lease passed belongs to a crashed attempt: it is sent again (same bytes).
 * The longest attempt is a PDF render, an upload and a PATCH, each call within 10 s; 45 s covers
 * it, and bounds how long a crash delays the stream (R2: nothing `sending` past lease + a poll).
 */
export const SENDING_LEASE_MS = 45_000;
/** Owners and admins hear of dead deliveries at most once per connection per hour. */
export const DEAD_NOTICE_INTERVAL_MS = 3_600_000;
/** Partner error reports mail owners and admins at most once per organization per hour. */
export const INBOUND_ERROR_NOTICE_INTERVAL_MS = 3_600_000;
/** `last_used_at` of a key is written at most once a minute. */
export const KEY_TOUCH_INTERVAL_MS = 60_000;
/** Response bytes kept on a delivery. */
export const LOGGED_BODY_BYTES = 1024;

/** Statuses a delivery can still be sent from (FIFO: an older one of these blocks its stream). */
export const UNSENT_STATUSES: readonly AtsDeliveryStatus[] = [
  'pending',
  'sending',
  'retry_scheduled',
  'needs_credentials',
];
/**
 * Statuses of older rows a newer full-state row replaces: the unsent ones (not `sending`: it is
 * on the wire) and `dead` ones (a Retry of those would move the partner back to an older state).
 */
export const SUPERSEDABLE_STATUSES: readonly AtsDeliveryStatus[] = [
  'pending',
  'retry_scheduled',
  'needs_credentials',
  'dead',
];
/** Statuses the delivery job attempts. */
export const ATTEMPTABLE_STATUSES: readonly AtsDeliveryStatus[] = ['pending', 'retry_scheduled', 'sending'];
/** Statuses an admin may Retry. */
export const RETRYABLE_STATUSES: readonly AtsDeliveryStatus[] = ['dead', 'needs_credentials'];

/**
 * The delay before the attempt after `attemptsMade` attempts: full jitter over
 * `min(cap, 5 s · 2^(n-1))`; a partner's `Retry-After` is a minimum.
 */
export function retryDelayMs(
  attemptsMade: number,
  retryAfterMs: number | null | undefined,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** Math.max(0, attemptsMade - 1));
  const jittered = Math.floor(random() * ceiling);
  return Math.max(jittered, Math.min(retryAfterMs ?? 0, GIVE_UP_AFTER_MS));
}

/** True when a run of attempts that began at `firstAttemptAt` has run out of time at `now`. */
export function givesUp(firstAttemptAt: string | null, now: Date): boolean {
  if (firstAttemptAt === null) return false;
  return now.getTime() - new Date(firstAttemptAt).getTime() >= GIVE_UP_AFTER_MS;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Base62 of a byte string (big-endian). */
export function base62(bytes: Buffer): string {
  let n = BigInt(`0x${bytes.toString('hex') || '0'}`);
  let out = '';
  while (n > 0n) {
    out = (BASE62[Number(n % 62n)] ?? '0') + out;
    n /= 62n;
  }
  return out || '0';
}

function checksum(head: string): string {
  return base62(Buffer.from(crc32(head).toString(16).padStart(8, '0'), 'hex')).padStart(6, '0');
}

/**
 * A new ATS key: `<prefix>` + base62 of 32 random bytes + a 6-character CRC32 tail (leak
 * scanners spot it; typos fail before a lookup). About 58 characters: under Greenhouse's 171.
 */
export function newAtsKey(prefix: string): string {
  const head = `${prefix}${base62(randomBytes(32))}`;
  return `${head}${checksum(head)}`;
}

/** Whether `key` has `prefix` and a matching checksum tail (cheap, before hashing). */
export function looksLikeAtsKey(prefix: string, key: string): boolean {
  if (!key.startsWith(prefix) || key.length < prefix.length + 20 || key.length > 170) return false;
  return checksum(key.slice(0, -6)) === key.slice(-6);
}

/** The part of a key shown again later, e.g. `assay_sr_4f9Q…`. */
export function keyDisplayPrefix(prefix: string, key: string): string {
  return `${key.slice(0, prefix.length + 4)}…`;
}

/** SHA-256 hex: what the database keeps of keys, secrets and tokens. */
export function sha256(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** Constant-time comparison of two SHA-256 hex digests. */
export function sameHash(a: string, b: string): boolean {
  const ab = Buffer.from(a, 'hex');
  const bb = Buffer.from(b, 'hex');
  return ab.length === bb.length && ab.length > 0 && timingSafeEqual(ab, bb);
}

/** A new opaque secret (access tokens, inbound client secrets): 32 random bytes, base64url. */
export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Keys, connection behaviour and labels of providers, also when their integration is not registered. */
export const PROVIDER_DEFAULTS: Record<
  AtsProviderId,
  { label: string; keyPolicy: 'replace' | 'add'; keyPrefix: string }
> = {
  smartrecruiters: { label: 'SmartRecruiters', keyPolicy: 'replace', keyPrefix: 'assay_sr_' },
  greenhouse: { label: 'Greenhouse', keyPolicy: 'add', keyPrefix: 'assay_gh_' },
};

/**
 * The Settings card state. A `disconnected` connection counts as none. SmartRecruiters waits
 * for the consent (a key, no connection); Greenhouse waits for its first call (no
 * `last_inbound_at`) and needs an active key.
 */
export function integrationState(
  provider: AtsProviderId,
  connection: Pick<AtsConnectionsTable, 'status' | 'last_inbound_at'> | undefined,
  activeKeys: number,
): IntegrationState {
  const live = connection && connection.status !== 'disconnected' ? connection : undefined;
  if (!live) return activeKeys > 0 ? 'waiting' : 'not_connected';
  if (provider === 'greenhouse') {
    if (activeKeys === 0) return 'not_connected';
    if (live.status === 'connected' && live.last_inbound_at === null) return 'waiting';
  }
  if (live.status === 'activating') return 'activating';
  if (live.status === 'error') return 'error';
  return 'connected';
}

/** Truncate a response body to what the Deliveries page keeps. */
export function truncateBody(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  const bytes = Buffer.from(text, 'utf8');
  return bytes.length <= LOGGED_BODY_BYTES ? text : bytes.subarray(0, LOGGED_BODY_BYTES).toString('utf8');
}
