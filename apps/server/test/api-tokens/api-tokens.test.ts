import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ApiTokenList, CreatedApiToken } from '@assay/contracts';
import type { FastifyRequest } from 'fastify';
import type { ApiTokenScope } from '@assay/contracts';
import { sql } from 'kysely';
import type { Db } from '../../src/db/index.js';
import { requireApiAccess } from '../../src/modules/identity/index.js';
import { createApiTokensService } from '../../src/modules/identity/api-tokens.service.js';
import type { AppError } from '../../src/platform/errors/index.js';
import { createLogger } from '../../src/platform/log/index.js';
import { testDialect } from '../support/test-db.js';
import { buildOrganization, send, type Browser } from '../identity/identity-fixtures.js';
import { buildRouteTestApp, type RouteTestApp } from '../identity/route-app.js';

/** Every stored value of every table, as text (a dialect-independent "byte grep" of the database). */
async function dumpDatabase(db: Db): Promise<string> {
  const tables = await db.introspection.getTables();
  const parts: string[] = [];
  for (const table of tables) {
    // Any table, whatever its shape: raw SQL over the introspected name.
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table.name)}`.execute(db);
    parts.push(JSON.stringify(rows.rows));
  }
  return parts.join('\n');
}

describe(`API tokens (A6) (${testDialect})`, () => {
  let t: RouteTestApp;
  let org: Awaited<ReturnType<typeof buildOrganization<'owner' | 'admin' | 'recruiter' | 'reviewer'>>>;
  let other: Awaited<ReturnType<typeof buildOrganization<'owner'>>>;
  let owner: Browser;

  beforeAll(async () => {
    t = await buildRouteTestApp();
    org = await buildOrganization(t.database.db, ['owner', 'admin', 'recruiter', 'reviewer']);
    other = await buildOrganization(t.database.db, ['owner']);
  });
  // Fresh each time: a test that moves the clock would otherwise age the re-auth out.
  beforeEach(async () => {
    owner = await t.sessionFor(org.users.owner.id, { reauth: true, organizationId: org.id });
  });
  afterAll(async () => {
    await t.close();
  });

  const base = () => `/api/orgs/${org.id}/api-tokens`;

  async function createToken(
    browser: Browser,
    body: { name: string; scopes: string[]; expiresAt?: string | null },
    orgId = org.id,
  ): Promise<CreatedApiToken> {
    const res = await send(t.app, browser, 'POST', `/api/orgs/${orgId}/api-tokens`, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<CreatedApiToken>();
  }

  const bearer = (token: string, url = '/api/session') =>
    t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

  it('needs a recent re-auth to create; the token is shown once and never stored', async () => {
    const stale = await t.sessionFor(org.users.owner.id, { organizationId: org.id });
    const refused = await send(t.app, stale, 'POST', base(), { name: 'CI', scopes: ['tests:read'] });
    expect(refused.statusCode).toBe(403);
    expect(refused.json<{ error: { code: string } }>().error.code).toBe('auth.reauth_required');

    const created = await createToken(owner, { name: 'CI', scopes: ['tests:read', 'invitations:write'] });
    expect(created.token).toMatch(/^asy_[A-Za-z0-9_-]{30,}$/);
    expect(created.apiToken).toMatchObject({
      name: 'CI',
      prefix: created.token.slice(0, 8),
      revokedAt: null,
    });

    const list = await send(t.app, owner, 'GET', base());
    expect(list.statusCode).toBe(200);
    expect(list.headers['cache-control']).toBe('no-store');
    expect(list.body).not.toContain(created.token);
    expect(list.json<ApiTokenList>().items.map((i) => i.id)).toContain(created.apiToken.id);

    const dump = await dumpDatabase(t.database.db);
    expect(dump).toContain(created.apiToken.prefix);
    expect(dump).not.toContain(created.token);
    expect(dump).not.toContain(created.token.slice(8));
  });

  it('authenticates bearer requests (request.apiAuth, no session, no CSRF) and records last use', async () => {
    const created = await createToken(owner, { name: 'Probe', scopes: ['reports:read'] });
    // Session routes stay closed to tokens: a bearer request is not signed in.
    const session = await bearer(created.token);
    expect(session.statusCode).toBe(200);
    expect(session.json<{ user: unknown }>().user).toBeNull();
    const members = await bearer(created.token, `/api/orgs/${org.id}/members`);
    expect(members.statusCode).toBe(401);
    // A bearer write skips CSRF (no cookie), reaching the route's own authentication.
    const write = await t.app.inject({
      method: 'POST',
      url: `/api/orgs/${org.id}/api-tokens`,
      headers: { authorization: `Bearer ${created.token}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x', scopes: ['reports:read'] }),
    });
    expect(write.statusCode).toBe(401);
    const listed = (await send(t.app, owner, 'GET', base())).json<ApiTokenList>().items;
    expect(listed.find((i) => i.id === created.apiToken.id)?.lastUsedAt).not.toBeNull();
  });

  it('refuses unknown, malformed and query-string tokens', async () => {
    const created = await createToken(owner, { name: 'Query', scopes: ['tests:read'] });
    expect((await bearer('asy_notarealtoken0000000000000000000000000')).statusCode).toBe(401);
    // Change the last character (to one it is not: a fixed 'x' would be a no-op 1 time in 36).
    const last = created.token.slice(-1);
    expect((await bearer(`${created.token.slice(0, -1)}${last === 'x' ? 'y' : 'x'}`)).statusCode).toBe(401);
    // Other bearer credentials (e.g. an ATS partner key) are not API tokens: anonymous here.
    const foreignBearer = await bearer('partner-key-123', `/api/orgs/${org.id}/api-tokens`);
    expect(foreignBearer.statusCode).toBe(401);
    expect((await bearer('partner-key-123')).json<{ user: unknown }>().user).toBeNull();
    for (const query of [
      `access_token=${created.token}`,
      `token=${created.token}`,
      `q=${created.token}`,
      'api_key=x',
    ]) {
      const res = await t.app.inject({ method: 'GET', url: `/api/orgs/${org.id}/api-tokens?${query}` });
      expect(res.statusCode, query).toBe(400);
      expect(res.body).not.toContain(created.token);
    }
  });

  it('never logs the token or the Authorization header', async () => {
    const lines: string[] = [];
    const logger = createLogger({
      level: 'trace',
      destination: new Writable({
        write(chunk: Buffer, _enc, done) {
          lines.push(chunk.toString());
          done();
        },
      }),
    });
    const created = await createToken(owner, { name: 'Logged', scopes: ['tests:read'] });
    logger.info(
      {
        req: {
          method: 'GET',
          url: `/api/x?access_token=${created.token}`,
          headers: { authorization: `Bearer ${created.token}` },
        },
      },
      'request',
    );
    expect(lines.join('')).not.toContain(created.token);
  });

  it('revocation is immediate; revoking again or someone else’s token is a no-op', async () => {
    const created = await createToken(owner, { name: 'Revoke me', scopes: ['tests:read'] });
    expect((await bearer(created.token)).statusCode).toBe(200);
    const revoked = await send(t.app, owner, 'DELETE', `${base()}/${created.apiToken.id}`);
    expect(revoked.statusCode).toBe(204);
    expect((await bearer(created.token)).statusCode).toBe(401);
    const listed = (await send(t.app, owner, 'GET', base())).json<ApiTokenList>().items;
    expect(listed.find((i) => i.id === created.apiToken.id)?.revokedAt).not.toBeNull();

    const admin = await t.sessionFor(org.users.admin.id, { reauth: true, organizationId: org.id });
    const adminToken = await createToken(admin, { name: 'Admin', scopes: ['tests:read'] });
    expect((await send(t.app, owner, 'DELETE', `${base()}/${adminToken.apiToken.id}`)).statusCode).toBe(204);
    expect((await bearer(adminToken.token)).statusCode).toBe(200);
  });

  it('expires', async () => {
    const expiresAt = new Date(t.clock.now().getTime() + 3600_000).toISOString();
    const created = await createToken(owner, { name: 'Short', scopes: ['tests:read'], expiresAt });
    expect((await bearer(created.token)).statusCode).toBe(200);
    t.clock.advance(3600_000);
    expect((await bearer(created.token)).statusCode).toBe(401);
    owner = await t.sessionFor(org.users.owner.id, { reauth: true, organizationId: org.id });
    const past = await send(t.app, owner, 'POST', base(), {
      name: 'Past',
      scopes: ['tests:read'],
      expiresAt: new Date(t.clock.now().getTime() - 1000).toISOString(),
    });
    expect(past.statusCode).toBe(400);
  });

  it('checks scopes, the owner’s live role and the organization (cross-org → 404)', async () => {
    const tokens = createApiTokensService({ db: t.database.db, clock: t.clock });
    const recruiter = await t.sessionFor(org.users.recruiter.id, { reauth: true, organizationId: org.id });
    const reviewer = await t.sessionFor(org.users.reviewer.id, { reauth: true, organizationId: org.id });
    // A reviewer cannot grant scopes above their role.
    const tooHigh = await send(t.app, reviewer, 'POST', base(), { name: 'x', scopes: ['invitations:write'] });
    expect(tooHigh.statusCode).toBe(403);
    const reviewerToken = await createToken(reviewer, { name: 'Reports', scopes: ['reports:read'] });
    const recruiterToken = await createToken(recruiter, {
      name: 'Invites',
      scopes: ['invitations:write', 'tests:read'],
    });

    const access = async (token: string, orgId: string, scope: ApiTokenScope) => {
      const apiAuth = await tokens.authenticate(token);
      if (!apiAuth) return 401;
      try {
        requireApiAccess({ apiAuth } as FastifyRequest, orgId, scope);
        return 200;
      } catch (error) {
        return (error as AppError).status;
      }
    };
    expect(await access(reviewerToken.token, org.id, 'reports:read')).toBe(200);
    expect(await access(reviewerToken.token, org.id, 'tests:read')).toBe(403);
    expect(await access(reviewerToken.token, other.id, 'reports:read')).toBe(404);
    expect(await access(recruiterToken.token, org.id, 'invitations:write')).toBe(200);
    expect(await access(recruiterToken.token, org.id, 'reports:read')).toBe(403);
    expect(await access(recruiterToken.token, other.id, 'invitations:write')).toBe(404);

    // The owner's role is read live: demoted → the scope no longer works; removed → 404.
    const membership = t.database.db
      .updateTable('memberships')
      .where('user_id', '=', org.users.recruiter.id)
      .where('organization_id', '=', org.id);
    await membership.set({ role: 'reviewer' }).execute();
    expect(await access(recruiterToken.token, org.id, 'invitations:write')).toBe(403);
    await t.database.db
      .deleteFrom('memberships')
      .where('user_id', '=', org.users.recruiter.id)
      .where('organization_id', '=', org.id)
      .execute();
    expect(await access(recruiterToken.token, org.id, 'tests:read')).toBe(404);
    // A disabled user's tokens stop at once.
    await t.database.db
      .updateTable('users')
      .set({ disabled_at: t.clock.now().toISOString() })
      .where('id', '=', org.users.reviewer.id)
      .execute();
    expect((await bearer(reviewerToken.token)).statusCode).toBe(401);
  });

  it('answers 404 for another organization and 401 without a session', async () => {
    const foreign = await send(t.app, owner, 'GET', `/api/orgs/${other.id}/api-tokens`);
    expect(foreign.statusCode).toBe(404);
    expect((await send(t.app, null, 'GET', base())).statusCode).toBe(401);
    const created = await createToken(owner, { name: 'Mine', scopes: ['tests:read'] });
    const otherOwner = await t.sessionFor(other.users.owner.id, { reauth: true, organizationId: other.id });
    // Someone else revoking my token id in their organization changes nothing.
    const res = await send(
      t.app,
      otherOwner,
      'DELETE',
      `/api/orgs/${other.id}/api-tokens/${created.apiToken.id}`,
    );
    expect(res.statusCode).toBe(204);
    expect((await bearer(created.token)).statusCode).toBe(200);
  });
});
