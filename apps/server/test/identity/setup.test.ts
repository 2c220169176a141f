import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionResponse } from '@assay/contracts';
import { buildTestApp, type TestApp } from '../support/test-app.js';
import { testDialect } from '../support/test-db.js';
import { IDENTITY_TEST_ENV, browserFrom, login, send } from './identity-fixtures.js';

describe(`first-run setup (${testDialect})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(IDENTITY_TEST_ENV);
  });
  afterAll(async () => {
    await t.close();
  });

  it('reports setupRequired until setup, then creates the organization and its owner and logs in', async () => {
    const before = await send(t.app, null, 'GET', '/api/session');
    expect(before.json()).toEqual({
      user: null,
      memberships: [],
      currentOrganizationId: null,
      csrfToken: null,
      setupRequired: true,
    });

    const res = await send(t.app, null, 'POST', '/api/setup', {
      organizationName: 'Acme Hiring',
      name: 'Ada Owner',
      email: 'Ada@Example.test',
      password: 'a sturdy passphrase',
    });
    expect(res.statusCode).toBe(201);
    const session = res.json<SessionResponse>();
    expect(session.user).toMatchObject({ email: 'ada@example.test', name: 'Ada Owner' });
    expect(session.memberships).toEqual([
      expect.objectContaining({
        organizationName: 'Acme Hiring',
        organizationSlug: 'acme-hiring',
        role: 'owner',
      }),
    ]);
    expect(session.setupRequired).toBe(false);
    const browser = browserFrom(res.headers['set-cookie'], session);
    const me = await send(t.app, browser, 'GET', '/api/session');
    expect(me.json<SessionResponse>().user?.email).toBe('ada@example.test');

    const audit = await t.database.db.selectFrom('audit_events').select('action').execute();
    expect(audit.map((a) => a.action)).toContain('organizations.setup');

    // Logging in with the chosen password works.
    await login(t.app, 'ada@example.test', 'a sturdy passphrase');
  });

  it('refuses a second setup with 409', async () => {
    const res = await send(t.app, null, 'POST', '/api/setup', {
      organizationName: 'Other',
      name: 'Eve',
      email: 'eve@example.test',
      password: 'another passphrase',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ error: { code: 'organizations.setup_done' } });
  });
});

describe(`concurrent setup (${testDialect})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(IDENTITY_TEST_ENV);
  });
  afterAll(async () => {
    await t.close();
  });

  it('lets exactly one of several simultaneous setups win', async () => {
    const results = await Promise.all(
      [1, 2, 3].map((n) =>
        send(t.app, null, 'POST', '/api/setup', {
          organizationName: `Org ${n}`,
          name: `Owner ${n}`,
          email: `owner${n}@example.test`,
          password: 'a sturdy passphrase',
        }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
    const orgs = await t.database.db.selectFrom('organizations').select('id').execute();
    expect(orgs).toHaveLength(1);
  });
});
