import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberInvitationPreview, SessionResponse } from '@assay/contracts';
import { buildTestApp, type TestApp } from '../support/test-app.js';
import { testDialect } from '../support/test-db.js';
import {
  IDENTITY_TEST_ENV,
  browserFrom,
  buildOrganization,
  buildUser,
  login,
  send,
} from './identity-fixtures.js';

/** The one-time token in the newest mail to `to` (tests read the stored `mails` table). */
async function tokenFromMail(t: TestApp, to: string): Promise<string> {
  const mail = await t.database.db
    .selectFrom('mails')
    .select(['text_body'])
    .where('to_address', '=', to)
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  const match = /#token=([^\s]+)/.exec(mail.text_body);
  if (!match?.[1]) throw new Error('no token in mail');
  return decodeURIComponent(match[1]);
}

describe(`password reset, invitations, roles (A9) (${testDialect})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(IDENTITY_TEST_ENV);
  });
  afterAll(async () => {
    await t.close();
  });

  it('resets a password by mail: same answer for unknown emails, single use, 1 h, other sessions end', async () => {
    const org = await buildOrganization(t.database.db, ['recruiter']);
    const email = org.users.recruiter.email;
    const session = await login(t.app, email);
    const unknown = await send(t.app, null, 'POST', '/api/password-reset/request', {
      email: `x-${org.id}@example.test`,
    });
    const known = await send(t.app, null, 'POST', '/api/password-reset/request', { email });
    expect(unknown.statusCode).toBe(202);
    expect(known.statusCode).toBe(202);
    expect(known.body).toBe(unknown.body);
    const token = await tokenFromMail(t, email);
    const stored = await t.database.db.selectFrom('password_reset_tokens').select('token_hash').execute();
    expect(stored.map((r) => r.token_hash)).not.toContain(token);

    const ok = await send(t.app, null, 'POST', '/api/password-reset/confirm', {
      token,
      password: 'a fresh passphrase',
    });
    expect(ok.statusCode).toBe(204);
    const again = await send(t.app, null, 'POST', '/api/password-reset/confirm', {
      token,
      password: 'another passphrase',
    });
    expect(again.json()).toMatchObject({ error: { code: 'identity.reset_token_invalid' } });
    expect((await send(t.app, session, 'GET', '/api/session')).json<SessionResponse>().user).toBeNull();
    await login(t.app, email, 'a fresh passphrase');

    await send(t.app, null, 'POST', '/api/password-reset/request', { email });
    const late = await tokenFromMail(t, email);
    t.clock.advance(61 * 60 * 1000);
    const expired = await send(t.app, null, 'POST', '/api/password-reset/confirm', {
      token: late,
      password: 'late passphrase',
    });
    expect(expired.statusCode).toBe(400);
  });

  it('invites a new teammate who sets name and password, and an existing user who logs in to join', async () => {
    const org = await buildOrganization(t.database.db, ['owner', 'admin']);
    const admin = await login(t.app, org.users.admin.email);
    const email = `new-${org.id}@example.test`;
    const invite = await send(t.app, admin, 'POST', `/api/orgs/${org.id}/member-invitations`, {
      email,
      role: 'recruiter',
    });
    expect(invite.statusCode).toBe(201);
    const token = await tokenFromMail(t, email);
    const preview = await send(t.app, null, 'POST', '/api/member-invitations/lookup', { token });
    expect(preview.json<MemberInvitationPreview>()).toMatchObject({
      email,
      role: 'recruiter',
      existingUser: false,
    });
    const missing = await send(t.app, null, 'POST', '/api/member-invitations/accept', { token });
    expect(missing.statusCode).toBe(400);
    const accepted = await send(t.app, null, 'POST', '/api/member-invitations/accept', {
      token,
      name: 'Nina New',
      password: 'nina passphrase',
    });
    expect(accepted.statusCode).toBe(200);
    const session = accepted.json<SessionResponse>();
    expect(session.memberships).toEqual([
      expect.objectContaining({ organizationId: org.id, role: 'recruiter' }),
    ]);
    expect(browserFrom(accepted.headers['set-cookie'], session).csrf).toBeTruthy();
    const reused = await send(t.app, null, 'POST', '/api/member-invitations/accept', {
      token,
      name: 'X',
      password: 'nina passphrase',
    });
    expect(reused.statusCode).toBe(404);

    // An existing user of another organization.
    const outsider = await buildUser(t.database.db);
    await send(t.app, admin, 'POST', `/api/orgs/${org.id}/member-invitations`, {
      email: outsider.email,
      role: 'reviewer',
    });
    const token2 = await tokenFromMail(t, outsider.email);
    const wrong = await send(t.app, null, 'POST', '/api/member-invitations/accept', {
      token: token2,
      password: 'wrong one',
    });
    expect(wrong.statusCode).toBe(401);
    const joined = await send(t.app, null, 'POST', '/api/member-invitations/accept', {
      token: token2,
      password: outsider.password,
    });
    expect(joined.json<SessionResponse>().memberships).toEqual([
      expect.objectContaining({ organizationId: org.id, role: 'reviewer' }),
    ]);
    // An admin cannot invite an owner.
    const ownerInvite = await send(t.app, admin, 'POST', `/api/orgs/${org.id}/member-invitations`, {
      email: `o-${org.id}@example.test`,
      role: 'owner',
    });
    expect(ownerInvite.statusCode).toBe(403);
  });

  it('keeps the last owner and guards the owner role (A9)', async () => {
    const org = await buildOrganization(t.database.db, ['owner', 'admin', 'recruiter']);
    let owner = await login(t.app, org.users.owner.email);
    const admin = await login(t.app, org.users.admin.email);
    const members = `/api/orgs/${org.id}/members`;

    // Admin: manages non-owners, cannot grant owner or touch owners.
    expect(
      (await send(t.app, admin, 'PATCH', `${members}/${org.users.recruiter.id}`, { role: 'reviewer' }))
        .statusCode,
    ).toBe(200);
    expect(
      (await send(t.app, admin, 'PATCH', `${members}/${org.users.recruiter.id}`, { role: 'owner' }))
        .statusCode,
    ).toBe(403);
    expect(
      (await send(t.app, admin, 'PATCH', `${members}/${org.users.owner.id}`, { role: 'admin' })).statusCode,
    ).toBe(403);
    expect((await send(t.app, admin, 'DELETE', `${members}/${org.users.owner.id}`)).statusCode).toBe(403);
    // Unknown body fields (e.g. a role smuggled into settings) are refused.
    expect(
      (await send(t.app, owner, 'PATCH', `/api/orgs/${org.id}/settings`, { role: 'owner' })).statusCode,
    ).toBe(400);

    // Owner changes to/from owner need re-auth.
    const noReauth = await send(t.app, owner, 'PATCH', `${members}/${org.users.admin.id}`, { role: 'owner' });
    expect(noReauth.json()).toMatchObject({ error: { code: 'auth.reauth_required' } });
    const reauth = await send(t.app, owner, 'POST', '/api/session/reauth', {
      password: org.users.owner.password,
    });
    owner = browserFrom(reauth.headers['set-cookie'], reauth.json<SessionResponse>());
    // The last owner cannot demote or remove themself.
    const demoteSelf = await send(t.app, owner, 'PATCH', `${members}/${org.users.owner.id}`, {
      role: 'admin',
    });
    expect(demoteSelf.json()).toMatchObject({ error: { code: 'organizations.last_owner' } });
    expect((await send(t.app, owner, 'DELETE', `${members}/${org.users.owner.id}`)).statusCode).toBe(409);
    // With a second owner it works.
    expect(
      (await send(t.app, owner, 'PATCH', `${members}/${org.users.admin.id}`, { role: 'owner' })).statusCode,
    ).toBe(200);
    expect(
      (await send(t.app, owner, 'PATCH', `${members}/${org.users.owner.id}`, { role: 'admin' })).statusCode,
    ).toBe(200);
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('organization_id', '=', org.id)
      .execute();
    expect(audit.map((a) => a.action)).toContain('members.role_changed');
  });
});
