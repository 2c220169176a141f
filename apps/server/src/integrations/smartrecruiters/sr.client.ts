import { createHash, randomBytes } from 'node:crypto';
import type { AtsDeliveryOutcome } from '../../modules/ats/index.js';
import type { Clock } from '../../platform/clock/index.js';
import {
  createHttpClient,
  type HttpClient,
  type OutboundRequest,
  type OutboundResult,
} from '../../platform/http-client/index.js';
import type { Logger } from '../../platform/log/index.js';
import {
  SrClientCredentialsSchema,
  SrTokenResponseSchema,
  type SrClientCredentials,
  type SrNoteBody,
  type SrPartnerConfiguration,
  type SrResultPatch,
} from './sr.wire.js';

/**
 * The one SmartRecruiters client (contract §4): OAuth client-credentials tokens cached per
 * credential until `expires_in − 60 s` with a single-flight refresh, a 401 refreshes once,
 * at most 8 concurrent calls per credential and a 1-s pause at `X-RateLimit-Remaining: 0`.
 * Every call goes through the SSRF-guarded `platform/http-client` (allowed hosts, https
 * unless insecure callbacks are allowed, no redirects, 10-s budget). Never logs tokens,
 * secrets or `Authorization`.
 */

export const MAX_CONCURRENT_PER_CREDENTIAL = 8;
export const RATE_LIMIT_PAUSE_MS = 1000;
export const TOKEN_EARLY_EXPIRY_S = 60;
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

export interface SrClientConfig {
  production: boolean;
  apiUrl: string;
  tokenUrl: string;
  allowInsecureCallbacks: boolean;
  callbackHosts: readonly string[];
}

export interface SrClientDeps {
  config: SrClientConfig;
  clock: Clock;
  log?: Logger;
  /** Default: the SSRF-guarded client built from `config`. */
  http?: HttpClient;
  /** Real waiting (rate-limit pause, interactive retries); tests may shorten it. */
  sleep?: (ms: number) => Promise<void>;
}

export type SrCredential = SrClientCredentials;

/** A call's result: the HTTP answer, or a failure before one (token, refusal, network). */
export type SrCallResult = OutboundResult;

export type SrClient = ReturnType<typeof createSrClient>;

interface CachedToken {
  token: string;
  /** Epoch ms after which it is not used. */
  expiresAt: number;
}

type TokenResult = { ok: true; token: string } | { ok: false; result: SrFailure };

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function credentialKey(tokenUrl: string, credential: SrCredential): string {
  return createHash('sha256')
    .update(`${tokenUrl}\n${credential.clientId}\n${credential.clientSecret}`)
    .digest('hex');
}

/** A small FIFO semaphore. */
class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: number) {}
  async acquire(): Promise<() => void> {
    if (this.active >= this.limit) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active += 1;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    };
  }
}

/** A failed call (no answer, or an answer we could not use). */
export type SrFailure = Extract<OutboundResult, { ok: false }>;

function syntheticFailure(
  error: string,
  status: number | null = null,
  kind: SrFailure['kind'] = 'permanent',
): SrFailure {
  return {
    ok: false,
    kind,
    status,
    error,
    body: null,
    truncated: false,
    retryAfterMs: null,
    durationMs: 0,
    headers: {},
  };
}

