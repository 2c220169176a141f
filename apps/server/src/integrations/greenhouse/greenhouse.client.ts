import type { HttpClient, OutboundResult } from '../../platform/http-client/index.js';
import type { AtsBuildContext, AtsDeliveryOutcome, AtsSendContext } from '../../modules/ats/index.js';
import { COMPLETION, toGhScore } from './greenhouse.mapper.js';

/**
 * The completion call (contracts/greenhouse.md §4): `PATCH <url from send_test>` with no body,
 * Basic auth from the organization's completion credential (never the inbound key), 10 s, no
 * redirects. Greenhouse then calls `test_status`, which already answers `complete`: the grade
 * is committed before this delivery is released.
 */

export const NEEDS_CREDENTIALS_MESSAGE =
  'Enter the Greenhouse completion credential in Settings → Integrations';
export const REFUSED_MESSAGE = 'Greenhouse refused the completion call; check the completion credential';
export const NOT_FOUND_MESSAGE =
  'Greenhouse does not know this test any more (404); the candidate may have been hired, rejected or deleted there';

/** Calls in flight per completion credential (§6: GH publishes no limits; we cap at 8). */
export const MAX_CONCURRENT_PER_CREDENTIAL = 8;
const TIMEOUT_MS = 10_000;
const RESPONSE_BODY_CHARS = 1024;

/** The frozen payload: what was (or will be) called. There is no request body. */
export interface CompletionPayload {
  method: 'PATCH';
  url: string;
  /** The score when the payload was frozen, for the Deliveries page. */
  score: number | null;
}

/** The frozen description of the call (the Deliveries page shows it). */
export function buildCompletion(context: AtsBuildContext): string {
  if (context.delivery.kind !== COMPLETION) {
    throw new Error(`Greenhouse has no delivery kind "${context.delivery.kind}".`);
  }
  if (context.target.kind !== 'order') {
    throw new Error(
      'A Greenhouse completion call needs the order Greenhouse sent (a linked candidate has none).',
    );
  }
  const score = context.result?.score;
  const payload: CompletionPayload = {
    method: 'PATCH',
    url: context.target.order.orderKey,
    score: score === null || score === undefined ? null : toGhScore(score),
  };
  return JSON.stringify(payload);
}

/** "Completion call (score 82/100)". */
export function summarizeCompletion(kind: string, payload: string | null): string {
  if (kind !== COMPLETION) return kind;
  const parsed = parsePayload(payload);
  return parsed?.score !== null && parsed?.score !== undefined
    ? `Completion call (score ${parsed.score}/100)`
    : 'Completion call';
}

function parsePayload(payload: string | null): CompletionPayload | null {
  if (!payload) return null;
  try {
    const value = JSON.parse(payload) as Partial<CompletionPayload>;
    return typeof value.url === 'string'
      ? { method: 'PATCH', url: value.url, score: typeof value.score === 'number' ? value.score : null }
      : null;
  } catch {
    return null;
  }
}

/** A counting semaphore per key (the completion credential's user name). */
export function createLimiter(max: number) {
  const slots = new Map<string, { active: number; waiting: (() => void)[] }>();
  return async function run<T>(key: string, task: () => Promise<T>): Promise<T> {
    let slot = slots.get(key);
    if (!slot) {
      slot = { active: 0, waiting: [] };
      slots.set(key, slot);
    }
    const current = slot;
    if (current.active >= max) await new Promise<void>((resolve) => current.waiting.push(resolve));
    else current.active++;
    try {
      return await task();
    } finally {
      const next = current.waiting.shift();
      if (next) next();
      else {
        current.active--;
        if (current.active === 0) slots.delete(key);
      }
    }
  };
}

/** The completion client over the SSRF-guarded HTTP client. */
export function createCompletionClient(deps: { http: HttpClient; maxConcurrent?: number }) {
  const limit = createLimiter(deps.maxConcurrent ?? MAX_CONCURRENT_PER_CREDENTIAL);

  return {
    /** One completion call. Never throws: HTTP and network failures are outcomes. */
    async send(context: AtsSendContext): Promise<AtsDeliveryOutcome> {
      if (context.delivery.kind !== COMPLETION) {
        return { kind: 'permanent', error: `Greenhouse has no delivery kind "${context.delivery.kind}".` };
      }
      if (context.result === null) {
        return {
          kind: 'skipped',
          reason: 'The invitation no longer exists; nothing to report to Greenhouse.',
        };
      }
      const credentials = context.connection.credentials;
      const username = credentials?.username;
      if (!credentials || typeof username !== 'string' || username === '') {
        return { kind: 'needs_credentials', error: NEEDS_CREDENTIALS_MESSAGE };
      }
      const url =
        parsePayload(context.payload)?.url ??
        (context.target.kind === 'order' ? context.target.order.orderKey : null);
      if (!url) return { kind: 'permanent', error: 'No completion URL: Greenhouse did not send one.' };
      if (context.signal.aborted) return { kind: 'retry', error: 'Cancelled before sending.' };

      const password = typeof credentials.password === 'string' ? credentials.password : '';
      const authorization = `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
      const result = await limit(username, () =>
        deps.http.send({
          url,
          method: 'PATCH',
          headers: { authorization, 'content-length': '0' },
          timeoutMs: TIMEOUT_MS,
        }),
      );
      return toOutcome(result);
    },
  };
}

/** Greenhouse's answer as a delivery outcome (§4, §6). */
export function toOutcome(result: OutboundResult): AtsDeliveryOutcome {
  const responseBody = result.body === null ? null : result.body.slice(0, RESPONSE_BODY_CHARS);
  if (result.ok) return { kind: 'delivered', status: result.status, responseBody };
  const { status } = result;
  if (status === 401 || status === 403) {
    return { kind: 'permanent', error: `${REFUSED_MESSAGE} (HTTP ${status}).`, status, responseBody };
  }
  if (status === 404) return { kind: 'permanent', error: NOT_FOUND_MESSAGE, status, responseBody };
  // §6: a 3xx is never followed and, unlike 408/425/429/5xx, not retried.
  const redirect = status !== null && status >= 300 && status < 400;
  if (result.kind === 'retryable' && !redirect) {
    return {
      kind: 'retry',
      error: status === null ? result.error : `Greenhouse answered HTTP ${status}`,
      afterMs: result.retryAfterMs ?? rateLimitResetMs(result.headers),
      status,
      responseBody,
    };
  }
  return {
    kind: 'permanent',
    error: status === null ? result.error : `Greenhouse answered HTTP ${status}`,
    status,
    responseBody,
  };
}

/** `X-RateLimit-Reset` (seconds to wait) when Greenhouse sends one and no Retry-After. */
function rateLimitResetMs(headers: Record<string, string>): number | null {
  const reset = headers['x-ratelimit-reset'];
  if (!reset || !/^\d+$/.test(reset.trim()) || headers['x-ratelimit-remaining']?.trim() !== '0') return null;
  const seconds = Number(reset.trim());
  // Some APIs send an epoch time instead of a delta: ignore those rather than wait for decades.
  return seconds > 0 && seconds <= 3600 ? seconds * 1000 : null;
}
