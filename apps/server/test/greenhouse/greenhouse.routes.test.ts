/**
 * Greenhouse's four partner endpoints (contracts/greenhouse.md §3, §5–§7) through the real app
 * and the real ATS core, on both dialects.
 */
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base62, sha256 } from '../../src/modules/ats/ats.policy.js';
import { newId } from '../../src/platform/crypto/index.js';
import { makePublishedTest } from '../invitations/invitation-factories.js';
import { criterion, makeAttempt, makeGrading } from '../reports/report-factories.js';
import { buildOrgApp, PUBLIC_URL, type OrgApp } from '../support/org-app.js';

const BASE = '/partner/greenhouse';
const TAKE_HOMES = 'https://app.greenhouse.io/integrations/testing_partners/take_home_tests';

let t: OrgApp;
let sequence = 0;

beforeAll(async () => {
  t = await buildOrgApp({ name: 'greenhouse-routes' });
});
afterAll(async () => {
  await t.close();
});

const basic = (user: string, password = '') =>
  `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;

/** An organization with a Greenhouse key (issued through Settings) and a published test. */
async function ghOrg() {
  const org = await t.organization();
  const owner = await t.sessionFor(org.users.owner.id, org.id, true);
  const issued = await t.send(owner, 'POST', `/api/orgs/${org.id}/integrations/greenhouse/keys`, {});
  expect(issued.statusCode).toBe(201);
  const key = issued.json<{ key: string }>().key;
  const test = await makePublishedTest(t.db, org.id, { name: 'Backend take-home', at: t.clock.now() });
  return { org, owner, key, auth: basic(key), test };
}

type GhOrg = Awaited<ReturnType<typeof ghOrg>>;

/** Another key of `gh`'s organization (earlier keys stay valid). */
async function issueKey(gh: GhOrg): Promise<string> {
  const issued = await t.send(gh.owner, 'POST', `/api/orgs/${gh.org.id}/integrations/greenhouse/keys`, {});
  expect(issued.statusCode).toBe(201);
  return issued.json<{ key: string }>().key;
}

function call(
  auth: string | null,
  method: 'GET' | 'POST',
  path: string,
  payload?: unknown,
  headers: Record<string, string> = {},
) {
  return t.app.inject({
    method,
    url: `${BASE}${path}`,
    headers: {
      ...(auth === null ? {} : { authorization: auth }),
      ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(payload === undefined
      ? {}
      : { payload: typeof payload === 'string' ? payload : JSON.stringify(payload) }),
  });
}

/** A GhSendTest for `gh`'s test with a fresh take-home url. */
function sendTestBody(
  gh: GhOrg,
  overrides: Record<string, unknown> = {},
  candidate: Record<string, unknown> = {},
) {
  sequence += 1;
  return {
    partner_test_id: gh.test.id,
    candidate: {
      first_name: 'Ada',
      last_name: 'Lovelace',
      preferred_name: null,
      email: `ada${sequence}@example.com`,
      phone_number: null,
      resume_url: null,
      greenhouse_profile_url: `https://app.greenhouse.io/people/${1000 + sequence}?application_id=${2000 + sequence}`,
      ...candidate,
    },
    sent_by: 'recruiter@customer.example',
    url: `${TAKE_HOMES}/${5000 + sequence}`,
    ...overrides,
  };
}

async function invitationsOf(orgId: string) {
  return t.db.selectFrom('invitations').selectAll().where('organization_id', '=', orgId).execute();
}
async function ordersOf(orgId: string) {
  return t.db.selectFrom('ats_orders').selectAll().where('organization_id', '=', orgId).execute();
}
/** Mails sent to `address` (the invitation mail is a job: run the due ones first). */
async function mailsTo(address: string) {
  await t.drain();
  return t.db.selectFrom('mails').select('id').where('to_address', '=', address).execute();
}

/** A key of `length` characters with a valid checksum tail, stored for `orgId` as the core stores keys. */
async function storeKeyOfLength(orgId: string, length: number): Promise<string> {
  const head = `assay_gh_${'k'.repeat(length - 'assay_gh_'.length - 6)}`;
  const tail = base62(Buffer.from(crc32(head).toString(16).padStart(8, '0'), 'hex')).padStart(6, '0');
  const key = `${head}${tail}`;
  await t.db
    .insertInto('ats_api_keys')
    .values({
      id: newId(),
      organization_id: orgId,
      provider: 'greenhouse',
      key_hash: sha256(key),
      display_prefix: `${key.slice(0, 13)}…`,
      created_by_user_id: null,
      created_at: t.clock.now().toISOString(),
      last_used_at: null,
      revoked_at: null,
    })
    .execute();
  return key;
}

