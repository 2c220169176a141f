import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseMultipart } from './multipart.js';
import type { IssuedToken, SrState } from './state.js';

/** Route options every emulated SR API route carries (`config`). */
export interface SrRouteConfig {
  /** Route name for fault knobs and recordings (`token`, `results`, …). */
  srRoute: string;
  /** Which token the route wants: the master credential A, a company credential C, or none. */
  srAuth: 'master' | 'company' | 'none';
}

// Declared on Fastify's route config so the type also holds where another program (the server's
// tests import the sandbox) augments FastifyContextConfig with its own optional fields.
declare module 'fastify' {
  interface FastifyContextConfig {
    srRoute?: string;
    srAuth?: SrRouteConfig['srAuth'];
  }
}

export const RATE_LIMIT = 10;
export const CONCURRENT_LIMIT = 8;

const principals = new WeakMap<FastifyRequest, IssuedToken['principal']>();
const responseBodies = new WeakMap<FastifyRequest, unknown>();

/** The principal the request's bearer token belongs to (set by the auth hook). */
export function principalOf(request: FastifyRequest): IssuedToken['principal'] | undefined {
  return principals.get(request);
}

/** Send SR's `ErrorResponse`: `{"message","errors":[{"code","message"}]}`. */
export function sendError(
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
  errors?: { code: string; message: string }[],
): FastifyReply {
  return reply.code(status).send({ message, errors: errors ?? [{ code, message }] });
}

const CODES: Record<number, string> = {
  400: 'INVALID_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMIT_EXCEEDED',
};

function codeFor(status: number): string {
  return CODES[status] ?? (status >= 500 ? 'SERVICE_UNAVAILABLE' : 'ERROR');
}

function configOf(request: FastifyRequest): Partial<SrRouteConfig> {
  return request.routeOptions.config;
}

/** Headers as recorded: `Authorization` keeps only its scheme. */
export function redactHeaders(
  headers: Record<string, string | number | boolean | readonly string[] | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : String(value);
    out[key.toLowerCase()] =
      key.toLowerCase() === 'authorization' ? `${text.split(' ')[0] ?? ''} [redacted]`.trim() : text;
  }
  return out;
}

