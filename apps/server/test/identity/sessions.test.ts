import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReauthResponse, SessionResponse } from '@assay/contracts';
import { buildTestApp, type TestApp } from '../support/test-app.js';
import { testDialect } from '../support/test-db.js';
import { hashToken } from '../../src/platform/crypto/index.js';
import {
  IDENTITY_TEST_ENV,
  buildOrganization,
  cookiesFrom,
  login,
  send,
  type Browser,
} from './identity-fixtures.js';

describe(`sessions, logout, re-auth (A4, A7) (${testDialect})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(IDENTITY_TEST_ENV);
  });
  afterAll(async () => {
    await t.close();
  });

  it('sets an HttpOnly SameSite=Lax cookie with ≥128 random bits and stores only its hash', async () => {
    const org = await buildOrganization(t.database.db, ['owner']);
    const browser = await login(t.app, org.users.owner.email);
    const setCookie = browser.setCookies.find((c) => c.startsWith('assay_session='));
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Secure/);
    const value = browser.cookie.split('=')[1] ?? '';
    expect(Buffer.from(value, 'base64url').length).toBeGreaterThanOrEqual(16);
    const rows = await t.database.db
      .selectFrom('sessions')
      .select('id')
      .where('user_id', '=', org.users.owner.id)
      .execute();
    expect(rows.map((r) => r.id)).toContain(hashToken(value));
    expect(rows.map((r) => r.id)).not.toContain(value);
    expect(browser.session.currentOrganizationId).toBe(org.id);
  });

  it('uses __Host- and Secure in production', async () => {
    const prod = await buildTestApp({
      ...IDENTITY_TEST_ENV,
      NODE_ENV: 'production',
      PUBLIC_URL: 'https://assay.example',
      ASSAY_SECRET_KEY: Buffer.alloc(32, 7).toString('base64'),
    });
    try {
      const org = await buildOrganization(prod.database.db, ['owner']);
      const res = await prod.app.inject({
        method: 'POST',
        url: '/api/session/login',
        headers: { 'content-type': 'application/json' },
        payload: { email: org.users.owner.email, password: org.users.owner.password },
      });
      expect(res.statusCode).toBe(200);
      const setCookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
      const session = setCookies.find((c) => c.startsWith('__Host-assay_session='));
      expect(session).toMatch(/; Secure/);
      expect(session).toMatch(/Path=\//);
      expect(session).not.toMatch(/Domain=/);
    } finally {
      await prod.close();
    }
  });

  it('rotates the session id at login and ends the old one', async () => {
    const org = await buildOrganization(t.database.db, ['admin']);
    const first = await login(t.app, org.users.admin.email);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/session/login',
      headers: { 'content-type': 'application/json', cookie: first.cookie, 'x-csrf-token': first.csrf },
      payload: { email: org.users.admin.email, password: org.users.admin.password },
    });
    expect(res.statusCode).toBe(200);
    expect(cookiesFrom(res.headers['set-cookie']).assay_session).not.toBe(first.cookie.split('=')[1]);
    const old = await send(t.app, first, 'GET', '/api/session');
    expect(old.json<SessionResponse>().user).toBeNull();
  });

  it('logout ends the session', async () => {
    const org = await buildOrganization(t.database.db, ['recruiter']);
    const browser = await login(t.app, org.users.recruiter.email);
    const res = await send(t.app, browser, 'POST', '/api/session/logout');
    expect(res.statusCode).toBe(204);
    expect(cookiesFrom(res.headers['set-cookie']).assay_session).toBe('');
    const after = await send(t.app, browser, 'GET', `/api/orgs/${org.id}/members`);
    expect(after.statusCode).toBe(401);
  });

  it('idle and absolute timeouts end sessions', async () => {
    const org = await buildOrganization(t.database.db, ['owner']);
    const idle = await login(t.app, org.users.owner.email);
    t.clock.advance(25 * 60 * 60 * 1000); // > 24 h idle
    expect((await send(t.app, idle, 'GET', `/api/orgs/${org.id}/members`)).statusCode).toBe(401);

    const active = await login(t.app, org.users.owner.email);
    for (let day = 0; day < 8; day++) {
      t.clock.advance(23 * 60 * 60 * 1000); // never idle for 24 h…
      const res = await send(t.app, active, 'GET', `/api/orgs/${org.id}/members`);
      expect(res.statusCode).toBe(day < 7 ? 200 : 401); // …but 7 days (168 h) after login it ends
    }
  });

  it('disabling a user and removing their last membership kill their sessions', async () => {
    const org = await buildOrganization(t.database.db, ['owner', 'reviewer', 'recruiter']);
    const reviewer = await login(t.app, org.users.reviewer.email);
    await t.database.db
      .updateTable('users')
      .set({ disabled_at: t.clock.now().toISOString() })
      .where('id', '=', org.users.reviewer.id)
      .execute();
    expect((await send(t.app, reviewer, 'GET', `/api/orgs/${org.id}/members`)).statusCode).toBe(401);

    const owner = await login(t.app, org.users.owner.email);
    const recruiter = await login(t.app, org.users.recruiter.email);
    const removed = await send(
      t.app,
      owner,
      'DELETE',
      `/api/orgs/${org.id}/members/${org.users.recruiter.id}`,
    );
    expect(removed.statusCode).toBe(204);
    const left = await t.database.db
      .selectFrom('sessions')
      .select('id')
      .where('user_id', '=', org.users.recruiter.id)
      .execute();
    expect(left).toHaveLength(0);
    expect((await send(t.app, recruiter, 'GET', '/api/session')).json<SessionResponse>().user).toBeNull();
  });

  it('re-auth opens a 10-minute window, rotates the session and is throttled (A7)', async () => {
    const org = await buildOrganization(t.database.db, ['owner']);
    let browser: Browser = await login(t.app, org.users.owner.email);
    const change = () =>
      send(t.app, browser, 'POST', '/api/account/email', { email: `new-${org.id}@example.test` });
    expect((await change()).json()).toMatchObject({ error: { code: 'auth.reauth_required' } });

    const wrong = await send(t.app, browser, 'POST', '/api/session/reauth', { password: 'not the password' });
    expect(wrong.statusCode).toBe(400);
    const res = await send(t.app, browser, 'POST', '/api/session/reauth', {
      password: org.users.owner.password,
    });
    expect(res.statusCode).toBe(200);
    const body = res.json<ReauthResponse>();
    const oldBrowser = browser;
    browser = {
      ...browser,
      cookie: `assay_session=${cookiesFrom(res.headers['set-cookie']).assay_session}`,
      csrf: body.csrfToken ?? '',
    };
    expect(browser.cookie).not.toBe(oldBrowser.cookie);
    expect((await send(t.app, oldBrowser, 'GET', '/api/session')).json<SessionResponse>().user).toBeNull();
    expect(new Date(body.reauthValidUntil).getTime() - t.clock.now().getTime()).toBe(10 * 60 * 1000);

    t.clock.advance(9 * 60 * 1000);
    expect((await change()).statusCode).toBe(200);
    t.clock.advance(2 * 60 * 1000);
    expect((await change()).json()).toMatchObject({ error: { code: 'auth.reauth_required' } });

    // Throttled: after 10 failures within the hour even the right password is not evaluated.
    for (let i = 0; i < 10; i++) {
      await send(t.app, browser, 'POST', '/api/session/reauth', { password: `wrong ${i}` });
    }
    const throttled = await send(t.app, browser, 'POST', '/api/session/reauth', {
      password: org.users.owner.password,
    });
    expect(throttled.statusCode).toBe(429);
    t.clock.advance(61 * 60 * 1000);
    // Not a lockout: an hour later it works again (idle timeout not reached).
    expect(
      (await send(t.app, browser, 'POST', '/api/session/reauth', { password: org.users.owner.password }))
        .statusCode,
    ).toBe(200);
  });

  it('switches the current organization only to one the user belongs to', async () => {
    const a = await buildOrganization(t.database.db, ['owner']);
    const b = await buildOrganization(t.database.db, ['reviewer']);
    await t.database.db
      .insertInto('memberships')
      .values({
        id: `m-${a.id}`,
        organization_id: b.id,
        user_id: a.users.owner.id,
        role: 'reviewer',
        created_at: new Date().toISOString(),
      })
      .execute();
    const browser = await login(t.app, a.users.owner.email);
    const res = await send(t.app, browser, 'POST', '/api/session/switch-organization', {
      organizationId: b.id,
    });
    expect(res.json<SessionResponse>().currentOrganizationId).toBe(b.id);
    expect(
      (await send(t.app, browser, 'GET', '/api/session')).json<SessionResponse>().currentOrganizationId,
    ).toBe(b.id);
    const other = await buildOrganization(t.database.db, ['owner']);
    const denied = await send(t.app, browser, 'POST', '/api/session/switch-organization', {
      organizationId: other.id,
    });
    expect(denied.statusCode).toBe(404);
  });
});