describe('authentication: Basic base64("<key>:"), before the body', () => {
  const routes = [
    ['GET', '/list_tests', undefined],
    ['POST', '/send_test', { not: 'even close' }],
    ['GET', '/test_status?partner_interview_id=1', undefined],
    ['POST', '/response_error', '{ not json'],
  ] as const;

  it('401 {"error":"unauthorized"} for a missing, malformed, password-carrying, unknown or revoked key', async () => {
    const gh = await ghOrg();
    const bad: (string | null)[] = [
      null,
      'Bearer abc',
      'Basic',
      'Basic !!!notbase64',
      `Basic ${Buffer.from(gh.key).toString('base64')}`, // no colon
      basic(gh.key, 'secret'), // non-empty password
      basic(''), // empty user
      basic('assay_gh_0000000000000000000000000000000000'),
      `Bearer ${gh.key}`,
    ];
    for (const auth of bad) {
      for (const [method, path, payload] of routes) {
        const res = await call(auth, method, path, payload);
        expect(res.statusCode, `${auth ?? '(none)'} ${method} ${path}`).toBe(401);
        expect(res.json()).toEqual({ error: 'unauthorized', message: expect.any(String) as unknown });
        expect(res.body).not.toContain(gh.key);
      }
    }
    // The same key works; then revoked, it is refused at once.
    expect((await call(gh.auth, 'GET', '/list_tests')).statusCode).toBe(200);
    await t.db
      .updateTable('ats_api_keys')
      .set({ revoked_at: t.clock.now().toISOString() })
      .where('organization_id', '=', gh.org.id)
      .execute();
    for (const [method, path, payload] of routes) {
      expect((await call(gh.auth, method, path, payload)).statusCode).toBe(401);
    }
  });

  it('the scheme is case-insensitive and a 170-character key works', async () => {
    const gh = await ghOrg();
    expect((await call(gh.auth.replace('Basic', 'basic'), 'GET', '/list_tests')).statusCode).toBe(200);
    const long = await storeKeyOfLength(gh.org.id, 170);
    expect(long).toHaveLength(170);
    const res = await call(basic(long), 'GET', '/list_tests');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([{ partner_test_id: gh.test.id, partner_test_name: 'Backend take-home' }]);
  });

  it('a cookie session is not a Greenhouse caller', async () => {
    const gh = await ghOrg();
    const res = await t.app.inject({
      method: 'GET',
      url: `${BASE}/list_tests`,
      headers: { cookie: gh.owner.cookie },
    });
    expect(res.statusCode).toBe(401);
  });

  it('the first call connects the organization (last request from Greenhouse is shown)', async () => {
    const gh = await ghOrg();
    expect((await call(gh.auth, 'GET', '/list_tests')).statusCode).toBe(200);
    const list = await t.send(gh.owner, 'GET', `/api/orgs/${gh.org.id}/integrations`);
    const card = list
      .json<{ items: { provider: string; state: string; lastInboundAt: string | null }[] }>()
      .items.find((i) => i.provider === 'greenhouse');
    expect(card).toMatchObject({ state: 'connected', lastInboundAt: expect.any(String) as unknown });
  });

  it('more than 20 requests a second per key → 429 rate_limited with Retry-After', async () => {
    const gh = await ghOrg();
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof call>> | undefined;
    for (let i = 0; i < 21; i++) {
      const res = await call(gh.auth, 'GET', '/list_tests');
      statuses.push(res.statusCode);
      if (res.statusCode === 429) limited = res;
    }
    expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true);
    expect(statuses[20]).toBe(429);
    expect(limited?.json()).toMatchObject({ error: 'rate_limited' });
    expect(Number(limited?.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // Another key is not affected.
    const other = await ghOrg();
    expect((await call(other.auth, 'GET', '/list_tests')).statusCode).toBe(200);
  });
});

describe('GET list_tests', () => {
  it("a bare array of the organization's published tests; [] when there are none", async () => {
    const gh = await ghOrg();
    await makePublishedTest(t.db, gh.org.id, { name: 'Draft only', published: false });
    await makePublishedTest(t.db, gh.org.id, { name: 'Archived', archived: true });
    const elsewhere = await ghOrg();
    const res = await call(gh.auth, 'GET', '/list_tests');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([{ partner_test_id: gh.test.id, partner_test_name: 'Backend take-home' }]);
    expect(res.body).not.toContain(elsewhere.test.id);

    const empty = await t.organization();
    const owner = await t.sessionFor(empty.users.owner.id, empty.id, true);
    const issued = await t.send(owner, 'POST', `/api/orgs/${empty.id}/integrations/greenhouse/keys`, {});
    const none = await call(basic(issued.json<{ key: string }>().key), 'GET', '/list_tests');
    expect(none.statusCode).toBe(200);
    expect(none.json()).toEqual([]);
  });
});

describe('POST send_test', () => {
  it('creates one invitation, mails the candidate, links the Greenhouse profile and answers its id as a string', async () => {
    const gh = await ghOrg();
    const body = sendTestBody(gh);
    const res = await call(gh.auth, 'POST', '/send_test', body);
    expect(res.statusCode).toBe(200);
    const { partner_interview_id: id } = res.json<{ partner_interview_id: string }>();
    expect(typeof id).toBe('string');
    const invitations = await invitationsOf(gh.org.id);
    expect(invitations.map((i) => i.id)).toEqual([id]);
    expect(invitations[0]?.test_id).toBe(gh.test.id);
    expect(await mailsTo(body.candidate.email)).toHaveLength(1);
    const candidate = await t.db
      .selectFrom('candidates')
      .selectAll()
      .where('id', '=', invitations[0]?.candidate_id ?? '')
      .executeTakeFirstOrThrow();
    expect(candidate).toMatchObject({
      ats_status: 'linked',
      ats_provider: 'greenhouse',
      ats_external_id: String(1000 + sequence),
    });
    const [order] = await ordersOf(gh.org.id);
    expect(order).toMatchObject({ order_key: body.url, status: 'active', invitation_id: id });
    expect(JSON.parse(order?.provider_data ?? '{}')).toMatchObject({
      ghReference: String(5000 + sequence),
      applicationId: String(2000 + sequence),
    });
    expect(JSON.parse(order?.requester ?? '{}')).toMatchObject({ email: 'recruiter@customer.example' });
  });

  it('a repeat of the same url answers the same id and sends no second mail', async () => {
    const gh = await ghOrg();
    const body = sendTestBody(gh);
    const first = await call(gh.auth, 'POST', '/send_test', body);
    const again = await call(gh.auth, 'POST', '/send_test', body);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect(await invitationsOf(gh.org.id)).toHaveLength(1);
    expect(await mailsTo(body.candidate.email)).toHaveLength(1);
  });

  it('50 concurrent identical calls → one invitation, one mail, one id', async () => {
    const gh = await ghOrg();
    const body = sendTestBody(gh);
    // Three keys of the organization (keys add up for Greenhouse), so the 20/s per-key limit stays out of the way.
    const auths = [gh.auth, basic(await issueKey(gh)), basic(await issueKey(gh))];
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => call(auths[i % 3] ?? gh.auth, 'POST', '/send_test', body)),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(Array.from({ length: 50 }, () => 200));
    expect(
      new Set(answers.map((a) => a.json<{ partner_interview_id: string }>().partner_interview_id)).size,
    ).toBe(1);
    expect(await invitationsOf(gh.org.id)).toHaveLength(1);
    expect(await mailsTo(body.candidate.email)).toHaveLength(1);
  });

  it('the same url with another test or another candidate → 409 conflict', async () => {
    const gh = await ghOrg();
    const other = await makePublishedTest(t.db, gh.org.id, { name: 'Frontend' });
    const body = sendTestBody(gh);
    expect((await call(gh.auth, 'POST', '/send_test', body)).statusCode).toBe(200);
    const otherTest = await call(gh.auth, 'POST', '/send_test', { ...body, partner_test_id: other.id });
    expect(otherTest.statusCode).toBe(409);
    expect(otherTest.json()).toMatchObject({ error: 'conflict', message: expect.any(String) as unknown });
    const otherEmail = await call(gh.auth, 'POST', '/send_test', {
      ...body,
      candidate: { ...body.candidate, email: 'someone.else@example.com' },
    });
    expect(otherEmail.statusCode).toBe(409);
    expect(await invitationsOf(gh.org.id)).toHaveLength(1);
  });

  it("an unknown, unpublished or other organization's test → 404 test_not_found, nothing invited", async () => {
    const gh = await ghOrg();
    const unpublished = await makePublishedTest(t.db, gh.org.id, { published: false });
    const elsewhere = await ghOrg();
    for (const testId of ['no-such-test', unpublished.id, elsewhere.test.id]) {
      const res = await call(gh.auth, 'POST', '/send_test', sendTestBody(gh, { partner_test_id: testId }));
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({
        error: 'test_not_found',
        message: expect.stringContaining(testId) as unknown,
      });
    }
    expect(await invitationsOf(gh.org.id)).toHaveLength(0);
  });

  it('malformed bodies → 400 invalid_request naming the field; nothing created', async () => {
    const gh = await ghOrg();
    const valid = sendTestBody(gh);
    const cases: [unknown, string][] = [
      [{ ...valid, url: undefined }, 'url'],
      [{ ...valid, partner_test_id: undefined }, 'partner_test_id'],
      [{ ...valid, candidate: { ...valid.candidate, email: undefined } }, 'candidate.email'],
      [{ ...valid, candidate: { ...valid.candidate, first_name: 42 } }, 'candidate.first_name'],
      [{ ...valid, candidate: undefined }, 'candidate'],
      [[], ''],
    ];
    for (const [body, field] of cases) {
      const res = await call(gh.auth, 'POST', '/send_test', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      const answer = res.json<{ error: string; message: string }>();
      expect(answer.error).toBe('invalid_request');
      expect(answer.message).toContain(field);
    }
    const notJson = await call(gh.auth, 'POST', '/send_test', '{"partner_test_id":');
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json()).toMatchObject({ error: 'invalid_request' });
    expect(await ordersOf(gh.org.id)).toHaveLength(0);
    expect(await invitationsOf(gh.org.id)).toHaveLength(0);
  });

  it('a url the SSRF guard refuses → 400, nothing created', async () => {
    const gh = await ghOrg();
    for (const url of [
      'https://evil.example.com/integrations/testing_partners/take_home_tests/1',
      'http://app.greenhouse.io/integrations/testing_partners/take_home_tests/1',
      'https://169.254.169.254/latest/meta-data',
      'https://user:pw@app.greenhouse.io/x',
      'not a url',
    ]) {
      const res = await call(gh.auth, 'POST', '/send_test', sendTestBody(gh, { url }));
      expect(res.statusCode, url).toBe(400);
      expect(res.json()).toMatchObject({
        error: 'invalid_request',
        message: expect.stringMatching(/^url: /) as unknown,
      });
    }
    expect(await ordersOf(gh.org.id)).toHaveLength(0);
  });

  it('accepts numeric ids, nulls, missing optional fields and unknown extra fields', async () => {
    const gh = await ghOrg();
    // Numeric partner_test_id: parsed (as "12345"), then simply not one of ours.
    const numeric = await call(gh.auth, 'POST', '/send_test', sendTestBody(gh, { partner_test_id: 12345 }));
    expect(numeric.statusCode).toBe(404);
    expect(numeric.json()).toMatchObject({
      error: 'test_not_found',
      message: expect.stringContaining('12345') as unknown,
    });

    const sparse = sendTestBody(gh, { sent_by: null, extra_top: { nested: true } }, { extra: 'x' });
    delete (sparse.candidate as Record<string, unknown>).preferred_name;
    delete (sparse.candidate as Record<string, unknown>).phone_number;
    delete (sparse.candidate as Record<string, unknown>).resume_url;
    const res = await call(gh.auth, 'POST', '/send_test', sparse);
    expect(res.statusCode).toBe(200);

    const nulls = await call(
      gh.auth,
      'POST',
      '/send_test',
      sendTestBody(gh, {}, { preferred_name: null, greenhouse_profile_url: null }),
    );
    expect(nulls.statusCode).toBe(200);
    expect(await invitationsOf(gh.org.id)).toHaveLength(2);
  });

  it('preferred_name is the name the candidate is greeted with', async () => {
    const gh = await ghOrg();
    const body = sendTestBody(gh, {}, { preferred_name: 'Countess Ada' });
    expect((await call(gh.auth, 'POST', '/send_test', body)).statusCode).toBe(200);
    const [invitation] = await invitationsOf(gh.org.id);
    const candidate = await t.db
      .selectFrom('candidates')
      .select('name')
      .where('id', '=', invitation?.candidate_id ?? '')
      .executeTakeFirstOrThrow();
    expect(candidate.name).toBe('Countess Ada Lovelace');
  });

  it('a profile URL that is not a Greenhouse candidate link never fails the order and links nothing', async () => {
    const gh = await ghOrg();
    const body = sendTestBody(gh, {}, { greenhouse_profile_url: 'https://elsewhere.example/people/12' });
    const res = await call(gh.auth, 'POST', '/send_test', body);
    expect(res.statusCode).toBe(200);
    const [invitation] = await invitationsOf(gh.org.id);
    const candidate = await t.db
      .selectFrom('candidates')
      .selectAll()
      .where('id', '=', invitation?.candidate_id ?? '')
      .executeTakeFirstOrThrow();
    expect(candidate.ats_external_id).toBeNull();
    expect(candidate.ats_status).not.toBe('linked');
  });

  it('an invalid candidate e-mail → 400 invalid_request at once, no invitation, no mail', async () => {
    const gh = await ghOrg();
    const body = sendTestBody(gh, {}, { email: 'not-an-address' });
    const res = await call(gh.auth, 'POST', '/send_test', body);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error: 'invalid_request',
      message: expect.stringContaining('candidate.email') as unknown,
    });
    expect(await invitationsOf(gh.org.id)).toHaveLength(0);
    expect(await mailsTo('not-an-address')).toHaveLength(0);
    // A repeat gets the same answer (never a partner_interview_id).
    expect((await call(gh.auth, 'POST', '/send_test', body)).statusCode).toBe(400);
    // Nothing was stored under the take-home url: once the address is fixed, it goes through.
    const fixed = { ...body, candidate: { ...body.candidate, email: 'fixed@example.com' } };
    const retried = await call(gh.auth, 'POST', '/send_test', fixed);
    expect(retried.statusCode).toBe(200);
    expect(await invitationsOf(gh.org.id)).toHaveLength(1);
  });
});