/** Build the SR client. */
export function createSrClient(deps: SrClientDeps) {
  const { config } = deps;
  const sleep = deps.sleep ?? defaultSleep;
  const http =
    deps.http ??
    createHttpClient({
      production: config.production,
      allowPrivateAddresses: config.allowInsecureCallbacks,
      requireHttps: !config.allowInsecureCallbacks,
      allowedHosts: config.callbackHosts,
      totalTimeoutMs: 10_000,
      clock: deps.clock,
    });
  const tokens = new Map<string, CachedToken>();
  const inflight = new Map<string, Promise<TokenResult>>();
  const semaphores = new Map<string, Semaphore>();
  const pausedUntil = new Map<string, number>();
  let tokenRequests = 0;

  function semaphore(key: string): Semaphore {
    let s = semaphores.get(key);
    if (!s) {
      s = new Semaphore(MAX_CONCURRENT_PER_CREDENTIAL);
      semaphores.set(key, s);
    }
    return s;
  }

  async function fetchToken(credential: SrCredential): Promise<TokenResult> {
    tokenRequests += 1;
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: credential.clientId,
      client_secret: credential.clientSecret,
    }).toString();
    const result = await http.send({
      url: config.tokenUrl,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
    });
    if (!result.ok) {
      deps.log?.warn({ status: result.status, error: result.error }, 'SmartRecruiters token request failed');
      // The identity server answers a bad client with 400/401: the credential is wrong.
      return { ok: false, result };
    }
    let parsed: ReturnType<typeof SrTokenResponseSchema.safeParse>;
    try {
      parsed = SrTokenResponseSchema.safeParse(JSON.parse(result.body));
    } catch {
      return {
        ok: false,
        result: syntheticFailure('The token response is not JSON.', result.status, 'retryable'),
      };
    }
    if (!parsed.success) {
      return {
        ok: false,
        result: {
          ...syntheticFailure('The token response has no access_token.', result.status),
          kind: 'retryable',
        },
      };
    }
    const lifetimeS = (parsed.data.expires_in ?? 3600) - TOKEN_EARLY_EXPIRY_S;
    if (lifetimeS > 0) {
      tokens.set(credentialKey(config.tokenUrl, credential), {
        token: parsed.data.access_token,
        expiresAt: deps.clock.now().getTime() + lifetimeS * 1000,
      });
    }
    return { ok: true, token: parsed.data.access_token };
  }

  /**
   * A valid access token for the credential: the cached one, or one fetched now. Concurrent
   * callers share one token request. `stale` (a token SR just refused) is never returned.
   */
  function token(credential: SrCredential, stale?: string): Promise<TokenResult> {
    const key = credentialKey(config.tokenUrl, credential);
    const cached = tokens.get(key);
    if (cached && cached.token !== stale && cached.expiresAt > deps.clock.now().getTime()) {
      return Promise.resolve({ ok: true, token: cached.token });
    }
    if (cached) tokens.delete(key);
    const running = inflight.get(key);
    if (running) return running;
    const next = fetchToken(credential).finally(() => inflight.delete(key));
    inflight.set(key, next);
    return next;
  }

  async function sendLimited(key: string, request: OutboundRequest): Promise<OutboundResult> {
    const release = await semaphore(key).acquire();
    try {
      const until = pausedUntil.get(key);
      const wait = until === undefined ? 0 : until - Date.now();
      if (wait > 0) await sleep(wait);
      const result = await http.send(request);
      if (result.headers['x-ratelimit-remaining']?.trim() === '0') {
        pausedUntil.set(key, Date.now() + RATE_LIMIT_PAUSE_MS);
      }
      return result;
    } finally {
      release();
    }
  }

  /** An authenticated call: Bearer token, 401 → one fresh token and one more try. */
  async function call(
    credential: SrCredential,
    request: Omit<OutboundRequest, 'headers'> & { headers?: Record<string, string> },
  ): Promise<OutboundResult> {
    const key = credentialKey(config.tokenUrl, credential);
    let stale: string | undefined;
    for (let attempt = 0; attempt < 2; attempt++) {
      const t = await token(credential, stale);
      if (!t.ok) return t.result;
      const result = await sendLimited(key, {
        ...request,
        headers: { accept: 'application/json', ...request.headers, authorization: `Bearer ${t.token}` },
      });
      deps.log?.debug(
        { method: request.method ?? 'GET', path: safePath(request.url), status: result.status },
        'SmartRecruiters call',
      );
      if (result.ok || result.status !== 401 || attempt === 1) return result;
      stale = t.token;
    }
    /* c8 ignore next */
    throw new Error('unreachable');
  }

  /** Interactive calls (swap, lookups): at most 2 quick retries on retryable failures. */
  async function interactive(run: () => Promise<OutboundResult>): Promise<OutboundResult> {
    let result = await run();
    for (let retry = 1; retry <= 2 && !result.ok && result.kind === 'retryable'; retry++) {
      await sleep(Math.min(result.retryAfterMs ?? 200 * retry, 2000));
      result = await run();
    }
    return result;
  }

  const api = (path: string) => `${config.apiUrl}${path}`;

  return {
    /** Static check of a URL against this client's policy (scheme, host allow-list, literal IPs). */
    checkUrl: (url: string) => http.checkUrl(url),
    /** The static check plus what the name resolves to now. */
    validateUrl: (url: string) => http.validateUrl(url),
    /** How many token requests were sent (tests: single-flight). */
    tokenRequestCount: () => tokenRequests,
    /** A token for the credential (cached, single-flight). */
    token: (credential: SrCredential) => token(credential),
    /** Forget cached tokens of a credential (e.g. after a disconnect). */
    forget(credential: SrCredential): void {
      tokens.delete(credentialKey(config.tokenUrl, credential));
    },

    /** `PATCH {resultCallbackURL}`: JSON merge patch; on 415 once as `application/merge-patch+json`. */
    async patchResult(credential: SrCredential, url: string, patch: SrResultPatch): Promise<OutboundResult> {
      const body = JSON.stringify(patch);
      const first = await call(credential, {
        url,
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body,
      });
      if (first.ok || first.status !== 415) return first;
      return call(credential, {
        url,
        method: 'PATCH',
        headers: { 'content-type': 'application/merge-patch+json' },
        body,
      });
    },

    /**
     * `POST {SR}/assessment-api/v202010/orders/{orderId}/results/attachment`: multipart part
     * `file` (on 400 once more as `attachment`) → the 201's `{url}`.
     */
    async uploadAttachment(
      credential: SrCredential,
      orderId: string,
      pdf: Buffer,
      filename = 'assay-report.pdf',
    ): Promise<{ ok: true; url: string; result: OutboundResult } | { ok: false; result: SrFailure }> {
      if (pdf.length > MAX_ATTACHMENT_BYTES) {
        return { ok: false, result: syntheticFailure('The report PDF is larger than 20 MiB.') };
      }
      const url = api(`/assessment-api/v202010/orders/${encodeURIComponent(orderId)}/results/attachment`);
      const send = (part: string) => {
        const boundary = `----assay${randomBytes(12).toString('hex')}`;
        const head = Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${part}"; filename="${filename}"\r\n` +
            'Content-Type: application/pdf\r\n\r\n',
        );
        const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
        return call(credential, {
          url,
          method: 'POST',
          headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
          body: Buffer.concat([head, pdf, tail]),
          timeoutMs: 10_000,
        });
      };
      let result = await send('file');
      if (!result.ok && result.status === 400) result = await send('attachment');
      if (!result.ok) return { ok: false, result };
      try {
        const parsed = JSON.parse(result.body) as { url?: unknown };
        if (typeof parsed.url === 'string' && parsed.url) return { ok: true, url: parsed.url, result };
      } catch {
        // fall through
      }
      return {
        ok: false,
        result: {
          ...syntheticFailure('The attachment answer has no url.', result.status),
          kind: 'retryable',
        },
      };
    },

    /** `POST {SR}/messages/shares` (a Note on the candidate). */
    postNote: (credential: SrCredential, note: SrNoteBody) =>
      call(credential, {
        url: api('/messages/shares'),
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(note),
      }),

    /**
     * The swap: `POST {SR}/assessment-api/v202010/integration/company/{companyId}` with the
     * master credential A and body B → C.
     */
    async swap(
      master: SrCredential,
      companyId: string,
      inbound: SrCredential,
    ): Promise<{ ok: true; credentials: SrCredential } | { ok: false; result: SrFailure }> {
      const result = await interactive(() =>
        call(master, {
          url: api(`/assessment-api/v202010/integration/company/${encodeURIComponent(companyId)}`),
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ clientId: inbound.clientId, clientSecret: inbound.clientSecret }),
        }),
      );
      if (!result.ok) return { ok: false, result };
      try {
        const parsed = SrClientCredentialsSchema.safeParse(JSON.parse(result.body));
        if (parsed.success) return { ok: true, credentials: parsed.data };
      } catch {
        // fall through
      }
      return {
        ok: false,
        result: syntheticFailure('The swap answer has no clientId/clientSecret.', result.status),
      };
    },

    /** `GET` a Customer API resource (lookups), parsed as JSON when 2xx. */
    async getJson(
      credential: SrCredential,
      path: string,
    ): Promise<{ result: OutboundResult; json: unknown }> {
      const result = await interactive(() => call(credential, { url: api(path), method: 'GET' }));
      if (!result.ok) return { result, json: null };
      try {
        return { result, json: JSON.parse(result.body) as unknown };
      } catch {
        return { result, json: null };
      }
    },

    /** `PUT {SR}/assessment-api/v202010/partner/configuration` with the master credential. */
    putPartnerConfiguration: (master: SrCredential, configuration: SrPartnerConfiguration) =>
      interactive(() =>
        call(master, {
          url: api('/assessment-api/v202010/partner/configuration'),
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(configuration),
        }),
      ),

    /** `GET {SR}/assessment-api/v202010/partner/configuration`. */
    getPartnerConfiguration: (master: SrCredential) =>
      interactive(() =>
        call(master, { url: api('/assessment-api/v202010/partner/configuration'), method: 'GET' }),
      ),
  };
}

