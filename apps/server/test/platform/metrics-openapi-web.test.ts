import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createMetrics, StandardGauges } from '../../src/platform/metrics/index.js';
import { COMMITTED_OPENAPI_PATH, generateOpenApiDocument } from '../../src/main/openapi-document.js';
import { testDialect } from '../support/test-db.js';
import { buildPlatformTestApp, type PlatformTestApp } from './platform-test-app.js';

describe(`metrics (${testDialect})`, () => {
  let t: PlatformTestApp;
  beforeAll(async () => {
    const metrics = createMetrics();
    metrics.registerGauge({
      name: 'assay_test_queue_depth',
      help: 'test gauge with labels',
      labelNames: ['job'],
      collect: () => [{ labels: { job: 'mail.send' }, value: 4 }],
    });
    metrics.registerGauge({ ...StandardGauges.runnerUp, collect: () => [{ value: 1 }] });
    metrics.registerGauge({
      name: 'assay_broken',
      help: 'always fails',
      collect: () => Promise.reject(new Error('down')),
    });
    t = await buildPlatformTestApp({ metrics, routes: (app) => app.get('/i/:token', () => ({ ok: true })) });
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves Prometheus text with request durations by route pattern and the registered gauges', async () => {
    await t.app.inject({ method: 'GET', url: '/healthz' });
    await t.app.inject({ method: 'GET', url: '/i/tok_abcdefghijklmnopqrstuvwxyz0123456789' });
    await t.app.inject({ method: 'GET', url: '/api/unknown-route-123' });
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const body = res.body;
    expect(body).toMatch(
      /assay_http_request_duration_seconds_count\{route="\/healthz",method="GET",status="200"\} 1/,
    );
    expect(body).toContain('route="/i/:token"');
    expect(body).toContain('route="(unmatched)",method="GET",status="404"');
    expect(body).not.toContain('tok_abcdefghijklmnopqrstuvwxyz0123456789');
    expect(body).toContain('assay_test_queue_depth{job="mail.send"} 4');
    expect(body).toContain('assay_runner_up 1');
  });

  it('needs the bearer token when METRICS_TOKEN is set', async () => {
    const token = 'metrics-token-0123456789';
    const gated = await buildPlatformTestApp({ env: { METRICS_TOKEN: token } });
    try {
      const anonymous = await gated.app.inject({ method: 'GET', url: '/metrics' });
      expect(anonymous.statusCode).toBe(401);
      expect(anonymous.json()).toMatchObject({ error: { code: 'auth.unauthenticated' } });
      const wrong = await gated.app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: 'Bearer nope' },
      });
      expect(wrong.statusCode).toBe(401);
      const ok = await gated.app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(ok.statusCode).toBe(200);
    } finally {
      await gated.close();
    }
  });
});

describe(`OpenAPI (${testDialect})`, () => {
  let t: PlatformTestApp;
  beforeAll(async () => {
    t = await buildPlatformTestApp({
      routes: (app) => {
        app.post(
          '/api/test/widgets',
          {
            schema: {
              body: z.object({ name: z.string().min(1) }),
              response: { 201: z.object({ id: z.string() }) },
            },
          },
          (_request, reply) => {
            reply.code(201);
            return { id: 'w1' };
          },
        );
        app.get('/api/test/secret', { schema: { hide: true } }, () => ({ ok: true }));
      },
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves the spec generated from the zod schemas, without hidden routes', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const spec = res.json<{ openapi: string; paths: Record<string, Record<string, unknown>> }>();
    expect(spec.openapi).toBe('3.1.0');
    expect(spec.paths['/api/test/widgets']?.post).toMatchObject({
      requestBody: {
        content: {
          'application/json': { schema: { properties: { name: { type: 'string', minLength: 1 } } } },
        },
      },
      responses: {
        201: { content: { 'application/json': { schema: { properties: { id: { type: 'string' } } } } } },
      },
    });
    for (const hidden of ['/api/test/secret', '/healthz', '/metrics', '/api/openapi.json'])
      expect(spec.paths[hidden]).toBeUndefined();
  });

  it('serves the docs UI from local files only', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).not.toMatch(/(src|href)="(https?:)?\/\//);
    const initializer = await t.app.inject({ method: 'GET', url: '/api/docs/static/swagger-initializer.js' });
    expect(initializer.statusCode).toBe(200);
  });

  it('matches the committed apps/server/openapi.json (run `npm run openapi:write` after changing routes)', async () => {
    const committed = readFileSync(COMMITTED_OPENAPI_PATH, 'utf8');
    expect(await generateOpenApiDocument()).toBe(committed);
  });
});

describe(`static web app (${testDialect})`, () => {
  let t: PlatformTestApp;
  beforeAll(async () => {
    const root = mkdtempSync(join(tmpdir(), 'assay-web-'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><div id="root">spa</div>');
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'assets', 'app-abc123.js'), 'console.log(1)');
    t = await buildPlatformTestApp({ webRoot: root });
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves index.html at / and for client-side routes, files as they are', async () => {
    for (const url of ['/', '/orgs/o1/invitations', '/i/some-invitation-token?x=1']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body).toContain('<div id="root">spa</div>');
      expect(res.headers['cache-control']).toBe('no-cache');
    }
    const asset = await t.app.inject({ method: 'GET', url: '/assets/app-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.body).toBe('console.log(1)');
    expect(asset.headers['cache-control']).toContain('immutable');
  });

  it('keeps server paths and missing files out of the fallback', async () => {
    const api = await t.app.inject({ method: 'GET', url: '/api/nope' });
    expect(api.statusCode).toBe(404);
    expect(api.json()).toMatchObject({ error: { code: 'request.not_found' } });
    for (const url of ['/git/a1.git/objects/info/packs', '/partner/greenhouse/nope', '/assets/missing.js']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.body).not.toContain('spa');
    }
    expect((await t.app.inject({ method: 'POST', url: '/orgs' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).json()).toMatchObject({ status: 'ok' });
  });

  it('answers a page saying to build when the web build is missing', async () => {
    const bare = await buildPlatformTestApp();
    try {
      const res = await bare.app.inject({ method: 'GET', url: '/' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.body).toContain('npm run build');
      expect((await bare.app.inject({ method: 'GET', url: '/api/x' })).statusCode).toBe(404);
    } finally {
      await bare.close();
    }
  });
});
