import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@assay/contracts';
import { roleAtLeast } from '../src/modules/identity/index.js';
import { hashToken, newId, newSecretToken } from '../src/platform/crypto/index.js';
import { testDialect } from './support/test-db.js';
import {
  ROUTE_TABLE,
  findRouteRow,
  type MatrixContext,
  type RouteRow,
} from './authorization-matrix.routes.js';
import {
  TEST_PASSWORD,
  addMembership,
  buildOrganization,
  buildUser,
  type Browser,
} from './identity/identity-fixtures.js';
import { buildRouteTestApp, type RouteTestApp } from './identity/route-app.js';

const ROLES = ['owner', 'admin', 'recruiter', 'reviewer'] as const;
type Caller = Role | 'anonymous';
const CALLERS: Caller[] = [...ROLES, 'anonymous'];
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A8: every route × {owner, admin, recruiter, reviewer, anonymous} × {own, other org}.
 * A5: every cookie-authenticated write refuses missing CSRF token, text/plain, foreign
 * Origin and Sec-Fetch-Site: cross-site; GETs change nothing.
 */
describe(`authorization matrix and CSRF (A5, A8) (${testDialect})`, () => {
  let t: RouteTestApp;
  let own: Awaited<ReturnType<typeof buildOrganization<(typeof ROLES)[number]>>>;
  let other: Awaited<ReturnType<typeof buildOrganization<'owner'>>>;
  let counter = 0;

  beforeAll(async () => {
    t = await buildRouteTestApp();
    own = await buildOrganization(t.database.db, ROLES);
    other = await buildOrganization(t.database.db, ['owner']);
  });
  afterAll(async () => {
    await t.close();
  });

  const routeKeys = () =>
    t.routes.filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS').map((r) => `${r.method} ${r.url}`);

  function context(orgId: string): MatrixContext {
    const db = t.database.db;
    return {
      orgId,
      password: TEST_PASSWORD,
      db,
      unique: () => `m${++counter}-${newId()}`,
      async makeMember(role) {
        const user = await buildUser(db);
        await addMembership(db, orgId, user.id, role);
        return user.id;
      },
      async makeMail() {
        const id = newId();
        const now = t.clock.now().toISOString();
        await db
          .insertInto('mails')
          .values({
            id,
            organization_id: orgId,
            to_address: `mail-${id}@example.test`,
            kind: 'test.matrix',
            subject: 'Matrix',
            text_body: 'text',
            html_body: '<p>html</p>',
            status: 'stored',
            attempts: 1,
            last_error: null,
            created_at: now,
            updated_at: now,
            sent_at: now,
          })
          .execute();
        return id;
      },
      async makeDeadJob() {
        const id = newId();
        const now = t.clock.now().toISOString();
        await db
          .insertInto('jobs')
          .values({
            id,
            name: 'test.matrix-noop',
            payload: '{}',
            organization_id: orgId,
            status: 'dead',
            attempt: 5,
            max_attempts: 5,
            run_at: now,
            lease_until: null,
            locked_by: null,
            last_error: 'failed for the matrix',
            dedupe_key: null,
            created_at: now,
            updated_at: now,
          })
          .execute();
        return id;
      },
      async makeUser() {
        const user = await buildUser(db);
        return { id: user.id, email: user.email };
      },
      async makeInvitation() {
        const token = newSecretToken('ami');
        const id = newId();
        const now = t.clock.now();
        await db
          .insertInto('member_invitations')
          .values({
            id,
            organization_id: orgId,
            email: `inv-${id}@example.test`,
            role: 'recruiter',
            token_hash: hashToken(token),
            invited_by_user_id: null,
            created_at: now.toISOString(),
            expires_at: new Date(now.getTime() + 86_400_000).toISOString(),
            accepted_at: null,
            revoked_at: null,
          })
          .execute();
        return { id, token };
      },
    };
  }

  async function buildRequest(key: string, row: RouteRow, orgId: string) {
    const [method = 'GET', path = '/'] = key.split(' ');
    const built = row.request ? await row.request(context(orgId)) : {};
    const url = built.url ?? path.replaceAll(':orgId', orgId).replace(/:[A-Za-z]+/g, 'missing');
    return { method: method as 'GET', url, payload: SAFE.has(method) ? undefined : (built.payload ?? {}) };
  }

  async function browserFor(caller: Caller): Promise<Browser | null> {
    return caller === 'anonymous'
      ? null
      : t.sessionFor(own.users[caller].id, { reauth: true, organizationId: own.id });
  }

  function inject(
    request: { method: string; url: string; payload: unknown },
    browser: Browser | null,
    headers: Record<string, string> = {},
  ) {
    const base: Record<string, string> = {};
    if (browser) base.cookie = browser.cookie;
    if (!SAFE.has(request.method)) {
      base['content-type'] = 'application/json';
      if (browser) base['x-csrf-token'] = browser.csrf;
    }
    return t.app.inject({
      method: request.method as 'GET',
      url: request.url,
      headers: { ...base, ...headers },
      ...(request.payload !== undefined ? { payload: JSON.stringify(request.payload) } : {}),
    });
  }

  it('has a row for every registered route (add yours to authorization-matrix.routes.ts)', () => {
    const missing = routeKeys().filter((key) => !findRouteRow(key));
    expect(missing).toEqual([]);
    expect(Object.keys(ROUTE_TABLE).length).toBeGreaterThan(10);
  });

  it('answers every route × caller × organization as the table says', async () => {
    const mismatches: string[] = [];
    for (const key of routeKeys()) {
      const row = findRouteRow(key);
      if (!row) continue;
      const sides: ('own' | 'other')[] = row.rule.access === 'org' ? ['own', 'other'] : ['own'];
      for (const caller of CALLERS) {
        for (const side of sides) {
          const expected =
            row.rule.access === 'public'
              ? 'allowed'
              : caller === 'anonymous' || row.rule.access === 'bearer'
                ? 401
                : row.rule.access === 'authenticated'
                  ? 'allowed'
                  : side === 'other'
                    ? 404
                    : roleAtLeast(caller, row.rule.minRole)
                      ? 'allowed'
                      : 403;
          const request = await buildRequest(key, row, side === 'own' ? own.id : other.id);
          const res = await inject(request, await browserFor(caller));
          const ok =
            expected === 'allowed'
              ? ![401, 403, 404].includes(res.statusCode) && res.statusCode < 500
              : res.statusCode === expected;
          if (!ok)
            mismatches.push(
              `${key} as ${caller} (${side} org): expected ${expected}, got ${res.statusCode} ${res.body.slice(0, 120)}`,
            );
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('refuses every cookie-authenticated write without a valid CSRF token, as text/plain, from a foreign origin or cross-site', async () => {
    const failures: string[] = [];
    const writes = routeKeys().filter((k) => k.includes(' /api/') && !SAFE.has(k.split(' ')[0] ?? ''));
    expect(writes.length).toBeGreaterThan(10);
    const variants: { name: string; headers: (b: Browser) => Record<string, string> }[] = [
      { name: 'no token', headers: () => ({ 'x-csrf-token': '' }) },
      {
        name: 'wrong token',
        headers: (b) => ({ 'x-csrf-token': `${b.csrf.slice(0, -1)}${b.csrf.endsWith('0') ? '1' : '0'}` }),
      },
      { name: 'text/plain', headers: () => ({ 'content-type': 'text/plain' }) },
      { name: 'form', headers: () => ({ 'content-type': 'application/x-www-form-urlencoded' }) },
      { name: 'foreign Origin', headers: () => ({ origin: 'https://evil.example' }) },
      { name: 'cross-site', headers: () => ({ 'sec-fetch-site': 'cross-site' }) },
    ];
    for (const key of writes) {
      const row = findRouteRow(key);
      if (!row) continue;
      for (const variant of variants) {
        // Candidate routes ignore staff sessions (their own cookie, no CSRF token): only the
        // content-type, Origin and Sec-Fetch-Site checks apply to them.
        if (key.includes(' /api/candidate/') && variant.name.endsWith('token')) continue;
        const browser = await t.sessionFor(own.users.owner.id, { reauth: true, organizationId: own.id });
        const request = await buildRequest(key, row, own.id);
        const headers = variant.headers(browser);
        if (headers['x-csrf-token'] === '') delete headers['x-csrf-token'];
        const res = await t.app.inject({
          method: request.method,
          url: request.url,
          headers: {
            cookie: browser.cookie,
            'content-type': 'application/json',
            ...(variant.name === 'no token' ? {} : { 'x-csrf-token': browser.csrf }),
            ...headers,
          },
          payload: JSON.stringify(request.payload ?? {}),
        });
        const code = (res.json<{ error?: { code?: string } }>().error ?? {}).code;
        if (res.statusCode !== 403 || code !== 'auth.csrf_failed') {
          failures.push(`${key} with ${variant.name}: ${res.statusCode} ${code ?? ''}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('accepts the same-origin Origin header and Sec-Fetch-Site: same-origin', async () => {
    const browser = await t.sessionFor(own.users.owner.id, { organizationId: own.id });
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/orgs/${own.id}/settings`,
      headers: {
        cookie: browser.cookie,
        'content-type': 'application/json; charset=utf-8',
        'x-csrf-token': browser.csrf,
        origin: 'http://localhost:3000',
        'sec-fetch-site': 'same-origin',
      },
      payload: JSON.stringify({ name: 'Renamed' }),
    });
    expect(res.statusCode).toBe(200);
  });

  it('changes nothing on GET', async () => {
    const tables = [
      'organizations',
      'users',
      'memberships',
      'member_invitations',
      'password_reset_tokens',
      'login_attempts',
      'audit_events',
      'mails',
      'jobs',
    ] as const;
    const browser = await t.sessionFor(own.users.owner.id, { organizationId: own.id });
    const count = async () => {
      const out: Record<string, number> = {};
      for (const table of tables) {
        const row = await t.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string | number>().as('n'))
          .executeTakeFirstOrThrow();
        out[table] = Number(row.n);
      }
      return out;
    };
    const before = await count();
    for (const key of routeKeys().filter((k) => k.startsWith('GET '))) {
      const row = findRouteRow(key);
      if (!row) continue;
      await inject(await buildRequest(key, { rule: row.rule }, own.id), browser);
    }
    expect(await count()).toEqual(before);
  });
});
