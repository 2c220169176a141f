import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../server.js';
import { DEFAULT_COMPANY_ID, SEED_IDS } from './state.js';

let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  // Assay is not called by these tests; nothing listens there.
  ({ app, url: base } = await startSandbox({ assayUrl: 'http://127.0.0.1:9' }));
});
afterAll(async () => {
  await app.close();
});
beforeEach(async () => {
  await control('reset');
});

async function control(path: string, body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${base}/__sandbox/smartrecruiters/${path}`, {
    method: body === undefined && path === 'state' ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await response.json()) as Record<string, unknown>;
}

async function token(clientId: string, clientSecret: string): Promise<Response> {
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

async function masterToken(): Promise<string> {
  const response = await token('sr-sandbox-partner', 'sr-sandbox-partner-secret');
  return ((await response.json()) as { access_token: string }).access_token;
}

function swap(master: string, companyId = DEFAULT_COMPANY_ID): Promise<Response> {
  return fetch(`${base}/assessment-api/v202010/integration/company/${companyId}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${master}`, 'content-type': 'application/json' },
    body: JSON.stringify({ clientId: 'assay-b', clientSecret: 'assay-b-secret' }),
  });
}

/** Consent + swap; returns a company (C) token. */
async function companyToken(): Promise<string> {
  await control('connect', {});
  const response = await swap(await masterToken());
  const c = (await response.json()) as { clientId: string; clientSecret: string };
  const issued = await token(c.clientId, c.clientSecret);
  return ((await issued.json()) as { access_token: string }).access_token;
}

async function prepareOrder(): Promise<{ id: string; resultCallbackURL: string }> {
  const prepared = await control('prepare-order', { candidateId: SEED_IDS.ada, packageId: 'pkg-1' });
  return prepared.order as { id: string; resultCallbackURL: string };
}

function patch(
  url: string,
  bearer: string,
  body: unknown,
  contentType = 'application/json',
): Promise<Response> {
  return fetch(url, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${bearer}`, 'content-type': contentType },
    body: JSON.stringify(body),
  });
}

describe('token endpoint', () => {
  it('issues a bearer token for the master credential A', async () => {
    const response = await token('sr-sandbox-partner', 'sr-sandbox-partner-secret');
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: 'bearer', expires_in: 3600 });
    expect(typeof body.access_token).toBe('string');
  });

  it('answers 401 invalid_client for a wrong secret and 400 for another grant type', async () => {
    const bad = await token('sr-sandbox-partner', 'wrong');
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ error: 'invalid_client' });
    const grant = await fetch(`${base}/identity/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=password&client_id=x&client_secret=y',
    });
    expect(grant.status).toBe(400);
    expect(await grant.json()).toMatchObject({ error: 'unsupported_grant_type' });
  });

  it('accepts HTTP Basic and a master credential changed through the control API', async () => {
    await control('credentials', { clientId: 'other-partner', clientSecret: 's3cret' });
    expect((await token('sr-sandbox-partner', 'sr-sandbox-partner-secret')).status).toBe(401);
    const response = await fetch(`${base}/identity/oauth/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from('other-partner:s3cret').toString('base64')}`,
      },
      body: 'grant_type=client_credentials',
    });
    expect(response.status).toBe(200);
  });

  it('issues tokens for a company credential C minted at the swap, usable only on company routes', async () => {
    const c = await companyToken();
    const lookup = await fetch(`${base}/candidates/${SEED_IDS.ada}`, {
      headers: { authorization: `Bearer ${c}` },
    });
    expect(lookup.status).toBe(200);
    const config = await fetch(`${base}/assessment-api/v202010/partner/configuration`, {
      headers: { authorization: `Bearer ${c}` },
    });
    expect(config.status).toBe(403);
  });

  it('rejects a missing or unknown bearer with 401 ErrorResponse', async () => {
    const response = await fetch(`${base}/candidates/${SEED_IDS.ada}`, {
      headers: { authorization: 'Bearer nope' },
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ errors: [{ code: 'UNAUTHORIZED' }] });
  });
});

describe('partner configuration', () => {
  it('GET is 404 until a PUT stores it, then returns it', async () => {
    const master = await masterToken();
    const url = `${base}/assessment-api/v202010/partner/configuration`;
    expect((await fetch(url, { headers: { authorization: `Bearer ${master}` } })).status).toBe(404);
    const config = {
      consentUrl: 'https://assay.example/partner/smartrecruiters/consent',
      supportedAssessmentTypes: ['SKILL_TEST'],
    };
    const put = await fetch(url, {
      method: 'PUT',
      headers: { authorization: `Bearer ${master}`, 'content-type': 'application/json' },
      body: JSON.stringify(config),
    });
    expect(put.status).toBe(200);
    const get = await fetch(url, { headers: { authorization: `Bearer ${master}` } });
    expect(await get.json()).toEqual(config);
    expect((await control('state')).partnerConfiguration).toEqual(config);
  });
});

describe('credential swap', () => {
  it('answers 403 without consent, 200 with C after consent, 409 on a repeat', async () => {
    const master = await masterToken();
    const refused = await swap(master);
    expect(refused.status).toBe(403);
    const connect = await control('connect', {});
    expect(connect.consentUrl).toBe(
      `http://127.0.0.1:9/partner/smartrecruiters/consent?companyId=${DEFAULT_COMPANY_ID}`,
    );
    const ok = await swap(master);
    expect(ok.status).toBe(200);
    const c = (await ok.json()) as { clientId: string; clientSecret: string };
    expect(c.clientId).toMatch(/^sr-company-/);
    expect(c.clientSecret.length).toBeGreaterThan(20);
    expect((await swap(master)).status).toBe(409);
    const company = ((await control('state')).companies as Record<string, unknown>[])[0];
    expect(company).toMatchObject({
      consented: true,
      swapped: true,
      b: { clientId: 'assay-b', clientSecret: 'assay-b-secret' },
      c,
    });
  });

  it('answers 400 when B is incomplete', async () => {
    const master = await masterToken();
    await control('connect', {});
    const bad = await fetch(`${base}/assessment-api/v202010/integration/company/${DEFAULT_COMPANY_ID}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${master}`, 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: 'x' }),
    });
    expect(bad.status).toBe(400);
  });
});

