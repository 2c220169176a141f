import { BlockList, isIP } from 'node:net';

/**
 * Which addresses an outbound request (webhooks, ATS callbacks) may reach: public unicast
 * only. Loopback, RFC 1918, link-local (cloud metadata at 169.254.169.254), CGNAT,
 * multicast, reserved and documentation ranges are refused, and so are IPv6 forms that
 * embed an IPv4 address (mapped `::ffff:a.b.c.d`, compatible `::a.b.c.d`, NAT64, 6to4,
 * Teredo) — the embedded address could point inwards.
 */
// Two lists: Node's BlockList matches IPv4 addresses against IPv6 rules through their
// mapped form, so one list with `::ffff:0:0/96` would refuse every IPv4 address.
const FORBIDDEN_V4 = new BlockList();
const FORBIDDEN_V6 = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  FORBIDDEN_V4.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 96], // unspecified, loopback and the deprecated IPv4-compatible block
  ['::ffff:0:0', 96], // IPv4-mapped
  ['64:ff9b::', 96], // NAT64
  ['64:ff9b:1::', 48],
  ['100::', 64], // discard
  ['2001::', 32], // Teredo
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const) {
  FORBIDDEN_V6.addSubnet(net, prefix, 'ipv6');
}

const LOOPBACK_V4 = new BlockList();
LOOPBACK_V4.addSubnet('127.0.0.0', 8, 'ipv4');
const LOOPBACK_V6 = new BlockList();
LOOPBACK_V6.addAddress('::1', 'ipv6');

/** The address without IPv6 brackets or a zone id (`fe80::1%eth0`). */
function bare(address: string): string {
  const unbracketed = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const zone = unbracketed.indexOf('%');
  return zone >= 0 ? unbracketed.slice(0, zone) : unbracketed;
}

/**
 * True when `address` (an IP literal) must not be connected to. Anything that is not a
 * valid IP literal counts as forbidden. With `allowLoopback` (tests only) 127.0.0.0/8 and
 * ::1 pass.
 */
export function isForbiddenAddress(address: string, options: { allowLoopback?: boolean } = {}): boolean {
  const ip = bare(address);
  const family = isIP(ip);
  if (family === 0) return true;
  if (family === 4) {
    if (options.allowLoopback && LOOPBACK_V4.check(ip, 'ipv4')) return false;
    return FORBIDDEN_V4.check(ip, 'ipv4');
  }
  if (options.allowLoopback && LOOPBACK_V6.check(ip, 'ipv6')) return false;
  return FORBIDDEN_V6.check(ip, 'ipv6');
}

export type UrlRefusal =
  | 'invalid_url'
  | 'scheme_not_allowed'
  | 'https_required'
  | 'credentials_in_url'
  | 'forbidden_address'
  | 'forbidden_hostname'
  | 'host_not_allowed';

/** Why a URL may not be called, as a sentence for API errors and delivery logs. */
export const URL_REFUSAL_MESSAGES: Record<UrlRefusal, string> = {
  invalid_url: 'The URL is not valid.',
  scheme_not_allowed: 'Only http and https URLs are allowed.',
  https_required: 'Only https URLs are allowed on this server.',
  credentials_in_url: 'URLs may not contain a user name or password.',
  forbidden_address: 'The URL points to a private, loopback, link-local or reserved address.',
  forbidden_hostname: 'The URL points to a local host name.',
  host_not_allowed: 'The URL points to a host this integration may not call.',
};

export interface UrlPolicy {
  /** `NODE_ENV=production`: https only, and no private addresses whatever the options say. */
  production: boolean;
  /** Tests only (refused in production): loopback addresses pass, so a test receiver on 127.0.0.1 works. */
  allowPrivateAddresses?: boolean;
  /** https only even outside production (ATS callbacks unless `ATS_ALLOW_INSECURE_CALLBACKS`). */
  requireHttps?: boolean;
  /**
   * When set, only these hosts (lower-case names, exact match, port ignored) may be called:
   * the ATS callback allow-lists (`SMARTRECRUITERS_CALLBACK_HOSTS`, `GREENHOUSE_CALLBACK_HOSTS`).
   */
  allowedHosts?: readonly string[];
}

/**
 * The static checks on a URL (no DNS): scheme, credentials, literal addresses (the WHATWG
 * parser already turned decimal, hex, octal and short IPv4 forms into dotted quads) and
 * local host names. The connect-time check in the client covers what names resolve to.
 */
export function checkUrl(
  raw: string,
  policy: UrlPolicy,
): { ok: true; url: URL } | { ok: false; reason: UrlRefusal } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'invalid_url' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return { ok: false, reason: 'scheme_not_allowed' };
  if ((policy.production || policy.requireHttps) && url.protocol !== 'https:') {
    return { ok: false, reason: 'https_required' };
  }
  if (url.username || url.password) return { ok: false, reason: 'credentials_in_url' };
  const host = bare(url.hostname).toLowerCase();
  if (policy.allowedHosts && !policy.allowedHosts.includes(host.replace(/\.$/, ''))) {
    return { ok: false, reason: 'host_not_allowed' };
  }
  const allowLoopback = allowsLoopback(policy);
  if (isIP(host) !== 0) {
    return isForbiddenAddress(host, { allowLoopback })
      ? { ok: false, reason: 'forbidden_address' }
      : { ok: true, url };
  }
  const name = host.endsWith('.') ? host.slice(0, -1) : host;
  if (
    !allowLoopback &&
    (name === 'localhost' ||
      name.endsWith('.localhost') ||
      name.endsWith('.local') ||
      name.endsWith('.internal') ||
      !name.includes('.'))
  ) {
    return { ok: false, reason: 'forbidden_hostname' };
  }
  return { ok: true, url };
}

/** `allowPrivateAddresses` counts only outside production. */
export function allowsLoopback(policy: UrlPolicy): boolean {
  return !policy.production && policy.allowPrivateAddresses === true;
}
