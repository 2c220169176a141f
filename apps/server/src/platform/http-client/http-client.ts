import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { Clock } from '../clock/index.js';
import { systemClock } from '../clock/index.js';
import {
  URL_REFUSAL_MESSAGES,
  allowsLoopback,
  checkUrl,
  isForbiddenAddress,
  type UrlPolicy,
} from './address-policy.js';

/** Resolves a host name to its addresses (tests inject one to simulate DNS rebinding). */
export type Resolver = (hostname: string) => Promise<{ address: string; family: number }[]>;

export interface HttpClientOptions extends UrlPolicy {
  /** Default: the system resolver (`dns.lookup`, all addresses). */
  resolver?: Resolver;
  /** TCP (+ TLS) connect budget. Default 10 s. */
  connectTimeoutMs?: number;
  /** Whole request budget, response included. Default 20 s (Standard Webhooks: 15–30 s). */
  totalTimeoutMs?: number;
  /** Response bytes kept; the rest is not read. Default 64 KiB. */
  maxResponseBytes?: number;
  /** For `Retry-After` dates. */
  clock?: Clock;
}

export interface OutboundRequest {
  url: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  /** A string (UTF-8) or bytes (multipart uploads). */
  body?: string | Buffer;
  /** Per-request total budget (overrides the client's `totalTimeoutMs`). */
  timeoutMs?: number;
}

/**
 * How a failure should be handled: `retryable` (408/425/429/5xx, 3xx — never followed —,
 * timeouts, resets, DNS and TLS errors), `permanent` (other 4xx, refused addresses and
 * schemes) or `gone` (410: the receiver asks us to stop).
 */
export type FailureKind = 'retryable' | 'permanent' | 'gone';

export type OutboundResult =
  | {
      ok: true;
      status: number;
      body: string;
      truncated: boolean;
      durationMs: number;
      /** Response headers, lower-case names (e.g. `x-ratelimit-remaining`). */
      headers: Record<string, string>;
    }
  | {
      ok: false;
      kind: FailureKind;
      /** The HTTP status when the receiver answered. */
      status: number | null;
      error: string;
      body: string | null;
      truncated: boolean;
      /** From `Retry-After` (seconds or an HTTP date), when the receiver sent one. */
      retryAfterMs: number | null;
      durationMs: number;
      /** Response headers when the receiver answered, else `{}`. */
      headers: Record<string, string>;
    };

export interface HttpClient {
  /** Static URL check (scheme, credentials, literal addresses, local names). */
  checkUrl(url: string): { ok: true } | { ok: false; message: string };
  /**
   * Save-time check: the static one plus what the name resolves to now. Not enough on its
   * own (DNS can change before sending): `send` checks again at connect time.
   */
  validateUrl(url: string): Promise<{ ok: true } | { ok: false; message: string }>;
  /** One request; never follows redirects; never throws for network or HTTP failures. */
  send(request: OutboundRequest): Promise<OutboundResult>;
}

/** Thrown from the connect-time lookup when a name resolves to a refused address. */
class ForbiddenAddressError extends Error {
  readonly code = 'EFORBIDDENADDRESS';
  constructor(hostname: string) {
    super(`${hostname} resolves to a private, loopback, link-local or reserved address`);
  }
}

const defaultResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/** Classify an HTTP status (non-2xx). */
export function classifyStatus(status: number): FailureKind {
  if (status === 410) return 'gone';
  if (
    status === 408 ||
    status === 425 ||
    status === 429 ||
    status >= 500 ||
    (status >= 300 && status < 400)
  ) {
    return 'retryable';
  }
  return 'permanent';
}

/** `Retry-After` as milliseconds from now (delta-seconds or an HTTP date), or null. */
export function parseRetryAfter(value: string | undefined, now: Date): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now.getTime());
}