describe('results PATCH', () => {
  it('applies merge patches (arrays replaced whole, null deletes) and keeps the full history', async () => {
    const c = await companyToken();
    const order = await prepareOrder();
    expect(order.resultCallbackURL).toBe(`${base}/assessment-api/v202010/orders/${order.id}/results`);
    const first = await patch(order.resultCallbackURL, c, {
      status: 'COMPLETED',
      score: { raw: 82, min: 0, max: 100 },
      scoreLabel: '82/100',
      summary: 'Score 82/100.',
      attachments: [{ type: 'OTHER_URL', url: 'https://assay.example/r/1', name: 'Assay report' }],
    });
    expect(first.status).toBe(200);
    const second = await patch(
      order.resultCallbackURL,
      c,
      {
        attachments: [{ type: 'PDF_URL', url: 'https://sr.example/f.pdf', name: 'Assay report (PDF)' }],
        summary: null,
      },
      'application/merge-patch+json',
    );
    expect(second.status).toBe(200);
    const result = (await second.json()) as Record<string, unknown>;
    expect(result).toEqual({
      status: 'COMPLETED',
      score: { raw: 82, min: 0, max: 100 },
      scoreLabel: '82/100',
      attachments: [{ type: 'PDF_URL', url: 'https://sr.example/f.pdf', name: 'Assay report (PDF)' }],
    });
    const stored = (
      (await control('state')).orders as {
        id: string;
        history: { body: unknown; contentType: string; at: string }[];
      }[]
    ).find((o) => o.id === order.id);
    expect(stored?.history.map((h) => h.contentType)).toEqual([
      'application/json',
      'application/merge-patch+json',
    ]);
    expect(stored?.history[1]?.body).toEqual({
      attachments: [{ type: 'PDF_URL', url: 'https://sr.example/f.pdf', name: 'Assay report (PDF)' }],
      summary: null,
    });
    expect(typeof stored?.history[0]?.at).toBe('string');
  });

  it.each([
    [{ status: 'DONE' }, 'status'],
    [{ score: { raw: 8.5, min: 0, max: 100 } }, 'score.raw'],
    [{ score: { raw: 8, min: 0 } }, 'score.max'],
    [{ attachments: [{ type: 'HTML', url: 'https://x' }] }, 'attachments.0.type'],
  ])('answers 400 ErrorResponse for %j and stores nothing', async (body, field) => {
    const c = await companyToken();
    const order = await prepareOrder();
    const response = await patch(order.resultCallbackURL, c, body);
    expect(response.status).toBe(400);
    const error = (await response.json()) as { message: string; errors: { code: string; message: string }[] };
    expect(error.errors[0]?.code).toBe('INVALID_REQUEST');
    expect(error.errors.map((e) => e.message).join(' ')).toContain(field);
    const stored = ((await control('state')).orders as { id: string; history: unknown[] }[]).find(
      (o) => o.id === order.id,
    );
    expect(stored?.history).toEqual([]);
  });

  it('answers 404 for an unknown order and 401 without a company token', async () => {
    const c = await companyToken();
    const unknown = await patch(
      `${base}/assessment-api/v202010/orders/00000000-0000-4000-8000-000000000000/results`,
      c,
      {
        status: 'PENDING',
      },
    );
    expect(unknown.status).toBe(404);
    const order = await prepareOrder();
    expect((await patch(order.resultCallbackURL, 'nope', { status: 'PENDING' })).status).toBe(401);
  });
});