describe('GET test_status', () => {
  async function sent(gh: GhOrg) {
    const res = await call(gh.auth, 'POST', '/send_test', sendTestBody(gh));
    expect(res.statusCode).toBe(200);
    return res.json<{ partner_interview_id: string }>().partner_interview_id;
  }
  const status = async (gh: GhOrg, id: string) => {
    const res = await call(gh.auth, 'GET', `/test_status?partner_interview_id=${encodeURIComponent(id)}`);
    return { code: res.statusCode, body: res.json<Record<string, unknown>>() };
  };
  const setInvitation = (id: string, values: Record<string, string | null>) =>
    t.db.updateTable('invitations').set(values).where('id', '=', id).execute();

  it('pending → in_progress → (submitted: still in_progress) → complete only once graded', async () => {
    const gh = await ghOrg();
    const id = await sent(gh);
    expect(await status(gh, id)).toEqual({
      code: 200,
      body: { partner_status: 'pending', partner_profile_url: null, partner_score: null, metadata: null },
    });

    const at = t.clock.now();
    await setInvitation(id, { status: 'started', opened_at: at.toISOString(), started_at: at.toISOString() });
    expect((await status(gh, id)).body).toMatchObject({ partner_status: 'in_progress', partner_score: null });

    const attemptId = await makeAttempt(
      t.db,
      { id, organizationId: gh.org.id, testVersionId: gh.test.versionId },
      { at, initialCommit: '1'.repeat(40), headCommit: '2'.repeat(40), submittedCommit: '2'.repeat(40) },
    );
    await setInvitation(id, { status: 'submitted', submitted_at: at.toISOString() });
    expect((await status(gh, id)).body).toMatchObject({
      partner_status: 'in_progress',
      partner_profile_url: null,
    });

    await makeGrading(t.db, { id, organizationId: gh.org.id, testVersionId: gh.test.versionId }, attemptId, {
      at,
      criteria: [criterion('c1', 1, 0.8), criterion('c2', 1, 0.85)],
    });
    const done = await status(gh, id);
    expect(done.code).toBe(200);
    expect(done.body).toMatchObject({ partner_status: 'complete', partner_score: 83 });
    const profileUrl = done.body.partner_profile_url as string;
    expect(profileUrl.startsWith(PUBLIC_URL)).toBe(true);
    expect(profileUrl).toContain(id);
    expect(profileUrl).not.toMatch(/share|token/i);
    expect(done.body.metadata).toMatchObject({ Test: 'Backend take-home', Score: '83/100' });
  });

  it('expired and cancelled', async () => {
    const gh = await ghOrg();
    const expired = await sent(gh);
    await setInvitation(expired, { status: 'expired', expired_at: '2026-03-09T09:00:00.000Z' });
    expect((await status(gh, expired)).body).toEqual({
      partner_status: 'expired',
      partner_profile_url: null,
      partner_score: null,
      metadata: { 'Expired At': '2026-03-09T09:00:00Z' },
    });
    const cancelled = await sent(gh);
    await setInvitation(cancelled, { status: 'cancelled', cancelled_at: t.clock.now().toISOString() });
    expect((await status(gh, cancelled)).body).toMatchObject({ partner_status: 'cancelled', metadata: null });
  });

  it("unknown ids and other organizations' invitations → 404 interview_not_found; no id → 400", async () => {
    const gh = await ghOrg();
    const other = await ghOrg();
    const theirs = await sent(other);
    for (const id of [theirs, newId(), '12345']) {
      const res = await status(gh, id);
      expect(res.code).toBe(404);
      expect(res.body).toMatchObject({ error: 'interview_not_found' });
    }
    const missing = await call(gh.auth, 'GET', '/test_status');
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({
      error: 'invalid_request',
      message: expect.stringContaining('partner_interview_id') as unknown,
    });
  });
});

