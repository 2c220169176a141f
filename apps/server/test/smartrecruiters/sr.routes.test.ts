import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { atsModuleOf } from '../../src/main/build-app.js';
import { CONSENT_MESSAGES } from '../../src/integrations/smartrecruiters/sr.routes.js';
import type { AtsCore } from '../../src/modules/ats/index.js';
import { makePublishedTest } from '../invitations/invitation-factories.js';
import { buildOrgApp, type OrgApp } from '../support/org-app.js';
import { SEED, startSrSandbox, type SrSandbox } from './sr-sandbox.js';

/**
 * The SmartRecruiters partner routes (contract §3) on the real app (both dialects), with the
 * ats-sandbox playing SmartRecruiters over real HTTP for the consent-time swap and activation.
 */

const P = '/partner/smartrecruiters';
type SrError = { message: string; errors: { code: string; message: string }[] };
let sandbox: SrSandbox;
let t: OrgApp;
let core: AtsCore;

beforeAll(async () => {
  sandbox = await startSrSandbox();
  t = await buildOrgApp({ name: 'sr-routes', env: sandbox.env });
  core = atsModuleOf(t.app).core;
}, 60_000);
afterAll(async () => {
  await t?.close();
  await sandbox?.close();
});
beforeEach(async () => {
  await sandbox.control('DELETE', '/faults');
});

const uniqueCompany = () => `co-${randomBytes(5).toString('hex')}`;

function hidden(html: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!match) throw new Error(`no hidden field ${name}`);
  return (match[1] ?? '').replaceAll('&amp;', '&').replaceAll('&quot;', '"').replaceAll('&#39;', "'");
}

async function consentForm(companyId: string, redirect?: string) {
  const res = await t.app.inject({
    method: 'GET',
    url: `${P}/consent?companyId=${encodeURIComponent(companyId)}${redirect ? `&redirect=${encodeURIComponent(redirect)}` : ''}`,
  });
  expect(res.statusCode).toBe(200);
  return {
    companyId: hidden(res.body, 'companyId'),
    redirect: hidden(res.body, 'redirect'),
    expires: hidden(res.body, 'expires'),
    state: hidden(res.body, 'state'),
  };
}

/** A fresh client address per caller (the consent limit counts per IP too). */
const someIp = () => `10.${[1, 2, 3].map(() => randomBytes(1)[0]).join('.')}`;

async function submitConsent(
  companyId: string,
  apiKey: string,
  options: { redirect?: string; headers?: Record<string, string>; ip?: string } = {},
) {
  const form = await consentForm(companyId, options.redirect);
  return t.app.inject({
    method: 'POST',
    remoteAddress: options.ip ?? someIp(),
    url: `${P}/consent`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...options.headers },
    payload: new URLSearchParams({ ...form, apiKey }).toString(),
  });
}

/** An organization with a SmartRecruiters key, connected to a fresh consented SR company. */
async function connected() {
  const org = await t.organization();
  const key = await core.keys.issue('smartrecruiters', org.id, null);
  const companyId = uniqueCompany();
  await sandbox.control('POST', '/connect', { companyId });
  const res = await submitConsent(companyId, key);
  expect(res.statusCode).toBe(200);
  expect(res.body).toContain('Connected');
  const state = await sandbox.state();
  const company = state.companies.find((c) => c.id === companyId) as unknown as {
    b: { clientId: string; clientSecret: string };
  };
  const token = await tokenFor(company.b.clientId, company.b.clientSecret);
  return { org, key, companyId, b: company.b, token };
}

async function tokenFor(clientId: string, clientSecret: string): Promise<string> {
  const res = await t.app.inject({
    method: 'POST',
    url: `${P}/oauth/token`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
    }).toString(),
  });
  expect(res.statusCode).toBe(200);
  return res.json<{ access_token: string }>().access_token;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

function orderBody(
  companyId: string,
  testId: string,
  callback: string,
  overrides: Record<string, unknown> = {},
) {
  return {
    resultCallbackURL: callback,
    assessmentPackageId: testId,
    companyId,
    jobId: SEED.job,
    job: { id: SEED.job, title: 'Backend engineer' },
    candidate: {
      id: SEED.ada,
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: `ada-${randomBytes(3).toString('hex')}@example.com`,
    },
    requester: { userId: 'rec-1', email: 'recruiter@example.com' },
    ...overrides,
  };
}

const callbackUrl = () => `${sandbox.url}/assessment-api/v202010/orders/${crypto.randomUUID()}/results`;