describe('attachment upload', () => {
  it('stores a multipart `file` part, answers 201 {url} and serves the PDF back', async () => {
    const c = await companyToken();
    const order = await prepareOrder();
    const pdf = Buffer.from('%PDF-1.4 sandbox test\n%%EOF');
    const form = new FormData();
    form.append('file', new Blob([pdf], { type: 'application/pdf' }), 'report.pdf');
    const response = await fetch(`${order.resultCallbackURL}/attachment`, {
      method: 'POST',
      headers: { authorization: `Bearer ${c}` },
      body: form,
    });
    expect(response.status).toBe(201);
    const { url } = (await response.json()) as { url: string };
    expect(url.startsWith(`${base}/sr-files/`)).toBe(true);
    const served = await fetch(url);
    expect(served.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await served.arrayBuffer()).equals(pdf)).toBe(true);
  });

  it('answers 400 when the part has another name, and accepts `attachment` when the knob demands it', async () => {
    const c = await companyToken();
    const order = await prepareOrder();
    const send = (name: string) => {
      const form = new FormData();
      form.append(name, new Blob([Buffer.from('%PDF-1.4')], { type: 'application/pdf' }), 'r.pdf');
      return fetch(`${order.resultCallbackURL}/attachment`, {
        method: 'POST',
        headers: { authorization: `Bearer ${c}` },
        body: form,
      });
    };
    expect((await send('attachment')).status).toBe(400);
    await control('faults', { route: 'attachment', attachmentPart: 'attachment' });
    expect((await send('file')).status).toBe(400);
    expect((await send('attachment')).status).toBe(201);
  });

  it('refuses a file over 20 MiB', async () => {
    const c = await companyToken();
    const order = await prepareOrder();
    const form = new FormData();
    form.append(
      'file',
      new Blob([Buffer.alloc(20 * 1024 * 1024 + 1)], { type: 'application/pdf' }),
      'big.pdf',
    );
    const response = await fetch(`${order.resultCallbackURL}/attachment`, {
      method: 'POST',
      headers: { authorization: `Bearer ${c}` },
      body: form,
    });
    expect(response.status).toBe(413);
  });
});