/** The path of a URL without query (ids in SR paths are not secrets). */
function safePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '(invalid url)';
  }
}

const NOTES_OFF_REASON =
  'Notes are off: SmartRecruiters refused messages_write (403). Ask SmartRecruiters to grant it, then reconnect.';

/**
 * A delivery outcome from an HTTP answer (contract §6): 2xx delivered; network, 408, 425,
 * 429, 5xx retry with `Retry-After`; 3xx (never followed), 400/401/403/404/415 and other 4xx
 * permanent. A 403 on Notes turns Notes off for the company and skips.
 */
export function outcomeOf(result: OutboundResult, options: { notes?: boolean } = {}): AtsDeliveryOutcome {
  const responseBody = result.ok ? result.body.slice(0, 1024) : (result.body?.slice(0, 1024) ?? null);
  if (result.ok) return { kind: 'delivered', status: result.status, responseBody };
  const base = { status: result.status, responseBody };
  if (options.notes && result.status === 403) {
    return {
      kind: 'skipped',
      reason: NOTES_OFF_REASON,
      ...base,
      connectionPatch: { providerData: { notesDisabled: true }, statusReason: NOTES_OFF_REASON },
    };
  }
  const error = describe(result);
  const redirect = result.status !== null && result.status >= 300 && result.status < 400;
  if (result.kind === 'retryable' && !redirect) {
    return { kind: 'retry', error, afterMs: result.retryAfterMs, ...base };
  }
  return { kind: 'permanent', error, ...base };
}

export { NOTES_OFF_REASON };

function describe(result: Extract<OutboundResult, { ok: false }>): string {
  const message = srErrorMessage(result.body);
  const prefix = result.status === null ? result.error : `SmartRecruiters answered ${result.status}`;
  return message ? `${prefix}: ${message}` : prefix;
}

/** The first message of an SR `ErrorResponse` (or OAuth error), if the body is one. */
export function srErrorMessage(body: string | null): string | null {
  if (!body) return null;
  try {
    const parsed = JSON.parse(body) as {
      message?: unknown;
      errors?: { code?: unknown; message?: unknown }[];
      error?: unknown;
      error_description?: unknown;
    };
    const first = Array.isArray(parsed.errors) ? parsed.errors[0] : undefined;
    if (first && typeof first.message === 'string')
      return typeof first.code === 'string' ? `${first.code} ${first.message}` : first.message;
    if (typeof parsed.message === 'string') return parsed.message;
    if (typeof parsed.error === 'string')
      return typeof parsed.error_description === 'string'
        ? `${parsed.error}: ${parsed.error_description}`
        : parsed.error;
  } catch {
    // not JSON
  }
  return null;
}
