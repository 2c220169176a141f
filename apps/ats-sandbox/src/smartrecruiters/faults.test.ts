import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../server.js';
import { DEFAULT_COMPANY_ID, SEED_IDS } from './state.js';

let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  ({ app, url: base } = await startSandbox({ assayUrl: 'http://127.0.0.1:9' }));
});
afterAll(async () => {
  // Also proves a hung request does not keep the sandbox from closing.
  await app.close();
});
beforeEach(async () => {
  await control('reset', {});
});

async function control(path: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${base}/__sandbox/smartrecruiters/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

async function issue(clientId: string, clientSecret: string): Promise<Response> {
  return fetch(`${base}/identity/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
    }).toString(),
  });
}

async function accessToken(response: Response): Promise<string> {
  return ((await response.json()) as { access_token: string }).access_token;
}

const master = async () => accessToken(await issue('sr-sandbox-partner', 'sr-sandbox-partner-secret'));

function swap(token: string): Promise<Response> {
  return fetch(`${base}/assessment-api/v202010/integration/company/${DEFAULT_COMPANY_ID}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ clientId: 'b', clientSecret: 'b-secret' }),
  });
}

async function companyToken(): Promise<string> {
  await control('connect', {});
  const c = (await (await swap(await master())).json()) as { clientId: string; clientSecret: string };
  return accessToken(await issue(c.clientId, c.clientSecret));
}

const lookup = (token: string, init: RequestInit = {}) =>
  fetch(`${base}/candidates/${SEED_IDS.ada}`, { ...init, headers: { authorization: `Bearer ${token}` } });

describe('fault knobs', () => {
  it('consumes a status sequence one per call, then answers normally', async () => {
    const c = await companyToken();
    await control('faults', { route: 'candidate', statuses: [503, 503, 200] });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await lookup(c)).status);
    expect(statuses).toEqual([503, 503, 200, 200]);
  });

  it('answers a sticky status until cleared, in the ErrorResponse shape', async () => {
    const c = await companyToken();
    await control('faults', { route: 'messages', status: 403 });
    const send = () =>
      fetch(`${base}/messages/shares`, {
        method: 'POST',
        headers: { authorization: `Bearer ${c}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          content: `#[CANDIDATE:${SEED_IDS.ada}] x`,
          correlationId: 'i',
          shareWith: { openNote: true },
        }),
      });
    const first = await send();
    expect(first.status).toBe(403);
    expect(await first.json()).toMatchObject({ errors: [{ code: 'FORBIDDEN' }] });
    expect((await send()).status).toBe(403);
    await control('faults', { route: 'messages', clear: true });
    expect((await send()).status).toBe(201);
  });

  it('answers 429 with Retry-After and X-RateLimit-Remaining: 0', async () => {
    const c = await companyToken();
    await control('faults', { route: 'candidate', statuses: [429], retryAfter: 7 });
    const limited = await lookup(c);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
  });

  it('can announce Remaining: 0 on successful answers', async () => {
    const c = await companyToken();
    await control('faults', { route: 'candidate', rateLimitRemaining: 0 });
    const response = await lookup(c);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-ratelimit-remaining')).toBe('0');
  });

  it('holds calls for delayMs; above the concurrency limit per credential they get 429', async () => {
    const c = await companyToken();
    await control('faults', { route: 'candidate', delayMs: 400, concurrencyLimit: 2 });
    const statuses = (await Promise.all([lookup(c), lookup(c), lookup(c)])).map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 429]);
  });

  it('hang never answers (the caller times out) and is recorded', async () => {
    const c = await companyToken();
    await control('faults', { route: 'candidate', hang: true });
    await expect(lookup(c, { signal: AbortSignal.timeout(300) })).rejects.toThrow();
    const requests = (await (
      await fetch(`${base}/__sandbox/smartrecruiters/requests?route=candidate`)
    ).json()) as { error: string }[];
    expect(requests.map((r) => r.error)).toEqual(['hang']);
  });

  it('reset destroys the connection', async () => {
    const c = await companyToken();
    await control('faults', { route: 'candidate', reset: true });
    await expect(lookup(c)).rejects.toThrow();
  });

  it('redirects to a canary URL', async () => {
    const c = await companyToken();
    await control('faults', { route: 'candidate', redirectTo: 'http://canary.invalid/steal' });
    const response = await fetch(`${base}/candidates/${SEED_IDS.ada}`, {
      headers: { authorization: `Bearer ${c}` },
      redirect: 'manual',
    });
    expect(response.status).toBe(307);
    expect(response.headers.get('location')).toBe('http://canary.invalid/steal');
  });

  it('force401 rejects the next N calls whatever the token', async () => {
    const c = await companyToken();
    await control('faults', { route: 'candidate', force401: 1 });
    expect((await lookup(c)).status).toBe(401);
    expect((await lookup(c)).status).toBe(200);
  });

  it('expiresIn issues short-lived tokens (0 = already expired); expire-tokens kills every token', async () => {
    await control('faults', { route: 'token', expiresIn: 0 });
    const response = await issue('sr-sandbox-partner', 'sr-sandbox-partner-secret');
    const body = (await response.json()) as { access_token: string; expires_in: number };
    expect(body.expires_in).toBe(0);
    const config = `${base}/assessment-api/v202010/partner/configuration`;
    expect((await fetch(config, { headers: { authorization: `Bearer ${body.access_token}` } })).status).toBe(
      401,
    );
    await control('faults', { route: 'token', clear: true });
    const fresh = await master();
    expect((await fetch(config, { headers: { authorization: `Bearer ${fresh}` } })).status).toBe(404);
    expect(await control('expire-tokens', {})).toMatchObject({ expired: 2 });
    expect((await fetch(config, { headers: { authorization: `Bearer ${fresh}` } })).status).toBe(401);
  });

  it('reject415 refuses application/json results but accepts merge-patch+json', async () => {
    const c = await companyToken();
    const prepared = (await control('prepare-order', { candidateId: SEED_IDS.ada, packageId: 'p' })) as {
      order: { resultCallbackURL: string };
    };
    await control('faults', { route: 'results', reject415: true });
    const send = (contentType: string) =>
      fetch(prepared.order.resultCallbackURL, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${c}`, 'content-type': contentType },
        body: JSON.stringify({ status: 'IN_PROGRESS' }),
      });
    const refused = await send('application/json');
    expect(refused.status).toBe(415);
    expect(await refused.json()).toMatchObject({ errors: [{ code: 'UNSUPPORTED_MEDIA_TYPE' }] });
    expect((await send('application/merge-patch+json')).status).toBe(200);
  });

  it('swapStatus forces 403 or 409 on the swap even with consent', async () => {
    await control('connect', {});
    const token = await master();
    await control('faults', { route: 'swap', swapStatus: 409 });
    expect((await swap(token)).status).toBe(409);
    await control('faults', { route: 'swap', swapStatus: 403 });
    expect((await swap(token)).status).toBe(403);
    await control('faults', { route: 'swap', clear: true });
    expect((await swap(token)).status).toBe(200);
  });

  it('route "*" applies to every API route', async () => {
    await control('faults', { route: '*', statuses: [502] });
    expect((await issue('sr-sandbox-partner', 'sr-sandbox-partner-secret')).status).toBe(502);
    expect((await issue('sr-sandbox-partner', 'sr-sandbox-partner-secret')).status).toBe(200);
  });

  it('refuses a fault with a bad field, saying which', async () => {
    const response = await fetch(`${base}/__sandbox/smartrecruiters/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ route: 'candidate', statuses: ['x'] }),
    });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain('statuses');
  });
});