describe('messages/shares', () => {
  it('stores a Note on the candidate named in #[CANDIDATE:id]', async () => {
    const c = await companyToken();
    const response = await fetch(`${base}/messages/shares`, {
      method: 'POST',
      headers: { authorization: `Bearer ${c}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        content: `#[CANDIDATE:${SEED_IDS.ada}] Assay: "FizzBuzz" sent`,
        correlationId: 'inv-1',
        shareWith: { openNote: true },
      }),
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ shareRequired: false });
    const notes = (await control('state')).notes as Record<string, unknown>[];
    expect(notes).toMatchObject([
      {
        candidateId: SEED_IDS.ada,
        correlationId: 'inv-1',
        content: `#[CANDIDATE:${SEED_IDS.ada}] Assay: "FizzBuzz" sent`,
      },
    ]);
  });

  it('answers 400 NO_ACCESS_TO_CANDIDATE for an unknown candidate', async () => {
    const c = await companyToken();
    const response = await fetch(`${base}/messages/shares`, {
      method: 'POST',
      headers: { authorization: `Bearer ${c}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        content: '#[CANDIDATE:nobody] hi',
        correlationId: 'x',
        shareWith: { openNote: true },
      }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errors: [{ code: 'NO_ACCESS_TO_CANDIDATE' }] });
  });
});

describe('Customer API lookups', () => {
  it('resolves candidate → jobs → application, and application → profile', async () => {
    const c = await companyToken();
    const get = async (path: string) =>
      fetch(`${base}${path}`, { headers: { authorization: `Bearer ${c}` } });
    const candidate = await get(`/candidates/${SEED_IDS.ada}`);
    expect(await candidate.json()).toMatchObject({
      firstName: 'Ada',
      email: 'ada@example.com',
      primaryAssignment: { job: { id: SEED_IDS.job, title: 'Backend Engineer' } },
      secondaryAssignments: [],
    });
    const job = await get(`/candidates/${SEED_IDS.ada}/jobs/${SEED_IDS.job}`);
    expect(await job.json()).toMatchObject({ applicationId: SEED_IDS.adaApplication });
    const application = await get(
      `/job-applications-api/v202112/job-applications/${SEED_IDS.adaApplication}`,
    );
    expect(await application.json()).toMatchObject({ profileId: SEED_IDS.ada, jobId: SEED_IDS.job });
    const missing = await get(
      '/job-applications-api/v202112/job-applications/00000000-0000-4000-8000-000000000000',
    );
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ errors: [{ code: 'JOB_APPLICATION_NOT_FOUND' }] });
    expect((await get('/candidates/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('finds candidates and jobs added by seed, with secondary assignments', async () => {
    const seeded = (await control('seed', {
      jobs: [{ title: 'Data Engineer' }],
      candidates: [
        { firstName: 'Alan', lastName: 'Turing', email: 'alan@example.com', jobIds: [SEED_IDS.job] },
      ],
    })) as { jobs: { id: string }[]; candidates: { id: string }[] };
    const alan = seeded.candidates[0]?.id ?? '';
    await control('seed', {
      candidates: [
        {
          id: alan,
          firstName: 'Alan',
          lastName: 'Turing',
          email: 'alan@example.com',
          jobIds: [SEED_IDS.job, seeded.jobs[0]?.id ?? ''],
        },
      ],
    });
    const c = await companyToken();
    const response = await fetch(`${base}/candidates/${alan}`, { headers: { authorization: `Bearer ${c}` } });
    expect(await response.json()).toMatchObject({
      secondaryAssignments: [{ job: { title: 'Data Engineer' } }],
    });
  });
});

describe('rate-limit headers', () => {
  it('every API answer carries X-RateLimit-* headers, errors included', async () => {
    for (const response of [
      await token('sr-sandbox-partner', 'wrong'),
      await fetch(`${base}/candidates/x`),
    ]) {
      expect(response.headers.get('x-ratelimit-limit')).toBe('10');
      expect(Number(response.headers.get('x-ratelimit-remaining'))).toBeLessThan(10);
      expect(response.headers.get('x-ratelimit-concurrent-limit')).toBe('8');
      expect(response.headers.get('x-ratelimit-concurrent-remaining')).not.toBeNull();
    }
  });
});

describe('recorded requests', () => {
  it('records inbound calls without Authorization values or secrets', async () => {
    await token('sr-sandbox-partner', 'sr-sandbox-partner-secret');
    const requests = (await (
      await fetch(`${base}/__sandbox/smartrecruiters/requests?route=token`)
    ).json()) as Record<string, unknown>[];
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      direction: 'from-assay',
      method: 'POST',
      status: 200,
      body: { client_id: 'sr-sandbox-partner', client_secret: '[redacted]' },
      responseBody: { access_token: '[redacted]' },
    });
    expect(JSON.stringify(requests)).not.toContain('sr-sandbox-partner-secret');
  });
});