describe('consent page', () => {
  it('renders a no-JavaScript form for the popup, framed only by SmartRecruiters; 400 without companyId', async () => {
    const res = await t.app.inject({ method: 'GET', url: `${P}/consent?companyId=acme-1` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toMatch(/<form method="post" action="consent"/);
    expect(res.body).toContain('name="apiKey"');
    expect(res.body).toContain('name="state"');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain('frame-ancestors https://smartrecruiters.com https://*.smartrecruiters.com');
    expect(csp).not.toContain("frame-ancestors 'none'");
    const missing = await t.app.inject({ method: 'GET', url: `${P}/consent` });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('companyId');
  });

  it('a wrong key gets the same page with "This API key is not valid." and nothing is swapped', async () => {
    const companyId = uniqueCompany();
    await sandbox.control('POST', '/connect', { companyId });
    const res = await submitConsent(companyId, 'assay_sr_not-the-right-key');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(CONSENT_MESSAGES.invalidKey);
    expect(res.body).toContain('name="apiKey"');
    const company = (await sandbox.state()).companies.find((c) => c.id === companyId);
    expect(company?.swapped).toBe(false);
  });

  it('the right key swaps, binds, activates at once and closes the popup', async () => {
    const { org, companyId } = await connected();
    const connection = await core.connections.get('smartrecruiters', org.id);
    expect(connection).toMatchObject({ status: 'connected', externalAccountId: companyId });
    expect(connection?.credentials?.clientId).toMatch(/^sr-company-/);
    const again = await submitConsent(companyId, 'assay_sr_wrong');
    expect(again.body).toContain(CONSENT_MESSAGES.invalidKey);
  });

  it('the Connected page closes the popup with a nonce-allowed script', async () => {
    const org = await t.organization();
    const key = await core.keys.issue('smartrecruiters', org.id, null);
    const companyId = uniqueCompany();
    await sandbox.control('POST', '/connect', { companyId });
    const res = await submitConsent(companyId, key);
    const nonce = /<script nonce="([^"]+)">window\.close\(\);<\/script>/.exec(res.body)?.[1];
    expect(nonce).toBeTruthy();
    expect(String(res.headers['content-security-policy'])).toContain(`script-src 'nonce-${nonce}'`);
  });

  it('follows an SR redirect with 303 after connecting', async () => {
    const org = await t.organization();
    const key = await core.keys.issue('smartrecruiters', org.id, null);
    const companyId = uniqueCompany();
    await sandbox.control('POST', '/connect', { companyId });
    const redirect = `${sandbox.url}/sr/apps?connected=1`;
    const res = await submitConsent(companyId, key, { redirect });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(redirect);
    const evil = await consentForm(uniqueCompany(), 'https://evil.example/steal');
    expect(evil.redirect).toBe('');
  });

  it('refuses a company already connected to another organization, without revealing it', async () => {
    const { companyId } = await connected();
    const other = await t.organization();
    const key = await core.keys.issue('smartrecruiters', other.id, null);
    const res = await submitConsent(companyId, key);
    expect(res.body).toContain('already connected to another Assay organization');
    expect(await core.connections.get('smartrecruiters', other.id)).toBeNull();
  });

  it.each([
    [403, CONSENT_MESSAGES.swap403],
    [409, CONSENT_MESSAGES.swap409],
  ] as const)('a swap answered %i says what to do and stores nothing', async (status, message) => {
    const org = await t.organization();
    const key = await core.keys.issue('smartrecruiters', org.id, null);
    const companyId = uniqueCompany();
    await sandbox.control('POST', '/connect', { companyId });
    await sandbox.fault('swap', { swapStatus: status });
    const res = await submitConsent(companyId, key);
    expect(res.body).toContain(message);
    expect(await core.connections.get('smartrecruiters', org.id)).toBeNull();
  });

  it('without consent in SmartRecruiters the swap is refused (403 message)', async () => {
    const org = await t.organization();
    const key = await core.keys.issue('smartrecruiters', org.id, null);
    const res = await submitConsent(uniqueCompany(), key);
    expect(res.body).toContain(CONSENT_MESSAGES.swap403);
  });

  it('refuses an expired or tampered state and a foreign Origin', async () => {
    const companyId = uniqueCompany();
    const form = await consentForm(companyId);
    const post = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
      t.app.inject({
        method: 'POST',
        url: `${P}/consent`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        payload: new URLSearchParams({ ...form, apiKey: 'x', ...fields }).toString(),
      });
    expect((await post({ companyId: uniqueCompany() })).statusCode).toBe(400);
    expect((await post({ state: `${form.state}x` })).statusCode).toBe(400);
    expect((await post({}, { origin: 'https://evil.example' })).statusCode).toBe(403);
    t.clock.advance(16 * 60 * 1000);
    const expired = await post({});
    expect(expired.statusCode).toBe(400);
    expect(expired.body).toContain(CONSENT_MESSAGES.expired);
  });

  it('answers 429 after 10 tries in 15 minutes for a company, and for an IP', async () => {
    const companyId = uniqueCompany();
    for (let i = 0; i < 10; i++)
      expect((await submitConsent(companyId, 'assay_sr_wrong')).statusCode).toBe(200);
    const res = await submitConsent(companyId, 'assay_sr_wrong');
    expect(res.statusCode).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    const ip = someIp();
    for (let i = 0; i < 10; i++) {
      expect((await submitConsent(uniqueCompany(), 'assay_sr_wrong', { ip })).statusCode).toBe(200);
    }
    expect((await submitConsent(uniqueCompany(), 'assay_sr_wrong', { ip })).statusCode).toBe(429);
  });
});

