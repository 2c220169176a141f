import Fastify, { type FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../server.js';
import { DEFAULT_COMPANY_ID, SEED_IDS } from './state.js';

/** A tiny fake Assay: the partner endpoints SR calls, recording what they got. */
interface Received {
  method: string;
  url: string;
  headers: Record<string, unknown>;
  body: unknown;
}
let assay: FastifyInstance;
let assayUrl: string;
let received: Received[] = [];
const ASSAY_TOKEN = 'assay-access-token';
const PACKAGES = [
  {
    id: 'test-fizzbuzz',
    name: 'FizzBuzz in Go',
    description: 'd',
    type: 'SKILL_TEST',
    assessments: [{ id: 'test-fizzbuzz', type: 'SKILL_TEST', description: 'd' }],
  },
  { id: 'test-refuse', name: 'Refused test', description: 'd', type: 'SKILL_TEST', assessments: [] },
];

let sandbox: FastifyInstance;
let base: string;

beforeAll(async () => {
  assay = Fastify();
  await assay.register(formbody);
  assay.addHook('onRequest', async (request) => {
    await Promise.resolve();
    received.push({ method: request.method, url: request.url, headers: { ...request.headers }, body: null });
  });
  assay.addHook('preHandler', async (request) => {
    await Promise.resolve();
    const last = received.at(-1);
    if (last) last.body = request.body ?? null;
  });
  const authed = (authorization: string | undefined) => authorization === `Bearer ${ASSAY_TOKEN}`;
  const P = '/partner/smartrecruiters';
  assay.post(`${P}/oauth/token`, (request, reply) => {
    const form = request.body as Record<string, string>;
    if (form.client_id !== 'assay-b' || form.client_secret !== 'assay-b-secret') {
      return reply.code(400).send({ error: 'invalid_client', error_description: 'no' });
    }
    return reply.send({ access_token: ASSAY_TOKEN, token_type: 'Bearer', expires_in: 3600 });
  });
  assay.get(`${P}/packages`, (request, reply) =>
    authed(request.headers.authorization) ? reply.send(PACKAGES) : reply.code(401).send({}),
  );
  assay.get<{ Params: { id: string } }>(`${P}/packages/:id`, (request, reply) => {
    if (!authed(request.headers.authorization)) return reply.code(401).send({});
    const found = PACKAGES.find((p) => p.id === request.params.id);
    return found
      ? reply.send(found)
      : reply.code(404).send({ message: 'no', errors: [{ code: 'PACKAGE_NOT_FOUND', message: 'no' }] });
  });
  assay.post(`${P}/packages/orders`, (request, reply) => {
    if (!authed(request.headers.authorization)) return reply.code(401).send({});
    const order = request.body as { assessmentPackageId: string };
    if (order.assessmentPackageId === 'test-refuse') {
      return reply
        .code(409)
        .send({ message: 'conflict', errors: [{ code: 'ORDER_CONFLICT', message: 'conflict' }] });
    }
    return reply.code(202).send({});
  });
  assay.delete(`${P}/integrations/companies/:companyId`, (request, reply) =>
    authed(request.headers.authorization) ? reply.code(204).send() : reply.code(401).send({}),
  );
  await assay.listen({ port: 0, host: '127.0.0.1' });
  const address = assay.server.address();
  assayUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  ({ app: sandbox, url: base } = await startSandbox({ assayUrl }));
});

afterAll(async () => {
  await sandbox.close();
  await assay.close();
});

beforeEach(async () => {
  await control('reset', {});
  received = [];
});

async function control(path: string, body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${base}/__sandbox/smartrecruiters/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await response.json()) as Record<string, unknown>;
}

