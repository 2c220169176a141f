import formbody from '@fastify/formbody';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DEFAULT_BODY_LIMIT_BYTES } from '@assay/contracts';
import { testDialect } from '../support/test-db.js';
import { buildPlatformTestApp, type PlatformTestApp } from './platform-test-app.js';

const Body = z.object({ name: z.string() });

describe(`HTTP hardening (${testDialect})`, () => {
  let t: PlatformTestApp;
  beforeAll(async () => {
    t = await buildPlatformTestApp({
      env: { HTTP_RATE_LIMIT_PER_MINUTE: '3' },
      routes: (app) => {
        app.post('/api/test/public', { schema: { body: Body } }, (request) => ({ hello: request.body.name }));
        app.post(
          '/api/test/authenticated',
          {
            schema: { body: Body },
            // Stands in for the identity onRequest hook.
            onRequest: (request, _reply, done) => {
              (request as unknown as { auth: unknown }).auth = { user: { id: 'u1' } };
              done();
            },
          },
          () => ({ ok: true }),
        );
        app.post(
          '/api/test/unlimited',
          { schema: { body: Body }, config: { rateLimitPolicy: 'none' } },
          () => ({
            ok: true,
          }),
        );
        app.post(
          '/api/test/upload',
          {
            schema: { body: z.object({ data: z.string() }) },
            bodyLimit: 8 * 1024 * 1024,
            config: { rateLimitPolicy: 'none' },
          },
          (request) => ({ length: request.body.data.length }),
        );
        app.get('/api/test/read', () => ({ ok: true }));
        void app.register(async (plugin) => {
          await plugin.register(formbody);
          const scope = plugin.withTypeProvider<ZodTypeProvider>();
          scope.post(
            '/partner/test/consent',
            {
              schema: { body: Body },
              config: { contentTypes: ['application/x-www-form-urlencoded'], rateLimitPolicy: 'none' },
            },
            (request) => ({ hello: request.body.name }),
          );
          scope.post(
            '/api/test/json-only',
            { schema: { body: Body }, config: { rateLimitPolicy: 'none' } },
            () => ({
              ok: true,
            }),
          );
        });
      },
    });
  });
  afterAll(async () => {
    await t.close();
  });

  const post = (
    url: string,
    payload: unknown,
    headers: Record<string, string> = {},
    remoteAddress?: string,
  ) =>
    t.app.inject({
      method: 'POST',
      url,
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
      headers: { 'content-type': 'application/json', ...headers },
      ...(remoteAddress ? { remoteAddress } : {}),
    });

  describe('security headers', () => {
    it('sends the CSP, nosniff and no-referrer on every response, and no HSTS outside production', async () => {
      for (const url of ['/healthz', '/api/test/read', '/']) {
        const res = await t.app.inject({ method: 'GET', url });
        const csp = String(res.headers['content-security-policy']);
        for (const directive of [
          "default-src 'self'",
          "object-src 'none'",
          "base-uri 'none'",
          "frame-ancestors 'none'",
          "style-src 'self' 'unsafe-inline'",
          "img-src 'self' data: https:",
        ]) {
          expect(csp).toContain(directive);
        }
        expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['referrer-policy']).toBe('no-referrer');
        expect(res.headers['strict-transport-security']).toBeUndefined();
      }
    });

    it('marks API answers, including errors, Cache-Control: no-store', async () => {
      const ok = await t.app.inject({ method: 'GET', url: '/api/test/read' });
      expect(ok.headers['cache-control']).toBe('no-store');
      const missing = await t.app.inject({ method: 'GET', url: '/api/nope' });
      expect(missing.statusCode).toBe(404);
      expect(missing.headers['cache-control']).toBe('no-store');
    });

    it('sends HSTS for at least a year in production', async () => {
      const prod = await buildPlatformTestApp({
        env: { NODE_ENV: 'production', PUBLIC_URL: 'https://assay.example.com' },
      });
      try {
        const res = await prod.app.inject({ method: 'GET', url: '/healthz' });
        const hsts = String(res.headers['strict-transport-security']);
        expect(Number(/max-age=(\d+)/.exec(hsts)?.[1])).toBeGreaterThanOrEqual(31_536_000);
        expect(String(res.headers['content-security-policy'])).toContain('upgrade-insecure-requests');
      } finally {
        await prod.close();
      }
    });
  });

  describe('rate limits', () => {
    it('limits unauthenticated POSTs per IP and answers 429 in the error shape', async () => {
      const ip = '10.0.0.1';
      for (let i = 0; i < 3; i++)
        expect((await post('/api/test/public', { name: 'a' }, {}, ip)).statusCode).toBe(200);
      const limited = await post('/api/test/public', { name: 'a' }, { 'x-request-id': 'rl-1' }, ip);
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['retry-after']).toBeDefined();
      expect(limited.json()).toEqual({
        error: {
          code: 'request.rate_limited',
          message: expect.stringMatching(/Too many requests/) as unknown,
          requestId: 'rl-1',
        },
      });
      // Another client is not affected.
      expect((await post('/api/test/public', { name: 'a' }, {}, '10.0.0.2')).statusCode).toBe(200);
    });

    it('counts invalid bodies too (the limit runs before parsing)', async () => {
      const ip = '10.0.0.3';
      for (let i = 0; i < 3; i++)
        expect((await post('/api/test/public', '{bad', {}, ip)).statusCode).toBe(400);
      expect((await post('/api/test/public', '{bad', {}, ip)).statusCode).toBe(429);
    });

    it('does not count authenticated requests, GETs or routes marked rateLimitPolicy none', async () => {
      const ip = '10.0.0.4';
      for (let i = 0; i < 6; i++) {
        expect((await post('/api/test/authenticated', { name: 'a' }, {}, ip)).statusCode).toBe(200);
        expect((await post('/api/test/unlimited', { name: 'a' }, {}, ip)).statusCode).toBe(200);
        expect(
          (await t.app.inject({ method: 'GET', url: '/api/test/read', remoteAddress: ip })).statusCode,
        ).toBe(200);
      }
    });
  });

  describe('body limit', () => {
    it('answers 413 in the error shape above 1 MiB', async () => {
      const res = await post('/api/test/unlimited', { name: 'x'.repeat(DEFAULT_BODY_LIMIT_BYTES) });
      expect(res.statusCode).toBe(413);
      expect(res.json()).toMatchObject({ error: { code: 'request.too_large' } });
    });

    it('lets a route raise its own limit with `bodyLimit`', async () => {
      const data = 'y'.repeat(3 * 1024 * 1024);
      const res = await post('/api/test/upload', { data });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ length: data.length });
      const tooBig = await post('/api/test/upload', { data: 'z'.repeat(9 * 1024 * 1024) });
      expect(tooBig.statusCode).toBe(413);
    });
  });

  describe('content types', () => {
    it.each([
      ['text/plain', '{"name":"a"}'],
      ['text/plain;charset=UTF-8', '{"name":"a"}'],
      ['application/x-www-form-urlencoded', 'name=a'],
      ['multipart/form-data; boundary=x', '--x--'],
      ['application/xml', '<name>a</name>'],
    ])('refuses %s on a JSON route with 415', async (type, payload) => {
      const res = await post('/api/test/json-only', payload, { 'content-type': type });
      expect(res.statusCode).toBe(415);
      expect(res.json()).toMatchObject({ error: { code: 'request.unsupported_media_type' } });
    });

    it('accepts JSON, and form bodies where the route declares them', async () => {
      expect(
        (
          await post(
            '/api/test/json-only',
            { name: 'a' },
            { 'content-type': 'application/json; charset=utf-8' },
          )
        ).statusCode,
      ).toBe(200);
      const form = await post('/partner/test/consent', 'name=b', {
        'content-type': 'application/x-www-form-urlencoded',
      });
      expect(form.statusCode).toBe(200);
      expect(form.json()).toEqual({ hello: 'b' });
    });
  });
});
