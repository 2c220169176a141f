import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest, HTTPMethods } from 'fastify';
import { PlatformErrors } from '../errors/index.js';

/**
 * How a route is rate limited (in-memory, per client IP):
 * - `'unauthenticated'`: at most `perMinute` requests per IP and route; requests that carry
 *   valid credentials (`request.auth` set by the identity `onRequest` hook) are not counted.
 *   **The default for POST, PUT, PATCH and DELETE**, so login, setup, password reset and
 *   invitation starts are covered without anyone remembering to mark them.
 * - `'none'`: not limited (the default for GET/HEAD/OPTIONS). Use it for routes with their own
 *   limits (partner routes limit per key, git pushes per attempt).
 *
 * Mark a route with `config: { rateLimitPolicy: 'unauthenticated' }` (e.g. a public GET that
 * does work) or `config: { rateLimitPolicy: 'none' }`.
 */
export type RateLimitPolicy = 'unauthenticated' | 'none';

declare module 'fastify' {
  interface FastifyContextConfig {
    rateLimitPolicy?: RateLimitPolicy;
  }
}

const WRITE_METHODS = new Set<string>(['POST', 'PUT', 'PATCH', 'DELETE']);

function defaultPolicy(method: HTTPMethods | HTTPMethods[]): RateLimitPolicy {
  const methods = Array.isArray(method) ? method : [method];
  return methods.some((m) => WRITE_METHODS.has(m.toUpperCase())) ? 'unauthenticated' : 'none';
}

function isAuthenticated(request: FastifyRequest): boolean {
  // Loose read: the identity module decorates `request.auth`; platform must not import it.
  return (request as FastifyRequest & { auth?: unknown }).auth != null;
}

/**
 * Install the rate limiter. Must run before any route is added: an `onRoute` hook turns
 * each route's policy into a @fastify/rate-limit route config.
 */
export async function registerRateLimits(
  app: FastifyInstance,
  options: { perMinute: number },
): Promise<void> {
  const unauthenticated = {
    max: options.perMinute,
    timeWindow: 60_000,
    // preParsing: after the onRequest auth hook (so `request.auth` is known), before the body is read.
    hook: 'preParsing' as const,
    allowList: (request: FastifyRequest) => isAuthenticated(request),
  };
  app.addHook('onRoute', (route) => {
    const policy = route.config?.rateLimitPolicy ?? defaultPolicy(route.method);
    route.config = { ...route.config, rateLimit: policy === 'unauthenticated' ? unauthenticated : false };
  });
  await app.register(rateLimit, {
    global: false,
    keyGenerator: (request) => request.ip,
    errorResponseBuilder: (_request, context) =>
      PlatformErrors.create('request.rate_limited', {
        message: `rate limit of ${context.max} per minute exceeded`,
        userMessage: `Too many requests. Try again in ${context.after}.`,
      }),
  });
}