/** Consent + swap with Assay's B (`assay-b`), as Assay's consent page would do; returns C. */
async function connect(): Promise<{ clientId: string; clientSecret: string }> {
  await control('connect', {});
  const tokenResponse = await fetch(`${base}/identity/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials&client_id=sr-sandbox-partner&client_secret=sr-sandbox-partner-secret',
  });
  const { access_token: master } = (await tokenResponse.json()) as { access_token: string };
  const swap = await fetch(`${base}/assessment-api/v202010/integration/company/${DEFAULT_COMPANY_ID}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${master}`, 'content-type': 'application/json' },
    body: JSON.stringify({ clientId: 'assay-b', clientSecret: 'assay-b-secret' }),
  });
  expect(swap.status).toBe(200);
  return (await swap.json()) as { clientId: string; clientSecret: string };
}

async function companyToken(c: { clientId: string; clientSecret: string }): Promise<Response> {
  return fetch(`${base}/identity/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: c.clientId,
      client_secret: c.clientSecret,
    }).toString(),
  });
}

async function html(path: string): Promise<string> {
  return (await fetch(`${base}${path}`)).text();
}

describe('calls to Assay', () => {
  it('a manual order runs token → packages (requester) → package → order, with the SrOrder shape', async () => {
    await connect();
    const run = await control('order', { candidateId: SEED_IDS.ada, packageId: 'test-fizzbuzz' });
    expect(run).toMatchObject({ ok: true, status: 202, statuses: [202] });
    expect(received.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /partner/smartrecruiters/oauth/token',
      'GET /partner/smartrecruiters/packages',
      'GET /partner/smartrecruiters/packages/test-fizzbuzz',
      'POST /partner/smartrecruiters/packages/orders',
    ]);
    expect(received[0]?.body).toEqual({
      grant_type: 'client_credentials',
      client_id: 'assay-b',
      client_secret: 'assay-b-secret',
    });
    expect(JSON.parse(String(received[1]?.headers.requester))).toEqual({ email: 'recruiter@example.com' });
    const order = (run.order as { id: string }).id;
    expect(received[3]?.body).toEqual({
      resultCallbackURL: `${base}/assessment-api/v202010/orders/${order}/results`,
      assessmentPackageId: 'test-fizzbuzz',
      companyId: DEFAULT_COMPANY_ID,
      jobId: SEED_IDS.job,
      job: { id: SEED_IDS.job, title: 'Backend Engineer' },
      candidate: { id: SEED_IDS.ada, firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' },
      requester: { userId: SEED_IDS.recruiter, email: 'recruiter@example.com' },
      fields: {},
    });
  });

  it('records what it sent and got, without Authorization values or secrets', async () => {
    await connect();
    await control('order', { candidateId: SEED_IDS.ada });
    const sent = (await (
      await fetch(`${base}/__sandbox/smartrecruiters/requests?direction=to-assay`)
    ).json()) as {
      path: string;
      status: number;
      headers: Record<string, string>;
      body: unknown;
    }[];
    expect(sent.map((r) => [r.path, r.status])).toEqual([
      ['/partner/smartrecruiters/oauth/token', 200],
      ['/partner/smartrecruiters/packages', 200],
      ['/partner/smartrecruiters/packages/test-fizzbuzz', 200],
      ['/partner/smartrecruiters/packages/orders', 202],
    ]);
    expect(sent[1]?.headers.authorization).toBe('Bearer [redacted]');
    const text = JSON.stringify(sent);
    expect(text).not.toContain('assay-b-secret');
    expect(text).not.toContain(ASSAY_TOKEN);
  });

  it('an auto-triggered step orders without requester (header and field)', async () => {
    await connect();
    await control('configure-step', {
      jobId: SEED_IDS.job,
      step: 'Coding test',
      packageId: 'test-fizzbuzz',
      autoTrigger: true,
    });
    const moved = await control('move', { candidateId: SEED_IDS.grace, step: 'Coding test' });
    expect(moved.run).toMatchObject({ ok: true, status: 202 });
    expect(received[1]?.headers.requester).toBeUndefined();
    expect(received[3]?.body).not.toHaveProperty('requester');
    expect(received[3]?.body).toMatchObject({ candidate: { id: SEED_IDS.grace } });
  });

  it('repeat sends the same order concurrently; extraFields add unknown fields', async () => {
    await connect();
    const run = await control('order', {
      candidateId: SEED_IDS.ada,
      repeat: 3,
      extraFields: { surprise: 1 },
    });
    expect(run.statuses).toEqual([202, 202, 202]);
    const orders = received.filter((r) => r.url.endsWith('/packages/orders'));
    expect(orders).toHaveLength(3);
    expect(new Set(orders.map((o) => (o.body as { resultCallbackURL: string }).resultCallbackURL)).size).toBe(
      1,
    );
    expect(orders[0]?.body).toMatchObject({ surprise: 1 });
  });

  it("reports Assay's refusal of an order", async () => {
    await connect();
    const run = await control('order', { candidateId: SEED_IDS.ada, packageId: 'test-refuse' });
    expect(run).toMatchObject({ ok: false, failedAt: 'order', status: 409 });
  });

  it('disable calls DELETE with the bearer, then forgets B and C', async () => {
    const c = await connect();
    const result = await control('disable', {});
    expect(result).toMatchObject({ status: 204 });
    expect(received.at(-1)).toMatchObject({
      method: 'DELETE',
      url: `/partner/smartrecruiters/integrations/companies/${DEFAULT_COMPANY_ID}`,
    });
    expect(received.at(-1)?.headers.authorization).toBe(`Bearer ${ASSAY_TOKEN}`);
    const state = await control('state');
    expect((state.companies as Record<string, unknown>[])[0]).toMatchObject({
      consented: false,
      swapped: false,
      b: null,
      c: null,
    });
    expect((await companyToken(c)).status).toBe(401);
  });

  it('refuses to order before Assay is connected, calling nothing', async () => {
    const run = await control('order', { candidateId: SEED_IDS.ada });
    expect(run).toMatchObject({ ok: false, failedAt: 'input' });
    expect(received).toEqual([]);
  });
});