describe('token endpoint', () => {
  const post = (form: Record<string, string>, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: `${P}/oauth/token`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      payload: new URLSearchParams(form).toString(),
    });

  it('checks grant_type, then the client, then the rest, in the OAuth error shape', async () => {
    const { b } = await connected();
    const noGrant = await post({ client_id: 'nobody', client_secret: 'x' });
    expect(noGrant.statusCode).toBe(400);
    expect(noGrant.json()).toMatchObject({ error: 'unsupported_grant_type' });
    expect(
      (await post({ grant_type: 'password', client_id: b.clientId, client_secret: b.clientSecret })).json(),
    ).toMatchObject({
      error: 'unsupported_grant_type',
    });
    const badClient = await post({
      grant_type: 'client_credentials',
      client_id: b.clientId,
      client_secret: 'wrong',
    });
    expect(badClient.statusCode).toBe(400);
    expect(badClient.json()).toMatchObject({ error: 'invalid_client' });
    expect((await post({ grant_type: 'client_credentials' })).json()).toMatchObject({
      error: 'invalid_client',
    });
    const basic = `Basic ${Buffer.from(`${b.clientId}:${b.clientSecret}`).toString('base64')}`;
    const conflicting = await post(
      { grant_type: 'client_credentials', client_id: 'someone-else', client_secret: 'x' },
      { authorization: basic },
    );
    expect(conflicting.json()).toMatchObject({ error: 'invalid_request' });
    const ok = await post({ grant_type: 'client_credentials' }, { authorization: basic });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect(ok.headers['cache-control']).toBe('no-store');
  });

  it('limits token requests to 10 a minute per client_id', async () => {
    const clientId = `limited-${randomBytes(3).toString('hex')}`;
    for (let i = 0; i < 10; i++) {
      expect(
        (await post({ grant_type: 'client_credentials', client_id: clientId, client_secret: 'x' }))
          .statusCode,
      ).toBe(400);
    }
    const limited = await post({ grant_type: 'client_credentials', client_id: clientId, client_secret: 'x' });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
  });
});