/**
 * The SSRF-guarded outbound HTTP client. The address is checked where it is used: a
 * custom `lookup` runs for every connection and refuses the socket when any resolved
 * address is forbidden, so DNS rebinding between save time and send time does not help;
 * literal IPs (which skip `lookup`) are checked before connecting. No connection reuse
 * (every request resolves again), no redirects, a connect and a total timeout, a capped
 * response body. `allowPrivateAddresses` lets loopback through for tests and is ignored
 * in production.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const resolver = options.resolver ?? defaultResolver;
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  const totalTimeoutMs = options.totalTimeoutMs ?? 20_000;
  const maxResponseBytes = options.maxResponseBytes ?? 64 * 1024;
  const clock = options.clock ?? systemClock;
  const allowLoopback = allowsLoopback(options);

  const guardedLookup: LookupFunction = (hostname, lookupOptions, callback) => {
    resolver(hostname).then(
      (addresses) => {
        if (addresses.length === 0) {
          callback(Object.assign(new Error(`${hostname} has no addresses`), { code: 'ENOTFOUND' }), '', 4);
          return;
        }
        // Refuse when any address is forbidden: a mixed answer is a rebinding attempt.
        if (addresses.some((a) => isForbiddenAddress(a.address, { allowLoopback }))) {
          callback(new ForbiddenAddressError(hostname), '', 4);
          return;
        }
        const wanted = lookupOptions.family === 4 || lookupOptions.family === 6 ? lookupOptions.family : 0;
        const usable = wanted ? addresses.filter((a) => a.family === wanted) : addresses;
        if (lookupOptions.all) {
          callback(null, usable);
          return;
        }
        const first = usable[0];
        if (!first) {
          callback(
            Object.assign(new Error(`${hostname} has no IPv${wanted} address`), { code: 'ENOTFOUND' }),
            '',
            4,
          );
          return;
        }
        callback(null, first.address, first.family);
      },
      (error: unknown) => {
        callback(error as NodeJS.ErrnoException, '', 4);
      },
    );
  };

  return {
    checkUrl(url) {
      const checked = checkUrl(url, options);
      return checked.ok ? { ok: true } : { ok: false, message: URL_REFUSAL_MESSAGES[checked.reason] };
    },

    async validateUrl(raw) {
      const checked = checkUrl(raw, options);
      if (!checked.ok) return { ok: false, message: URL_REFUSAL_MESSAGES[checked.reason] };
      const host = checked.url.hostname;
      if (isIP(host.replace(/^\[|\]$/g, '')) !== 0) return { ok: true };
      let addresses: { address: string }[];
      try {
        addresses = await resolver(host);
      } catch {
        return { ok: false, message: `The host name ${host} does not resolve.` };
      }
      if (addresses.length === 0) return { ok: false, message: `The host name ${host} does not resolve.` };
      if (addresses.some((a) => isForbiddenAddress(a.address, { allowLoopback }))) {
        return { ok: false, message: URL_REFUSAL_MESSAGES.forbidden_address };
      }
      return { ok: true };
    },

    send(request) {
      const started = performance.now();
      const duration = () => Math.round(performance.now() - started);
      const checked = checkUrl(request.url, options);
      if (!checked.ok) {
        return Promise.resolve(failure('permanent', null, URL_REFUSAL_MESSAGES[checked.reason], duration()));
      }
      const { url } = checked;
      const transport = url.protocol === 'https:' ? https : http;
      return new Promise<OutboundResult>((resolve) => {
        let settled = false;
        const finish = (result: OutboundResult) => {
          if (settled) return;
          settled = true;
          clearTimeout(totalTimer);
          clearTimeout(connectTimer);
          resolve(result);
        };
        const req = transport.request(url, {
          method: request.method ?? 'POST',
          headers: request.headers,
          agent: false,
          // Runs for every connection attempt, also when Node tries several addresses.
          lookup: guardedLookup,
        });
        const budgetMs = request.timeoutMs ?? totalTimeoutMs;
        const totalTimer = setTimeout(() => {
          req.destroy(
            Object.assign(new Error(`no complete answer within ${budgetMs} ms`), { code: 'ETIMEDOUT' }),
          );
        }, budgetMs);
        const connectTimer = setTimeout(() => {
          req.destroy(
            Object.assign(new Error(`no connection within ${connectTimeoutMs} ms`), { code: 'ETIMEDOUT' }),
          );
        }, connectTimeoutMs);
        req.on('socket', (socket) => {
          socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', () => {
            clearTimeout(connectTimer);
          });
        });
        req.on('error', (error: NodeJS.ErrnoException) => {
          const kind: FailureKind = error instanceof ForbiddenAddressError ? 'permanent' : 'retryable';
          finish(failure(kind, null, describeNetworkError(error), duration()));
        });
        req.on('response', (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          let truncated = false;
          const done = () => {
            const status = res.statusCode ?? 0;
            const body = Buffer.concat(chunks).toString('utf8');
            const headers = flattenHeaders(res.headers);
            if (status >= 200 && status < 300) {
              finish({ ok: true, status, body, truncated, durationMs: duration(), headers });
              return;
            }
            const retryAfterHeader = res.headers['retry-after'];
            finish({
              ok: false,
              kind: classifyStatus(status),
              status,
              error: status >= 300 && status < 400 ? `redirect (${status}) not followed` : `HTTP ${status}`,
              body,
              truncated,
              retryAfterMs: parseRetryAfter(retryAfterHeader, clock.now()),
              durationMs: duration(),
              headers,
            });
          };
          res.on('data', (chunk: Buffer) => {
            if (truncated) return;
            const room = maxResponseBytes - size;
            if (chunk.length >= room) {
              chunks.push(chunk.subarray(0, room));
              size = maxResponseBytes;
              truncated = true;
              // Enough read: the status is known; stop the transfer.
              done();
              res.destroy();
              return;
            }
            chunks.push(chunk);
            size += chunk.length;
          });
          res.on('end', done);
          res.on('error', (error: NodeJS.ErrnoException) => {
            finish(failure('retryable', res.statusCode ?? null, describeNetworkError(error), duration()));
          });
        });
        req.end(request.body);
      });
    },
  };
}

function failure(
  kind: FailureKind,
  status: number | null,
  error: string,
  durationMs: number,
): OutboundResult {
  return {
    ok: false,
    kind,
    status,
    error,
    body: null,
    truncated: false,
    retryAfterMs: null,
    durationMs,
    headers: {},
  };
}

function flattenHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function describeNetworkError(error: NodeJS.ErrnoException): string {
  return error.code ? `${error.code}: ${error.message}` : error.message;
}
