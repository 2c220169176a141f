import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Sortable, URL-safe random id (time prefix + 80 random bits), app-generated for every table. */
export function newId(): string {
  const time = Date.now().toString(36).padStart(9, '0');
  return time + randomBytes(10).toString('base64url').replace(/[-_]/g, 'x').slice(0, 14).toLowerCase();
}

/** SHA-256 hex of a token: what the database keeps instead of the token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** HMAC-SHA256 hex with the instance secret. */
export function hmac(secret: Buffer, data: string): string {
  return createHmac('sha256', secret).update(data, 'utf8').digest('hex');
}

/** Constant-time string comparison (lengths may differ). */
export function safeEqual(a: string, b: string): boolean {
  const ab = createHash('sha256').update(a).digest();
  const bb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ab, bb) && a.length === b.length;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE) of the UTF-8 bytes: the checksum tail of secret tokens and ATS keys. */
export function crc32(data: string): number {
  let crc = 0xffffffff;
  for (const byte of Buffer.from(data, 'utf8')) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * A secret token: `<prefix>_` + 160 random bits (base62-ish) + a 6-char CRC32 tail, so
 * leak scanners can recognise it and typos are caught before a database lookup.
 * Show it once; store only `hashToken(token)` and `displayPrefix(token)`.
 */
export function newSecretToken(prefix: string): string {
  const body = randomBytes(20).toString('base64url');
  const checksum = crc32(`${prefix}_${body}`).toString(36).padStart(7, '0');
  return `${prefix}_${body}${checksum}`;
}

/** True when the token's checksum tail matches (cheap format check before hashing). */
export function hasValidChecksum(token: string): boolean {
  const sep = token.indexOf('_');
  if (sep <= 0 || token.length < sep + 8) return false;
  const head = token.slice(0, -7);
  const tail = token.slice(-7);
  return crc32(head).toString(36).padStart(7, '0') === tail;
}

/** The part of a token that may be shown again later ("asy_k3F9…"). */
export function displayPrefix(token: string): string {
  const sep = token.indexOf('_');
  return token.slice(0, sep + 5);
}