describe('POST response_error', () => {
  it('stores the report (attached to the invitation when it is ours), answers {"status":200}, logs no e-mail', async () => {
    const gh = await ghOrg();
    const sentRes = await call(gh.auth, 'POST', '/send_test', sendTestBody(gh));
    const id = sentRes.json<{ partner_interview_id: string }>().partner_interview_id;
    const secretEmail = 'hidden.candidate@example.com';
    const report = {
      api_call: 'test_status',
      errors: ['partner_profile_url must be https'],
      partner_test_id: gh.test.id,
      partner_test_name: 'Backend take-home',
      partner_interview_id: id,
      candidate_email: secretEmail,
    };
    const res = await call(gh.auth, 'POST', '/response_error', report);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 200 });

    const unknown = await call(gh.auth, 'POST', '/response_error', {
      ...report,
      partner_interview_id: 987654,
      errors: ['unknown interview'],
    });
    expect(unknown.statusCode).toBe(200);
    expect(unknown.json()).toEqual({ status: 200 });

    const list = await t.send(gh.owner, 'GET', `/api/orgs/${gh.org.id}/integrations/errors`);
    expect(list.statusCode).toBe(200);
    const items = list.json<{
      items: { apiCall: string; errors: string[]; invitationId: string | null }[];
    }>().items;
    expect(items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          apiCall: 'test_status',
          errors: ['partner_profile_url must be https'],
          invitationId: id,
        }),
        expect.objectContaining({ errors: ['unknown interview'], invitationId: null }),
      ]) as unknown,
    );
    expect(t.logs.join('')).not.toContain(secretEmail);
    expect(t.logs.join('')).not.toContain(gh.key);
  });
});

describe('production: https only (§3)', () => {
  it('refuses plain http before looking at the key; https reaches authentication', async () => {
    const prod = await buildOrgApp({
      name: 'greenhouse-production',
      env: { NODE_ENV: 'production', PUBLIC_URL: 'https://assay.example.com' },
    });
    try {
      const auth = `Basic ${Buffer.from('assay_gh_unknown:').toString('base64')}`;
      const plain = await prod.app.inject({
        method: 'GET',
        url: '/partner/greenhouse/list_tests',
        headers: { authorization: auth, 'x-forwarded-proto': 'http' },
      });
      expect(plain.statusCode).toBe(403);
      expect(plain.json()).toEqual({
        error: 'unauthorized',
        message: 'Greenhouse must call Assay over https.',
      });
      const secure = await prod.app.inject({
        method: 'GET',
        url: '/partner/greenhouse/list_tests',
        headers: { authorization: auth, 'x-forwarded-proto': 'https' },
      });
      expect(secure.statusCode).toBe(401);
    } finally {
      await prod.close();
    }
  });
});