/** A body as recorded: secrets and tokens replaced, multipart summarised. */
export function redactBody(body: unknown, contentType?: string): unknown {
  if (Buffer.isBuffer(body)) {
    const parts = contentType ? parseMultipart(body, contentType) : null;
    if (!parts) return { bytes: body.length };
    return {
      parts: parts.map((p) => ({
        name: p.name,
        filename: p.filename,
        contentType: p.contentType,
        size: p.data.length,
      })),
    };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const out: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  for (const key of ['client_secret', 'clientSecret', 'access_token']) {
    if (typeof out[key] === 'string') out[key] = '[redacted]';
  }
  return out;
}

function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(.+)$/i.exec(header);
  return match?.[1]?.trim() ?? null;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Install the hooks every SR API route goes through: recording, `X-RateLimit-*` headers,
 * concurrency counting, fault knobs (in this order: concurrency 429, delay, hang, reset,
 * redirect, forced 401, status sequence) and bearer authentication.
 */
export function installApiHooks(app: FastifyInstance, state: SrState): void {
  const inflight = new Map<string, number>();
  const recent = new Map<string, number[]>();
  const hung = new Set<FastifyRequest>();

  app.addHook('preClose', (done) => {
    for (const request of hung) request.raw.socket.destroy();
    hung.clear();
    done();
  });

  const recordInbound = (
    request: FastifyRequest,
    status: number | null,
    error: string | null,
    headers: Record<string, string> = {},
  ) => {
    const config = configOf(request);
    state.record({
      direction: 'from-assay',
      route: config.srRoute ?? null,
      method: request.method,
      url: request.url,
      path: request.url.split('?')[0] ?? request.url,
      headers: redactHeaders(request.headers),
      body: redactBody(request.body, request.headers['content-type']),
      status,
      responseHeaders: headers,
      responseBody: responseBodies.get(request) ?? null,
      error,
    });
  };

  app.addHook('onRequest', async (request, reply) => {
    const config = configOf(request);
    if (!config.srRoute) return;
    const route = config.srRoute;
    const fault = state.faultFor(route) ?? {};

    // Credential key for limits: the token's client id, else the Basic user, else "anonymous".
    const token = bearerToken(request);
    const issued = token ? state.tokens.get(token) : undefined;
    const key = issued?.clientId ?? 'anonymous';
    const count = (inflight.get(key) ?? 0) + 1;
    inflight.set(key, count);
    reply.raw.once('close', () => inflight.set(key, Math.max(0, (inflight.get(key) ?? 1) - 1)));
    const now = Date.now();
    const window = (recent.get(key) ?? []).filter((t) => now - t < 1000);
    window.push(now);
    recent.set(key, window);
    const concurrentLimit = fault.concurrencyLimit ?? CONCURRENT_LIMIT;
    reply.header('X-RateLimit-Limit', String(RATE_LIMIT));
    reply.header(
      'X-RateLimit-Remaining',
      String(fault.rateLimitRemaining ?? Math.max(0, RATE_LIMIT - window.length)),
    );
    reply.header('X-RateLimit-Concurrent-Limit', String(concurrentLimit));
    reply.header('X-RateLimit-Concurrent-Remaining', String(Math.max(0, concurrentLimit - count)));

    if (fault.concurrencyLimit !== undefined && count > fault.concurrencyLimit) {
      if (fault.retryAfter !== undefined) reply.header('Retry-After', String(fault.retryAfter));
      return sendError(
        reply,
        429,
        'RATE_LIMIT_EXCEEDED',
        `More than ${fault.concurrencyLimit} concurrent calls for this credential.`,
      );
    }
    if (fault.delayMs) await sleep(fault.delayMs);
    if (fault.hang) {
      hung.add(request);
      request.raw.socket.once('close', () => hung.delete(request));
      recordInbound(request, null, 'hang');
      return reply.hijack();
    }
    if (fault.reset) {
      recordInbound(request, null, 'reset');
      reply.hijack();
      request.raw.socket.destroy();
      return reply;
    }
    if (fault.redirectTo) {
      return reply.code(307).header('Location', fault.redirectTo).send({ message: 'Moved', errors: [] });
    }
    const forced = state.faultEntryWith(route, 'force401');
    if (forced && (forced.force401 ?? 0) > 0) {
      forced.force401 = (forced.force401 ?? 1) - 1;
      return sendError(reply, 401, 'UNAUTHORIZED', 'The access token is invalid or expired.');
    }
    const sequence = state.faultEntryWith(route, 'statuses');
    const next = sequence?.statuses?.shift() ?? fault.status;
    if (next !== undefined && (next < 200 || next >= 300)) {
      if (fault.retryAfter !== undefined && (next === 429 || next === 503))
        reply.header('Retry-After', String(fault.retryAfter));
      if (next === 429) reply.header('X-RateLimit-Remaining', '0');
      return sendError(reply, next, codeFor(next), `Sandbox fault: status ${next}.`);
    }

    if (config.srAuth === 'master' || config.srAuth === 'company') {
      const valid = token ? state.tokens.get(token) : undefined;
      if (!valid || valid.expiresAt <= Date.now()) {
        return sendError(reply, 401, 'UNAUTHORIZED', 'The access token is missing, invalid or expired.');
      }
      if (valid.principal.kind !== config.srAuth) {
        return sendError(
          reply,
          403,
          'FORBIDDEN',
          config.srAuth === 'master'
            ? 'This endpoint needs the partner (master) credential.'
            : 'This endpoint needs a company credential.',
        );
      }
      principals.set(request, valid.principal);
    }
    return undefined;
  });

  app.addHook('onSend', async (request, _reply, payload) => {
    if (!configOf(request).srRoute) return payload;
    if (typeof payload === 'string') {
      try {
        responseBodies.set(request, redactBody(JSON.parse(payload)));
      } catch {
        responseBodies.set(request, payload.slice(0, 2000));
      }
    }
    return payload;
  });

  app.addHook('onResponse', async (request, reply) => {
    if (!configOf(request).srRoute) return;
    recordInbound(request, reply.statusCode, null, redactHeaders(reply.getHeaders()));
  });
}