describe('bearer routes', () => {
  it('answers 401 in SR shape whatever the body when the token is missing or wrong', async () => {
    for (const headers of [{}, bearer('nope')]) {
      for (const [type, payload] of [
        ['application/json', '{not json'],
        ['text/plain', 'hello'],
        ['application/json', JSON.stringify({})],
      ] as const) {
        const res = await t.app.inject({
          method: 'POST',
          url: `${P}/packages/orders`,
          headers: { ...headers, 'content-type': type },
          payload,
        });
        expect(res.statusCode).toBe(401);
        expect(res.json()).toEqual({
          message: expect.any(String) as unknown,
          errors: [{ code: 'UNAUTHORIZED', message: expect.any(String) as unknown }],
        });
      }
    }
    expect((await t.app.inject({ method: 'GET', url: `${P}/packages` })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'DELETE', url: `${P}/integrations/companies/x` })).statusCode).toBe(
      401,
    );
  });

  it('packages: 204 when none, then the published tests; 404 for unknown or another organization', async () => {
    const { org, token } = await connected();
    const empty = await t.app.inject({ method: 'GET', url: `${P}/packages`, headers: bearer(token) });
    expect(empty.statusCode).toBe(204);
    expect(empty.body).toBe('');
    const test = await makePublishedTest(t.db, org.id, { name: 'Quick test' });
    await makePublishedTest(t.db, org.id, { name: 'Draft', published: false });
    const list = await t.app.inject({ method: 'GET', url: `${P}/packages`, headers: bearer(token) });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual([
      {
        id: test.id,
        name: 'Quick test',
        description: expect.any(String) as unknown,
        type: 'SKILL_TEST',
        assessments: [
          { id: test.id, name: 'Quick test', description: expect.any(String) as unknown, type: 'SKILL_TEST' },
        ],
      },
    ]);
    const one = await t.app.inject({
      method: 'GET',
      url: `${P}/packages/${test.id}`,
      headers: bearer(token),
    });
    expect(one.json()).toMatchObject({ id: test.id, type: 'SKILL_TEST' });
    const other = await t.organization();
    const foreign = await makePublishedTest(t.db, other.id);
    for (const id of ['missing', foreign.id]) {
      const res = await t.app.inject({ method: 'GET', url: `${P}/packages/${id}`, headers: bearer(token) });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ errors: [{ code: 'PACKAGE_NOT_FOUND' }] });
    }
  });

  it('reads the requester header in every accepted encoding; 400 when unreadable', async () => {
    const { org, token } = await connected();
    await makePublishedTest(t.db, org.id);
    for (const requester of [
      '{"email":"r@example.com"}',
      'email=r@example.com',
      'email,r@example.com',
      'r@example.com',
    ]) {
      const res = await t.app.inject({
        method: 'GET',
        url: `${P}/packages`,
        headers: { ...bearer(token), requester },
      });
      expect(res.statusCode, requester).toBe(200);
    }
    const bad = await t.app.inject({
      method: 'GET',
      url: `${P}/packages`,
      headers: { ...bearer(token), requester: 'nobody' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ errors: [{ code: 'INVALID_REQUEST' }] });
  });

  it('orders: 202 {} once per callback URL (a repeat invites nobody new), 409 on a conflicting repeat', async () => {
    const { org, token, companyId } = await connected();
    const test = await makePublishedTest(t.db, org.id);
    const callback = callbackUrl();
    const body = orderBody(companyId, test.id, callback);
    const send = (payload: unknown) =>
      t.app.inject({
        method: 'POST',
        url: `${P}/packages/orders`,
        headers: bearer(token),
        payload: payload as object,
      });
    const first = await send(body);
    expect(first.statusCode).toBe(202);
    expect(first.json()).toEqual({});
    const repeats = await Promise.all(Array.from({ length: 5 }, () => send(body)));
    expect(repeats.map((r) => r.statusCode)).toEqual([202, 202, 202, 202, 202]);
    const invitations = await t.db
      .selectFrom('invitations')
      .select('id')
      .where('organization_id', '=', org.id)
      .execute();
    expect(invitations).toHaveLength(1);
    const conflict = await send({
      ...body,
      candidate: { ...body.candidate, id: SEED.grace, email: 'grace@example.com' },
    });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json()).toMatchObject({ errors: [{ code: 'ORDER_CONFLICT' }] });
    // A repeat answers from the stored order, even after the test was archived meanwhile.
    await t.db
      .updateTable('tests')
      .set({ archived_at: new Date().toISOString() })
      .where('id', '=', test.id)
      .execute();
    expect((await send(body)).statusCode).toBe(202);
    const order = await core.orders.findByKey('smartrecruiters', companyId, callback);
    expect(order).toMatchObject({
      testId: test.id,
      candidateExternalId: SEED.ada,
      requester: { email: 'recruiter@example.com', userId: 'rec-1' },
    });
    expect(order?.providerData).toMatchObject({ jobId: SEED.job });
  });

  it('orders: auto-triggered without requester, numeric ids and unknown fields are accepted', async () => {
    const { org, token, companyId } = await connected();
    const test = await makePublishedTest(t.db, org.id);
    const { requester: _r, ...auto } = orderBody(companyId, test.id, callbackUrl(), {
      jobId: 743999612345678,
      job: { id: 743999612345678 },
      someNewSrField: { nested: true },
    });
    const res = await t.app.inject({
      method: 'POST',
      url: `${P}/packages/orders`,
      headers: bearer(token),
      payload: auto,
    });
    expect(res.statusCode).toBe(202);
    const order = await core.orders.findByKey('smartrecruiters', companyId, auto.resultCallbackURL);
    expect(order?.requester ?? null).toBeNull();
    expect(order?.providerData).toMatchObject({ jobId: '743999612345678' });
  });

  it('orders: 400 on a bad body or a refused callback, 403 for another company, 404 for an unknown package', async () => {
    const { org, token, companyId } = await connected();
    const test = await makePublishedTest(t.db, org.id);
    const send = (payload: object) =>
      t.app.inject({ method: 'POST', url: `${P}/packages/orders`, headers: bearer(token), payload });
    const bad = await send({ companyId });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<SrError>().errors[0]?.code).toBe('INVALID_REQUEST');
    expect(bad.json<SrError>().message).toContain('resultCallbackURL');
    for (const callback of [
      'https://evil.example/assessment-api/v202010/orders/1/results',
      'http://169.254.169.254/latest/meta-data',
      'file:///etc/passwd',
    ]) {
      const refused = await send(orderBody(companyId, test.id, callback));
      expect(refused.statusCode, callback).toBe(400);
      expect(refused.json<SrError>().message).toContain('resultCallbackURL refused');
    }
    const foreign = await send(orderBody('someone-else', test.id, callbackUrl()));
    expect(foreign.statusCode).toBe(403);
    const unknown = await send(orderBody(companyId, 'no-such-test', callbackUrl()));
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json<SrError>().errors[0]?.code).toBe('PACKAGE_NOT_FOUND');
  });

  it('403 INTEGRATION_INACTIVE for a disconnected company', async () => {
    const { org, token } = await connected();
    const connection = await core.connections.get('smartrecruiters', org.id);
    if (!connection) throw new Error('not connected');
    await core.connections.setStatus(connection.id, 'disconnected', 'test');
    const res = await t.app.inject({ method: 'GET', url: `${P}/packages`, headers: bearer(token) });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ errors: [{ code: 'INTEGRATION_INACTIVE' }] });
  });

  it('disable: 204, the connection is disconnected and B stops working', async () => {
    const { org, token, companyId, b } = await connected();
    const wrong = await t.app.inject({
      method: 'DELETE',
      url: `${P}/integrations/companies/other`,
      headers: bearer(token),
    });
    expect(wrong.statusCode).toBe(403);
    const res = await t.app.inject({
      method: 'DELETE',
      url: `${P}/integrations/companies/${companyId}`,
      headers: bearer(token),
    });
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    expect((await core.connections.get('smartrecruiters', org.id))?.status).toBe('disconnected');
    // SmartRecruiters retrying the DELETE (its token was revoked by the first one) still gets 204…
    const again = await t.app.inject({
      method: 'DELETE',
      url: `${P}/integrations/companies/${companyId}`,
      headers: bearer(token),
    });
    expect(again.statusCode).toBe(204);
    // …but the revoked token opens nothing else.
    const packages = await t.app.inject({ method: 'GET', url: `${P}/packages`, headers: bearer(token) });
    expect(packages.statusCode).toBe(401);
    const token2 = await t.app.inject({
      method: 'POST',
      url: `${P}/oauth/token`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: b.clientId,
        client_secret: b.clientSecret,
      }).toString(),
    });
    expect(token2.json()).toMatchObject({ error: 'invalid_client' });
  });
});

