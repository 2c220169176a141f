import type { AuthDescription, MalformedAuth } from './types.js';

/** `Basic base64("<username>:<password>")`; Greenhouse sends the Assay key with an empty password. */
export function basicHeader(username: string, password = ''): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

/** A deliberately broken Authorization value (or `null` = send no header). */
export function malformedHeader(kind: MalformedAuth, key: string): string | null {
  switch (kind) {
    case 'missing':
      return null;
    case 'no-scheme':
      return Buffer.from(`${key}:`, 'utf8').toString('base64');
    case 'not-base64':
      return 'Basic !!not*base64!!';
    case 'no-colon':
      return `Basic ${Buffer.from(key, 'utf8').toString('base64')}`;
    case 'bearer':
      return `Bearer ${key}`;
    case 'empty':
      return 'Basic ';
  }
}

export type ParsedBasic =
  | { kind: 'missing' }
  | { kind: 'malformed'; scheme: string | null }
  | { kind: 'basic'; username: string; password: string };

/** Parses a Basic header by hand (generic middleware refuses empty passwords). */
export function parseBasic(header: string | undefined): ParsedBasic {
  if (header === undefined || header.trim() === '') return { kind: 'missing' };
  const match = /^(\S+)\s+(\S+)\s*$/.exec(header.trim());
  if (!match) return { kind: 'malformed', scheme: null };
  const scheme = match[1] ?? '';
  const token = match[2] ?? '';
  if (scheme.toLowerCase() !== 'basic') return { kind: 'malformed', scheme };
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(token)) return { kind: 'malformed', scheme: 'Basic' };
  const decoded = Buffer.from(token, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return { kind: 'malformed', scheme: 'Basic' };
  return { kind: 'basic', username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** A non-secret description of an Authorization header, for the request log. */
export function describeAuth(header: string | null | undefined, credential: string): AuthDescription {
  const parsed = parseBasic(header ?? undefined);
  if (parsed.kind === 'missing') {
    return { present: false, scheme: null, wellFormed: false, passwordEmpty: null, credential };
  }
  if (parsed.kind === 'malformed') {
    return { present: true, scheme: parsed.scheme, wellFormed: false, passwordEmpty: null, credential };
  }
  return {
    present: true,
    scheme: 'Basic',
    wellFormed: true,
    passwordEmpty: parsed.password === '',
    credential,
  };
}

/** Header map with names lower-cased and `authorization` replaced by a marker. */
export function redactHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    out[lower] = lower === 'authorization' ? '[redacted]' : Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