describe('UI', () => {
  it('shows the header, nav and the Assay card when searching', async () => {
    const home = await html('/sr');
    expect(home).toContain('SmartRecruiters (sandbox)');
    for (const link of ['Apps &amp; Integrations', 'People', 'Jobs']) expect(home).toContain(link);
    const apps = await html('/sr/apps?q=Assay');
    expect(apps).toContain('<label for="app-search">Search apps</label>');
    expect(apps).toContain('aria-label="Assay"');
    expect(apps).toContain('>Connect</button>');
    expect(await html('/sr/apps?q=Workday')).not.toContain('>Connect</button>');
  });

  it('the Assay page opens the consent popup and turns "Connected" after the swap', async () => {
    const page = await html('/sr/apps/assay');
    expect(page).toContain('Assay wants access to your SmartRecruiters data');
    expect(page).toContain('Allow and Continue');
    expect(page).toContain(`${assayUrl}/partner/smartrecruiters/consent?companyId=${DEFAULT_COMPANY_ID}`);
    expect(page).toContain("'assay-consent'");
    expect(page).toContain('>Not connected<');
    const allow = await fetch(`${base}/sr/apps/assay/allow`, { method: 'POST' });
    expect(await allow.json()).toMatchObject({
      consentUrl: expect.stringContaining('/consent?companyId=') as unknown,
    });
    expect(await (await fetch(`${base}/sr/api/connection`)).json()).toMatchObject({
      consented: true,
      connected: false,
    });
    await connect();
    expect(await (await fetch(`${base}/sr/api/connection`)).json()).toMatchObject({ connected: true });
    expect(await html('/sr/apps/assay')).toContain('>Connected<');
    const disconnect = await fetch(`${base}/sr/apps/assay/disconnect`, {
      method: 'POST',
      redirect: 'manual',
    });
    expect(disconnect.status).toBe(303);
    expect(await (await fetch(`${base}/sr/api/connection`)).json()).toMatchObject({ connected: false });
  });

  it('orders from the profile (radios → Continue → Send) and shows results, score and attachments', async () => {
    const c = await connect();
    expect(await html('/sr/people')).toContain(`href="/sr/people/${SEED_IDS.ada}">Ada Lovelace</a>`);
    const form = await html(`/sr/people/${SEED_IDS.ada}/assessments/new`);
    expect(form).toContain('value="test-fizzbuzz"');
    expect(form).toContain('>FizzBuzz in Go</label>');
    const summary = await html(`/sr/people/${SEED_IDS.ada}/assessments/confirm?packageId=test-fizzbuzz`);
    expect(summary).toContain('FizzBuzz in Go');
    expect(summary).toContain('>Send</button>');
    const sent = await fetch(`${base}/sr/people/${SEED_IDS.ada}/assessments`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'packageId=test-fizzbuzz',
      redirect: 'manual',
    });
    expect(sent.status).toBe(303);
    expect(await html(`/sr/people/${SEED_IDS.ada}`)).toContain('<span class="status">Pending</span>');

    const orders = (await control('state')).orders as { resultCallbackURL: string }[];
    const { access_token: token } = (await (await companyToken(c)).json()) as { access_token: string };
    const patch = await fetch(orders[0]?.resultCallbackURL ?? '', {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        status: 'COMPLETED',
        score: { raw: 41, min: 0, max: 50 },
        scoreLabel: '41/50',
        summary: 'Score 41/50.',
        attachments: [{ type: 'OTHER_URL', url: 'https://assay.example/r/1', name: 'Assay report' }],
      }),
    });
    expect(patch.status).toBe(200);
    const live = (await (await fetch(`${base}/sr/people/${SEED_IDS.ada}/live`)).json()) as {
      assessments: string;
    };
    expect(live.assessments).toContain('<span class="status">Completed</span>');
    expect(live.assessments).toContain('82%');
    expect(live.assessments).toContain('41/50');
    expect(live.assessments).toContain('Score 41/50.');
    expect(live.assessments).toContain('href="https://assay.example/r/1" aria-label="Assay report"');
    expect(live.assessments).toContain('📎 Assay report');
  });

  it('moves a candidate, and the job page configures an auto-triggered assessment', async () => {
    await connect();
    const job = await html(`/sr/jobs/${SEED_IDS.job}`);
    for (const step of ['Applied', 'Screening', 'Coding test', 'Interview', 'Hired'])
      expect(job).toContain(step);
    expect(job).toContain('Configure assessment');
    expect(job).toContain('>Auto-trigger</label>');
    const save = await fetch(`${base}/sr/jobs/${SEED_IDS.job}/steps/Coding%20test/assessment`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'packageId=test-fizzbuzz&autoTrigger=on',
      redirect: 'manual',
    });
    expect(save.status).toBe(303);
    expect(await html(`/sr/jobs/${SEED_IDS.job}`)).toContain('Configured: FizzBuzz in Go (auto-triggered)');
    received = [];
    const move = await fetch(`${base}/sr/people/${SEED_IDS.ada}/move`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'step=Coding+test',
      redirect: 'manual',
    });
    expect(move.status).toBe(303);
    expect(received.filter((r) => r.url.endsWith('/packages/orders'))).toHaveLength(1);
    const profile = await html(`/sr/people/${SEED_IDS.ada}`);
    expect(profile).toContain('<strong id="current-step">Coding test</strong>');
    expect(profile).toContain('<span class="status">Pending</span>');
  });

  it('lists Notes oldest first', async () => {
    const c = await connect();
    const { access_token: token } = (await (await companyToken(c)).json()) as { access_token: string };
    for (const text of ['first', 'second']) {
      await fetch(`${base}/messages/shares`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          content: `#[CANDIDATE:${SEED_IDS.ada}] ${text}`,
          correlationId: 'x',
          shareWith: { openNote: true },
        }),
      });
    }
    const profile = await html(`/sr/people/${SEED_IDS.ada}`);
    expect(profile.indexOf('] first')).toBeGreaterThan(0);
    expect(profile.indexOf('] first')).toBeLessThan(profile.indexOf('] second'));
  });
});