describe('production: secrets only over https', () => {
  it('refuses plain http on the token endpoint and the bearer routes; https reaches authentication', async () => {
    const prod = await buildOrgApp({
      name: 'sr-production',
      env: { NODE_ENV: 'production', PUBLIC_URL: 'https://assay.example.com' },
    });
    try {
      const form = new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: 'someone',
        client_secret: 'something',
      }).toString();
      const token = (proto: string) =>
        prod.app.inject({
          method: 'POST',
          url: `${P}/oauth/token`,
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-proto': proto },
          payload: form,
        });
      const plainToken = await token('http');
      expect(plainToken.statusCode).toBe(400);
      expect(plainToken.json()).toMatchObject({ error: 'invalid_request' });
      expect((await token('https')).json()).toMatchObject({ error: 'invalid_client' });

      const packages = (proto: string) =>
        prod.app.inject({
          method: 'GET',
          url: `${P}/packages`,
          headers: { authorization: `Bearer ${'x'.repeat(40)}`, 'x-forwarded-proto': proto },
        });
      const plain = await packages('http');
      expect(plain.statusCode).toBe(403);
      expect(plain.json()).toMatchObject({ message: 'SmartRecruiters must call Assay over https.' });
      expect((await packages('https')).statusCode).toBe(401);
    } finally {
      await prod.close();
    }
  });
});
