import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiTokenScope, ApiV1Invitation, ApiV1TestList, Role } from '@assay/contracts';
import { ApiV1InvitationSchema, ApiV1TestListSchema } from '@assay/contracts';
import { testDialect } from '../support/test-db.js';
import { makeCandidateInvitation } from '../invitations/invitation-factories.js';
import { buildApiTestApp, PUBLIC_URL, type ApiTestApp } from './api-harness.js';

type Org = Awaited<ReturnType<ApiTestApp['organization']>>;

const SCOPES: ApiTokenScope[] = ['tests:read', 'invitations:write', 'reports:read'];

describe(`public API v1 (${testDialect})`, () => {
  let t: ApiTestApp;
  let org: Org;
  let other: Org;
  let published: { id: string; name: string };
  let n = 0;
  /** One token per scope, owned by the recruiter (the reviewer for reports:read too). */
  const tokens = {} as Record<ApiTokenScope, string>;
  let allScopes: string;

  beforeAll(async () => {
    t = await buildApiTestApp();
    org = await t.organization();
    other = await t.organization();
    published = await t.publishedTest(org.id, { name: 'Published test' });
    await t.publishedTest(org.id, { name: 'Draft test', published: false });
    await t.publishedTest(org.id, { name: 'Archived test', archived: true });
    await t.publishedTest(other.id, { name: 'Other org test' });
    for (const scope of SCOPES) {
      tokens[scope] = (await t.token(org.users.recruiter.id, org.id, 'recruiter', [scope])).secret;
    }
    allScopes = (await t.token(org.users.admin.id, org.id, 'admin', SCOPES)).secret;
  });
  afterAll(async () => {
    await t.close();
  });

  const v1 = (path: string, orgId = org.id) => `/api/v1/orgs/${orgId}${path}`;
  const body = (extra: Record<string, unknown> = {}) => ({
    testId: published.id,
    name: 'Ada Lovelace',
    email: `ada${String(++n)}@example.test`,
    ...extra,
  });

  describe('GET /tests (tests:read)', () => {
    it('lists only published tests of the organization', async () => {
      const res = await t.bearer(tokens['tests:read'], 'GET', v1('/tests'));
      expect(res.statusCode, res.body).toBe(200);
      const list = ApiV1TestListSchema.strict().parse(res.json<ApiV1TestList>());
      expect(list.items.map((i) => i.name)).toEqual(['Published test']);
      expect(list.items[0]).toMatchObject({ id: published.id, publishedVersion: 1, timeLimitMinutes: 90 });
    });

    it('403 without the scope', async () => {
      for (const scope of ['invitations:write', 'reports:read'] as const) {
        const res = await t.bearer(tokens[scope], 'GET', v1('/tests'));
        expect([scope, res.statusCode]).toEqual([scope, 403]);
        expect(res.json<{ error: { message: string } }>().error.message).toContain('tests:read');
      }
    });
  });

  describe('POST /invitations (invitations:write)', () => {
    it('invites as the token owner and queues the invitation mail', async () => {
      const input = body({ extraTimeMinutes: 30, expiresInDays: 3, message: 'Good luck!' });
      const res = await t.bearer(tokens['invitations:write'], 'POST', v1('/invitations'), input);
      expect(res.statusCode, res.body).toBe(201);
      const inv = ApiV1InvitationSchema.strict().parse(res.json<ApiV1Invitation>());
      expect(inv).toMatchObject({
        status: 'invited',
        candidate: { name: 'Ada Lovelace', email: input.email },
        test: { id: published.id, name: 'Published test' },
        score: null,
        reportUrl: `${PUBLIC_URL}/reports/${inv.id}`,
      });
      const row = await t.db
        .selectFrom('invitations')
        .select(['invited_by_user_id', 'extra_time_minutes', 'message'])
        .where('id', '=', inv.id)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({
        invited_by_user_id: org.users.recruiter.id,
        extra_time_minutes: 30,
        message: 'Good luck!',
      });
      const job = await t.db
        .selectFrom('jobs')
        .select(['name', 'status'])
        .where('name', '=', 'invitations.send-email')
        .where('payload', 'like', `%${inv.id}%`)
        .execute();
      expect(job).toEqual([{ name: 'invitations.send-email', status: 'pending' }]);
      await t.drain();
      const mails = await t.mailsTo(input.email, 'invitations.invitation');
      expect(mails).toHaveLength(1);
    });

    it('the same rules as the web invite: duplicate warning, confirmDuplicate, unknown test', async () => {
      const input = body();
      expect((await t.bearer(allScopes, 'POST', v1('/invitations'), input)).statusCode).toBe(201);
      const dup = await t.bearer(allScopes, 'POST', v1('/invitations'), input);
      expect(dup.statusCode).toBe(409);
      expect(dup.json<{ error: { code: string } }>().error.code).toBe('invitations.duplicate');
      const confirmed = await t.bearer(allScopes, 'POST', v1('/invitations'), {
        ...input,
        confirmDuplicate: true,
      });
      expect(confirmed.statusCode, confirmed.body).toBe(201);
      const unknown = await t.bearer(allScopes, 'POST', v1('/invitations'), body({ testId: 'nope' }));
      expect(unknown.statusCode).toBe(404);
    });

    it('400 naming the field for a bad body; nothing written', async () => {
      const before = await t.db.selectFrom('invitations').select('id').execute();
      const res = await t.bearer(tokens['invitations:write'], 'POST', v1('/invitations'), {
        testId: published.id,
        name: 'No Email',
      });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('email');
      expect(await t.db.selectFrom('invitations').select('id').execute()).toHaveLength(before.length);
    });

    it('403 without the scope, or when the owner was demoted below recruiter', async () => {
      for (const scope of ['tests:read', 'reports:read'] as const) {
        const res = await t.bearer(tokens[scope], 'POST', v1('/invitations'), body());
        expect([scope, res.statusCode]).toEqual([scope, 403]);
      }
      const demoted = await t.organization();
      const test = await t.publishedTest(demoted.id);
      const token = (
        await t.token(demoted.users.recruiter.id, demoted.id, 'recruiter', ['invitations:write'])
      ).secret;
      await t.db
        .updateTable('memberships')
        .set({ role: 'reviewer' })
        .where('user_id', '=', demoted.users.recruiter.id)
        .execute();
      const res = await t.bearer(token, 'POST', v1('/invitations', demoted.id), body({ testId: test.id }));
      expect(res.statusCode).toBe(403);
    });
  });

  describe('POST /invitations with Idempotency-Key', () => {
    const post = (token: string, payload: unknown, key: string) =>
      t.bearer(token, 'POST', v1('/invitations'), payload, { 'idempotency-key': key });
    const invitationsOf = (email: string) =>
      t.db
        .selectFrom('invitations as i')
        .innerJoin('candidates as c', 'c.id', 'i.candidate_id')
        .select('i.id')
        .where('c.email', '=', email)
        .execute();

    it('the same key and body answer the stored result: one invitation, one mail job', async () => {
      const input = body();
      const first = await post(tokens['invitations:write'], input, 'order-1');
      expect(first.statusCode, first.body).toBe(201);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      const again = await post(tokens['invitations:write'], input, 'order-1');
      expect(again.statusCode, again.body).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.json()).toEqual(first.json());
      const rows = await invitationsOf(input.email);
      expect(rows).toHaveLength(1);
      const jobs = await t.db
        .selectFrom('jobs')
        .select('id')
        .where('name', '=', 'invitations.send-email')
        .where('payload', 'like', `%${rows[0]?.id ?? 'none'}%`)
        .execute();
      expect(jobs).toHaveLength(1);
      // Keys belong to one token: another token's same key is a new request.
      const otherToken = await post(allScopes, { ...input, confirmDuplicate: true }, 'order-1');
      expect(otherToken.statusCode, otherToken.body).toBe(201);
      expect(otherToken.headers['idempotent-replayed']).toBeUndefined();
    });

    it('another body under a used key → 422; nothing written', async () => {
      const input = body();
      expect((await post(tokens['invitations:write'], input, 'order-2')).statusCode).toBe(201);
      const other = body();
      const res = await post(tokens['invitations:write'], other, 'order-2');
      expect(res.statusCode).toBe(422);
      expect(res.json<{ error: { code: string } }>().error.code).toBe('idempotency.key_reused');
      expect(await invitationsOf(other.email)).toEqual([]);
    });

    it('while the first request runs → 409; an abandoned one (over a minute) is taken over', async () => {
      const input = body();
      const owner = await t.token(org.users.owner.id, org.id, 'owner', ['invitations:write']);
      // The parsed body, as the server hashes it (keys in schema order).
      const hash = createHash('sha256')
        .update(
          `POST ${v1('/invitations')}\n${JSON.stringify({ testId: input.testId, name: input.name, email: input.email })}`,
        )
        .digest('hex');
      const now = t.clock.now();
      await t.db
        .insertInto('api_idempotency_keys')
        .values({
          id: `idem-${String(++n)}`,
          organization_id: org.id,
          token_id: owner.id,
          idempotency_key: 'order-3',
          request_hash: hash,
          status: 'in_flight',
          response_status: null,
          response_body: null,
          created_at: now.toISOString(),
          expires_at: new Date(now.getTime() + 86_400_000).toISOString(),
        })
        .execute();
      const busy = await post(owner.secret, input, 'order-3');
      expect(busy.statusCode, busy.body).toBe(409);
      expect(busy.json<{ error: { code: string } }>().error.code).toBe('idempotency.in_flight');
      expect(await invitationsOf(input.email)).toEqual([]);
      t.clock.advance(61_000);
      const takeover = await post(owner.secret, input, 'order-3');
      expect(takeover.statusCode, takeover.body).toBe(201);
      expect(await invitationsOf(input.email)).toHaveLength(1);
    });

    it('a failed request is not stored: the key can be used again; a malformed key → 400', async () => {
      const input = body({ testId: 'missing-test' });
      expect((await post(tokens['invitations:write'], input, 'order-4')).statusCode).toBe(404);
      const fixed = await post(tokens['invitations:write'], { ...input, testId: published.id }, 'order-4');
      expect(fixed.statusCode, fixed.body).toBe(201);
      const bad = await post(tokens['invitations:write'], body(), 'has spaces');
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('idempotency-key');
    });
  });

  describe('GET /invitations/:id (reports:read or invitations:write)', () => {
    it('status, score, dates and the report URL', async () => {
      const created = await t.bearer(allScopes, 'POST', v1('/invitations'), body());
      const id = created.json<ApiV1Invitation>().id;
      await t.stages.markStarted(id);
      await t.stages.markSubmitted(id);
      await t.stages.markGraded(id, 73);
      for (const scope of ['reports:read', 'invitations:write'] as const) {
        const res = await t.bearer(tokens[scope], 'GET', v1(`/invitations/${id}`));
        expect([scope, res.statusCode]).toEqual([scope, 200]);
        const inv = ApiV1InvitationSchema.strict().parse(res.json());
        expect(inv).toMatchObject({
          id,
          status: 'graded',
          score: 73,
          reportUrl: `${PUBLIC_URL}/reports/${id}`,
        });
        expect(inv.startedAt).not.toBeNull();
        expect(inv.submittedAt).not.toBeNull();
        expect(inv.gradedAt).not.toBeNull();
      }
      const denied = await t.bearer(tokens['tests:read'], 'GET', v1(`/invitations/${id}`));
      expect(denied.statusCode).toBe(403);
    });

    it("another organization's invitation or organization → 404", async () => {
      const theirs = await makeCandidateInvitation(t.db, other.id);
      expect((await t.bearer(allScopes, 'GET', v1(`/invitations/${theirs.id}`))).statusCode).toBe(404);
      expect((await t.bearer(allScopes, 'GET', v1(`/invitations/${theirs.id}`, other.id))).statusCode).toBe(
        404,
      );
      expect((await t.bearer(allScopes, 'GET', v1('/tests', other.id))).statusCode).toBe(404);
      expect((await t.bearer(allScopes, 'POST', v1('/invitations', other.id), body())).statusCode).toBe(404);
      expect((await t.bearer(allScopes, 'GET', v1(`/invitations/missing`))).statusCode).toBe(404);
    });
  });

  describe('GET /invitations/:id/report (reports:read)', () => {
    it('the report JSON; 403 without reports:read; 404 for another organization', async () => {
      const created = await t.bearer(allScopes, 'POST', v1('/invitations'), body());
      const id = created.json<ApiV1Invitation>().id;
      const res = await t.bearer(tokens['reports:read'], 'GET', v1(`/invitations/${id}/report`));
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ invitationId: id, organizationId: org.id, status: 'invited' });
      for (const scope of ['tests:read', 'invitations:write'] as const) {
        const denied = await t.bearer(tokens[scope], 'GET', v1(`/invitations/${id}/report`));
        expect([scope, denied.statusCode]).toEqual([scope, 403]);
      }
      const reviewer = (await t.token(org.users.reviewer.id, org.id, 'reviewer', ['reports:read'])).secret;
      expect((await t.bearer(reviewer, 'GET', v1(`/invitations/${id}/report`))).statusCode).toBe(200);
      const theirs = await makeCandidateInvitation(t.db, other.id);
      expect((await t.bearer(reviewer, 'GET', v1(`/invitations/${theirs.id}/report`))).statusCode).toBe(404);
    });
  });

  describe('authentication', () => {
    const routes = () =>
      [
        ['GET', v1('/tests')],
        ['POST', v1('/invitations')],
        ['GET', v1('/invitations/x')],
        ['GET', v1('/invitations/x/report')],
      ] as const;

    it('401 without a token, with a malformed or revoked one — before the body is validated', async () => {
      const revoked = await t.token(org.users.admin.id, org.id, 'admin', SCOPES);
      expect((await t.bearer(revoked.secret, 'GET', v1('/tests'))).statusCode).toBe(200);
      await t.revokeToken(org.users.admin.id, org.id, revoked.id);
      for (const [method, url] of routes()) {
        const none = await t.app.inject({
          method,
          url,
          headers: { 'content-type': 'application/json' },
          ...(method === 'POST' ? { payload: '{"not":"valid"}' } : {}),
        });
        expect([method, url, none.statusCode]).toEqual([method, url, 401]);
        for (const token of [revoked.secret, 'asy_notarealtoken']) {
          const res = await t.bearer(token, method, url, { not: 'valid' });
          expect([method, url, res.statusCode]).toEqual([method, url, 401]);
        }
      }
    });

    it('a signed-in browser session is not enough: v1 is bearer-only', async () => {
      for (const role of ['owner', 'recruiter'] satisfies Role[]) {
        for (const [method, url] of routes()) {
          const res = await t.send(org.as[role], method, url, body());
          expect([role, method, url, res.statusCode]).toEqual([role, method, url, 401]);
        }
      }
      const res = await t.send(org.as.owner, 'GET', v1('/tests'));
      expect(res.json<{ error: { message: string } }>().error.message).toContain('Bearer');
    });

    it('refuses a token in the query string', async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: `${v1('/tests')}?access_token=${tokens['tests:read']}`,
      });
      expect(res.statusCode).toBe(400);
      const generic = await t.app.inject({
        method: 'GET',
        url: `${v1('/tests')}?token=${tokens['tests:read']}`,
      });
      expect(generic.statusCode).toBe(400);
    });
  });

  it('is documented in the OpenAPI spec: bearerAuth on every v1 route, tagged Public API v1', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    const doc = res.json<{
      components: { securitySchemes: Record<string, { type: string; scheme: string }> };
      paths: Record<string, Record<string, { security?: unknown; tags?: string[] }>>;
    }>();
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    const v1Ops = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/v1/'))
      .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })));
    expect(v1Ops.map((o) => `${o.method.toUpperCase()} ${o.path}`).sort()).toEqual([
      'GET /api/v1/orgs/{orgId}/invitations/{invitationId}',
      'GET /api/v1/orgs/{orgId}/invitations/{invitationId}/report',
      'GET /api/v1/orgs/{orgId}/tests',
      'POST /api/v1/orgs/{orgId}/invitations',
    ]);
    for (const { op } of v1Ops) {
      expect(op.security).toEqual([{ bearerAuth: [] }]);
      expect(op.tags).toEqual(['Public API v1']);
    }
  });
});
