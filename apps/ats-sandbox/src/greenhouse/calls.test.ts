import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { basicHeader } from './basic-auth.js';
import { startHarness, type Harness } from './test-harness.js';
import type { RecordedRequest } from './types.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

interface SendOutcome {
  ok: boolean;
  url: string;
  status: number | null;
  body: unknown;
  error: string | null;
  errors: string[];
  results: { status: number | null; body: unknown }[];
  takeHome: { id: number; partnerInterviewId: string | null; sendState: string } | null;
}

type SendBody = {
  partner_test_id: unknown;
  candidate: Record<string, unknown>;
  sent_by?: unknown;
  url: string;
} & Record<string, unknown>;

const send = (body: Record<string, unknown> = {}) =>
  h.post<SendOutcome>('send_test', { email: 'linus@example.com', testId: 'tst_1', ...body });
const lastSendBody = () => h.assay.callsTo('send_test').at(-1)?.body as SendBody;

describe('calls the sandbox makes to Assay', () => {
  it('list_tests: GET with Basic base64("<key>:"); the count shows on the org', async () => {
    const r = await h.post<{ ok: boolean; tests: unknown[] }>('list_tests');
    expect(r.body.ok).toBe(true);
    expect(r.body.tests).toEqual(h.assay.tests);
    const call = h.assay.callsTo('list_tests')[0];
    expect(call?.method).toBe('GET');
    expect(call?.authorization).toBe(`Basic ${Buffer.from(`${h.assay.key}:`).toString('base64')}`);
    expect((await h.state()).org.lastTestList).toHaveLength(2);
  });

  it('send_test: contract body, url on the sandbox, Greenhouse profile URL, interview id stored', async () => {
    const r = await send();
    expect(r.status).toBe(200);
    expect(r.body.ok).toBe(true);
    const call = h.assay.callsTo('send_test')[0];
    expect(call?.method).toBe('POST');
    expect(call?.authorization).toBe(basicHeader(h.assay.key, ''));
    const body = lastSendBody();
    const linus = (await h.state()).candidates.find((c) => c.email === 'linus@example.com');
    expect(linus).toBeDefined();
    expect(body).toEqual({
      partner_test_id: 'tst_1',
      candidate: {
        first_name: 'Linus',
        last_name: 'Torvalds',
        preferred_name: 'Linus',
        email: 'linus@example.com',
        phone_number: '+1 555 0100',
        resume_url: `${h.url}/resumes/${linus?.id}.pdf`,
        greenhouse_profile_url: `${h.url}/people/${linus?.id}?application_id=${linus?.applicationId}`,
      },
      sent_by: 'recruiter@example.com',
      url: expect.stringMatching(
        new RegExp(`^${h.url}/integrations/testing_partners/take_home_tests/\\d+$`),
      ) as string,
    });
    expect(body.url).toBe(r.body.url);
    expect(body.url.endsWith(`/${r.body.takeHome?.id}`)).toBe(true);
    expect(r.body.takeHome).toMatchObject({ partnerInterviewId: 'int_1', sendState: 'sent' });
  });

  it('each send gets a new url; the profile link leads to the candidate page', async () => {
    const a = await send();
    const b = await send();
    expect(a.body.url).not.toBe(b.body.url);
    const profile = (lastSendBody().candidate.greenhouse_profile_url as string).replace(/\?.*$/, '');
    const page = await fetch(profile, { redirect: 'manual' });
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toMatch(/^\/gh\/candidates\/\d+$/);
  });

  it('concurrency: N identical parallel send_test calls, all answers returned', async () => {
    await h.post('faults', { calls: { concurrency: 5 } });
    const r = await send();
    const calls = h.assay.callsTo('send_test');
    expect(calls).toHaveLength(5);
    expect(new Set(calls.map((c) => JSON.stringify(c.body))).size).toBe(1);
    expect(r.body.results).toHaveLength(5);
    expect(r.body.results.map((x) => x.body)).toEqual(Array(5).fill({ partner_interview_id: 'int_1' }));
    expect(r.body.errors).toEqual([]);
  });

  it('concurrency: different interview ids for one url are flagged', async () => {
    let n = 0;
    h.assay.overrides.send_test = () => ({ status: 200, body: { partner_interview_id: `dup_${++n}` } });
    const r = await send({ concurrency: 3 });
    expect(r.body.errors).toEqual([
      '3 identical send_test calls returned 3 different partner_interview_id values',
    ]);
  });

  it('numericIds sends an all-digit partner_test_id as a JSON number', async () => {
    h.assay.tests.push({ partner_test_id: '12345', partner_test_name: 'Numeric' });
    await h.post('faults', { calls: { numericIds: true } });
    const r = await send({ testId: '12345' });
    expect(r.body.ok).toBe(true);
    expect(lastSendBody().partner_test_id).toBe(12345);
  });

  it('optional fields: null, then missing', async () => {
    await h.post('faults', { calls: { optionalFields: 'null' } });
    await send();
    expect(lastSendBody()).toMatchObject({
      sent_by: null,
      candidate: { preferred_name: null, phone_number: null, resume_url: null },
    });
    await h.post('faults', { calls: { optionalFields: 'missing' } });
    await send();
    const body = lastSendBody();
    expect(Object.keys(body).sort()).toEqual(['candidate', 'partner_test_id', 'url']);
    expect(Object.keys(body.candidate).sort()).toEqual([
      'email',
      'first_name',
      'greenhouse_profile_url',
      'last_name',
    ]);
  });

  it('extraFields adds unknown fields at the top level and in candidate', async () => {
    await h.post('faults', { calls: { extraFields: true } });
    await send();
    const body = lastSendBody();
    expect(body.greenhouse_job_id).toBe(4242);
    expect(body.candidate.gender).toBe('unspecified');
  });

  it('urlOrigin puts the url on another host', async () => {
    await h.post('faults', { calls: { urlOrigin: 'http://169.254.169.254' } });
    const r = await send();
    expect(lastSendBody().url).toMatch(
      /^http:\/\/169\.254\.169\.254\/integrations\/testing_partners\/take_home_tests\/\d+$/,
    );
    expect(r.body.url).toBe(lastSendBody().url);
  });

  it('overrides replace fields of one call', async () => {
    await send({
      overrides: {
        partner_test_id: 7,
        sent_by: null,
        candidate: { email: 'other@example.com' },
        extra: { x: 1 },
      },
    });
    expect(lastSendBody()).toMatchObject({
      partner_test_id: 7,
      sent_by: null,
      candidate: { email: 'other@example.com' },
      x: 1,
    });
  });

  it('a non-empty password: Assay answers 401 and the user sees its message', async () => {
    await h.post('faults', { calls: { password: 'secret' } });
    const r = await send();
    expect(h.assay.callsTo('list_tests').at(-1)?.authorization).toBe(basicHeader(h.assay.key, 'secret'));
    expect(h.assay.callsTo('send_test')[0]?.authorization).toBe(basicHeader(h.assay.key, 'secret'));
    expect(r.body).toMatchObject({ ok: false, status: 401, error: 'Invalid API key' });
    expect(r.body.takeHome?.sendState).toBe('failed');
  });

  it.each([
    ['missing', undefined],
    ['no-scheme', Buffer.from('assay_gh_test_key_0123456789:').toString('base64')],
    ['not-base64', 'Basic !!not*base64!!'],
    ['no-colon', `Basic ${Buffer.from('assay_gh_test_key_0123456789').toString('base64')}`],
    ['bearer', 'Bearer assay_gh_test_key_0123456789'],
  ])('malformed Basic header (%s) is sent as such', async (kind, expected) => {
    const r = await h.post<{ status: number }>('list_tests', { auth: { malformed: kind } });
    expect(r.body.status).toBe(401);
    expect(h.assay.callsTo('list_tests').at(-1)?.authorization).toBe(expected);
  });

  it('keyOverride sends another key (e.g. 171 characters); authOnly limits the knob to some calls', async () => {
    const long = 'k'.repeat(171);
    await h.post('faults', { calls: { keyOverride: long, authOnly: ['send_test'] } });
    await send();
    expect(h.assay.callsTo('send_test')[0]?.authorization).toBe(basicHeader(long));
    await h.post('list_tests');
    expect(h.assay.callsTo('list_tests').at(-1)?.authorization).toBe(basicHeader(h.assay.key));
  });

  it('injected response_error is posted as given and kept on the org', async () => {
    const body = { api_call: 'send_test', errors: ['Injected'], partner_test_id: 'tst_1' };
    const r = await h.post<{ status: number; body: unknown }>('response_error', { body });
    expect(r.body).toMatchObject({ status: 200, body: { status: 200 } });
    expect(h.assay.callsTo('response_error')[0]?.body).toEqual(body);
    expect((await h.state()).responseErrors.map((e) => e.body)).toEqual([body]);
  });

  it('list_tests answering an object (not a bare array) → response_error for list_tests', async () => {
    h.assay.overrides.list_tests = () => ({ status: 200, body: { tests: [] } });
    const r = await h.post<{ ok: boolean; errors: string[] }>('list_tests');
    expect(r.body.ok).toBe(false);
    expect(h.assay.callsTo('response_error')[0]?.body).toEqual({
      api_call: 'list_tests',
      errors: ['list_tests must return a JSON array of tests (got an object)'],
    });
  });

  it('send_test answering a numeric partner_interview_id → kept as "42", but response_error for send_test', async () => {
    h.assay.overrides.send_test = () => ({ status: 200, body: { partner_interview_id: 42 } });
    const r = await send();
    expect(r.body.takeHome?.partnerInterviewId).toBe('42');
    expect(r.body.errors).toEqual([
      'send_test partner_interview_id must be a non-empty string (got number 42)',
    ]);
    expect(h.assay.callsTo('response_error')[0]?.body).toMatchObject({
      api_call: 'send_test',
      errors: ['send_test partner_interview_id must be a non-empty string (got number 42)'],
      partner_test_id: 'tst_1',
      candidate_email: 'linus@example.com',
    });
  });

  it('records every call with Authorization redacted and a non-secret description', async () => {
    await send();
    const { body } = await h.get<{ requests: RecordedRequest[] }>('requests?direction=out');
    expect(body.requests.map((r) => r.name)).toEqual(['list_tests', 'send_test']);
    for (const r of body.requests) {
      expect(r.headers.authorization).toBe('[redacted]');
      expect(r.auth).toMatchObject({
        scheme: 'Basic',
        wellFormed: true,
        passwordEmpty: true,
        credential: 'key',
      });
    }
    expect(JSON.stringify(body)).not.toContain(h.assay.key);
    expect(body.requests[1]?.response).toEqual({ status: 200, body: { partner_interview_id: 'int_1' } });
  });

  it('control API refuses bad input with a message naming the field', async () => {
    const r = await h.post<{ error: string; message: string }>('send_test', { candidateId: 'x' });
    expect(r.status).toBe(400);
    expect(r.body.message).toContain('candidateId');
    const missing = await h.post<{ error: string }>('send_test', { candidateId: 999999 });
    expect(missing.status).toBe(404);
  });

  it('orgs: a second org has its own key and a distinct completion credential', async () => {
    const a = await h.post<{ org: { outbound: { username: string } } }>('orgs', { id: 'beta', key: 'other' });
    const first = await h.state();
    expect(a.body.org.outbound.username).toMatch(/^gh_completion_[0-9a-f]+$/);
    expect(a.body.org.outbound.username).not.toBe(first.org.outbound.username);
    await h.post('seed', {
      org: 'beta',
      candidates: [{ first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com' }],
    });
    const r = await h.post<SendOutcome>('send_test', {
      org: 'beta',
      email: 'ada@example.com',
      testId: 'tst_1',
    });
    expect(r.body).toMatchObject({ ok: false, status: 401 });
    expect(h.assay.callsTo('send_test')[0]?.authorization).toBe(basicHeader('other'));
  });

  it('reset returns to the seeded start state with a fresh completion credential', async () => {
    const before = await h.state();
    await send();
    await h.post('faults', { patch: { status: 500 } });
    await h.post('reset');
    const after = await h.state();
    expect(after.takeHomes).toEqual([]);
    expect(after.org.key).toBeNull();
    expect(after.candidates.map((c) => c.email)).toEqual(['linus@example.com', 'margaret@example.com']);
    expect(after.org.outbound.username).not.toBe(before.org.outbound.username);
    expect(
      (await h.get<{ faults: { patch: { status: unknown } } }>('faults')).body.faults.patch.status,
    ).toBeNull();
  });
});
