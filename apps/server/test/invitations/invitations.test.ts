import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ActivitiesPage,
  BulkInviteResult,
  CandidateDetail,
  CandidateInvitationLanding,
  Invitation,
} from '@assay/contracts';
import { hashToken } from '../../src/platform/crypto/index.js';
import { testDialect } from '../support/test-db.js';
import { buildInvitationsApp, PUBLIC_URL, tokenFromMail, type InvitationsApp } from './invitations-app.js';

type Org = Awaited<ReturnType<InvitationsApp['organization']>>;

describe(`invitations (${testDialect})`, () => {
  let t: InvitationsApp;
  let org: Org;
  let test: { id: string; versionId: string; name: string };
  let n = 0;
  const email = () => `cand-${String(++n)}-${Date.now().toString(36)}@example.test`;

  beforeAll(async () => {
    t = await buildInvitationsApp();
    org = await t.organization();
    test = await t.publishedTest(org.id, { name: 'Backend basics' });
    await t.drain(); // the boot sweep
  });
  afterAll(async () => {
    await t.close();
  });

  async function invite(body: Record<string, unknown>) {
    const res = await t.send(org.as.recruiter, 'POST', `/api/orgs/${org.id}/invitations`, {
      testId: test.id,
      name: 'Ada Lovelace',
      email: email(),
      ...body,
    });
    return res;
  }

  async function invited(body: Record<string, unknown> = {}) {
    const res = await invite(body);
    expect(res.statusCode, res.body).toBe(201);
    const invitation = res.json<Invitation>();
    await t.drain();
    const mails = (await t.mailsTo(invitation.candidate.email)).filter(
      (m) => m.kind === 'invitations.invitation',
    );
    const last = mails.at(-1);
    if (!last) throw new Error('no invitation mail');
    return { invitation, token: tokenFromMail(last.text_body), mail: last };
  }

  const landing = (token: string) => t.send(null, 'POST', '/api/candidate/invitation', { token });
  const row = (id: string) =>
    t.db.selectFrom('invitations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const action = (id: string, verb: string, body: unknown = {}) =>
    t.send(org.as.recruiter, 'POST', `/api/orgs/${org.id}/invitations/${id}/${verb}`, body);

  it('invites: candidate upserted, invitation pinned to the published version, one branded mail with the link', async () => {
    const { invitation, mail, token } = await invited({
      extraTimeMinutes: 30,
      message: 'Looking forward to it!',
      expiresInDays: 5,
    });
    expect(invitation).toMatchObject({
      status: 'invited',
      score: null,
      test: { id: test.id, name: 'Backend basics', versionId: test.versionId },
      extraTimeMinutes: 30,
      timeLimitMinutes: 90,
      atsBadge: { status: 'none' },
    });
    expect(new Date(invitation.expiresAt).getTime() - t.clock.now().getTime()).toBe(5 * 86_400_000);
    expect(mail.subject).toContain('Backend basics');
    expect(mail.text_body).toContain(`Org ${org.id}`);
    expect(mail.text_body).toContain('120 minutes');
    expect(mail.text_body).toContain('30 minutes of extra time');
    expect(mail.text_body).toContain('Looking forward to it!');
    expect(mail.text_body).toContain(`${PUBLIC_URL}/take#token=`);
    expect(mail.text_body).toMatch(/expires on \d+ \w+ 2026/);
    expect(token.startsWith('ainv')).toBe(true);
    const stored = await row(invitation.id);
    expect(stored.sent_at).not.toBeNull();
    // Draining again (the job re-runs: at-least-once) sends nothing new.
    await t.drain();
    expect((await t.mailsTo(invitation.candidate.email)).length).toBe(1);
  });

  it('C1: the token has ≥128 bits, only its hash is stored, HEAD/GET of the page change nothing, no log has it', async () => {
    const { invitation, token } = await invited();
    // Prefix + 160 random bits in base64url (≥ 27 chars of entropy) + checksum.
    expect(token.length - 'ainv'.length).toBeGreaterThanOrEqual(Math.ceil(128 / 6));
    const stored = await row(invitation.id);
    expect(stored.token_hash).toBe(hashToken(token));
    const allRows = JSON.stringify(await t.db.selectFrom('invitations').selectAll().execute());
    expect(allRows).not.toContain(token);
    expect(JSON.stringify(await t.db.selectFrom('jobs').selectAll().execute())).not.toContain(token);

    for (const method of ['HEAD', 'GET'] as const) {
      const res = await t.app.inject({ method, url: '/take' });
      expect(res.statusCode).toBeLessThan(500);
      expect(res.headers['referrer-policy']).toBe('no-referrer');
    }
    const after = await row(invitation.id);
    expect(after.status).toBe('invited');
    expect(after.opened_at).toBeNull();

    const opened = await landing(token);
    expect(opened.statusCode).toBe(200);
    expect(opened.headers['referrer-policy']).toBe('no-referrer');
    expect(t.logs.length).toBeGreaterThan(0);
    expect(t.logs.join('\n')).not.toContain(token);
  });

  it('the landing POST opens the invitation once and returns branding, test and time', async () => {
    const { invitation, token } = await invited({ extraTimeMinutes: 15 });
    const first = await landing(token);
    expect(first.statusCode).toBe(200);
    expect(first.json<CandidateInvitationLanding>()).toMatchObject({
      organization: { name: `Org ${org.id}` },
      candidateName: 'Ada Lovelace',
      test: { name: 'Backend basics', kind: 'problems', languages: ['python3', 'go'] },
      instructions: 'Use the standard library only.',
      timeLimitMinutes: 105,
      extraTimeMinutes: 15,
      status: 'opened',
      canStart: true,
      message: null,
    });
    const openedAt = (await row(invitation.id)).opened_at;
    expect(openedAt).not.toBeNull();
    t.clock.advance(60_000);
    expect((await landing(token)).json<CandidateInvitationLanding>().status).toBe('opened');
    expect((await row(invitation.id)).opened_at).toBe(openedAt);
    const unknown = await landing('ainv-not-a-real-token');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json<{ error: { code: string } }>().error.code).toBe('invitations.not_found');
  });

  it('warns about a duplicate invitation and invites after confirmation', async () => {
    const address = email();
    expect((await invite({ email: address })).statusCode).toBe(201);
    const dup = await invite({ email: address.toUpperCase() });
    expect(dup.statusCode).toBe(409);
    const error = dup.json<{ error: { code: string; message: string; details: { invitationId: string } } }>()
      .error;
    expect(error.code).toBe('invitations.duplicate');
    expect(error.message).toContain('already has an invitation');
    const confirmed = await invite({ email: address, confirmDuplicate: true });
    expect(confirmed.statusCode).toBe(201);
    // One candidate record per email (case-insensitive).
    const candidates = await t.db
      .selectFrom('candidates')
      .select('id')
      .where('organization_id', '=', org.id)
      .where('email', 'in', [address, address.toUpperCase()])
      .execute();
    expect(candidates).toHaveLength(1);
  });

  it('refuses invalid emails, unknown, unpublished and archived tests with clear errors', async () => {
    const bad = await invite({ email: 'not-an-email' });
    expect(bad.statusCode).toBe(400);
    const unknown = await invite({ testId: 'missing-test' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json<{ error: { code: string } }>().error.code).toBe('tests.not_found');
    const draft = await t.publishedTest(org.id, { published: false });
    const unpublished = await invite({ testId: draft.id });
    expect(unpublished.statusCode).toBe(409);
    expect(unpublished.json<{ error: { code: string } }>().error.code).toBe('tests.not_published');
    const old = await t.publishedTest(org.id, { archived: true });
    const archived = await invite({ testId: old.id });
    expect(archived.statusCode).toBe(409);
    expect(archived.json<{ error: { code: string } }>().error.code).toBe('tests.archived');
    const otherOrg = await t.organization();
    const foreign = await t.publishedTest(otherOrg.id);
    expect((await invite({ testId: foreign.id })).statusCode).toBe(404);
    const ats = await invite({ atsUrl: 'https://ats.example.test/candidates/1' });
    expect(ats.statusCode).toBe(400);
    expect(ats.json<{ error: { code: string; message: string } }>().error).toMatchObject({
      code: 'candidates.ats_url_unrecognized',
      message: expect.stringContaining(
        'Greenhouse (e.g. https://app.greenhouse.io/people/12345?application_id=67890)',
      ) as string,
    });
  });

  it('resend issues a new link and kills the old one', async () => {
    const { invitation, token: oldToken } = await invited();
    const res = await action(invitation.id, 'resend');
    expect(res.statusCode).toBe(200);
    expect((await landing(oldToken)).statusCode).toBe(404);
    await t.drain();
    const mails = (await t.mailsTo(invitation.candidate.email)).filter(
      (m) => m.kind === 'invitations.invitation',
    );
    expect(mails).toHaveLength(2);
    const tokens = mails.map((m) => tokenFromMail(m.text_body));
    const newToken = tokens.find((tk) => tk !== oldToken);
    if (!newToken) throw new Error('no new token');
    expect((await landing(newToken)).statusCode).toBe(200);
    expect((await landing(oldToken)).statusCode).toBe(404);
  });

  it('cancel kills the link; re-invite makes a new invitation; actions refuse the wrong state', async () => {
    const { invitation, token } = await invited();
    const cancelled = await action(invitation.id, 'cancel');
    expect(cancelled.json<Invitation>()).toMatchObject({ status: 'cancelled' });
    expect(cancelled.json<Invitation>().cancelledAt).not.toBeNull();
    expect((await landing(token)).statusCode).toBe(404);
    const again = await action(invitation.id, 'cancel');
    expect(again.statusCode).toBe(409);
    expect(again.json<{ error: { code: string } }>().error.code).toBe('invitations.invalid_state');
    expect((await action(invitation.id, 'resend')).statusCode).toBe(409);
    const reinvited = await action(invitation.id, 'reinvite', { expiresInDays: 3 });
    expect(reinvited.statusCode).toBe(201);
    const fresh = reinvited.json<Invitation>();
    expect(fresh.id).not.toBe(invitation.id);
    expect(fresh).toMatchObject({ status: 'invited', candidate: { id: invitation.candidate.id } });
    expect((await action(fresh.id, 'reinvite')).statusCode).toBe(409);
  });

  it('extends time before the attempt and extends validity (recorded in the audit log)', async () => {
    const { invitation } = await invited({ extraTimeMinutes: 10 });
    const extended = await action(invitation.id, 'extend-time', { minutes: 20 });
    expect(extended.json<Invitation>().extraTimeMinutes).toBe(30);
    const before = new Date(invitation.expiresAt).getTime();
    const valid = await action(invitation.id, 'extend-validity', { days: 2 });
    expect(new Date(valid.json<Invitation>().expiresAt).getTime()).toBe(before + 2 * 86_400_000);
    const events = await t.db
      .selectFrom('audit_events')
      .select(['action', 'actor_user_id'])
      .where('subject_id', '=', invitation.id)
      .execute();
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'invitations.created',
        'invitations.sent',
        'invitations.time_extended',
        'invitations.validity_extended',
      ]),
    );
    expect(events.find((e) => e.action === 'invitations.time_extended')?.actor_user_id).toBe(
      org.users.recruiter.id,
    );
  });

  it('the sweep reminds once 24 h before expiry, then expires; extending validity revives it', async () => {
    const { invitation, token } = await invited({ expiresInDays: 2 });
    const expiresAt = new Date(invitation.expiresAt).getTime();
    t.clock.set(new Date(expiresAt - 23 * 3_600_000));
    await t.drain();
    t.clock.advance(10 * 60_000);
    await t.drain();
    const reminders = () =>
      t.mailsTo(invitation.candidate.email).then((ms) => ms.filter((m) => m.kind === 'invitations.reminder'));
    expect(await reminders()).toHaveLength(1);
    expect((await reminders())[0]?.text_body).toContain('expires on');
    expect((await row(invitation.id)).status).toBe('invited');
    t.clock.set(new Date(expiresAt + 60_000));
    await t.drain();
    expect((await row(invitation.id)).status).toBe('expired');
    expect(await reminders()).toHaveLength(1);
    const landed = (await landing(token)).json<CandidateInvitationLanding>();
    expect(landed).toMatchObject({ status: 'expired', canStart: false });
    expect(landed.message).toContain('expired');
    // Days passed: the members' sessions went idle; sign them in again.
    for (const role of ['owner', 'admin', 'recruiter', 'reviewer'] as const) {
      org.as[role] = await t.sessionFor(org.users[role].id, org.id);
    }
    const revived = await action(invitation.id, 'extend-validity', { days: 3 });
    expect(revived.json<Invitation>().status).toBe('invited');
    expect((await landing(token)).json<CandidateInvitationLanding>().status).toBe('opened');
  });

  it('CSV bulk invite: good rows invited, bad rows and duplicates reported with line numbers', async () => {
    const a = email();
    const b = email();
    const csv = [
      'Name,Email,ATS_URL',
      `Grace Hopper,${a},`,
      'No Email,not-an-email,',
      '',
      `,${email()},`,
      `Linus,${b},,extra`,
      `Grace Again,${a},`,
      `"=HYPERLINK(""http://evil"")",${b},`,
    ].join('\n');
    const res = await t.send(org.as.recruiter, 'POST', `/api/orgs/${org.id}/invitations/bulk`, {
      testId: test.id,
      csv,
    });
    expect(res.statusCode, res.body).toBe(200);
    const result = res.json<BulkInviteResult>();
    expect(result.rows.map((r) => [r.line, r.status])).toEqual([
      [2, 'invited'],
      [3, 'error'],
      [5, 'error'],
      [6, 'error'],
      [7, 'duplicate'],
      [8, 'invited'],
    ]);
    expect(result.rows[1]?.message).toContain('not a valid email');
    expect(result.rows[2]?.message).toContain('name is missing');
    expect(result).toMatchObject({ invited: 2, duplicates: 1, errors: 3 });
    const noHeader = await t.send(org.as.recruiter, 'POST', `/api/orgs/${org.id}/invitations/bulk`, {
      testId: test.id,
      csv: 'a@example.test\n',
    });
    expect(noHeader.statusCode).toBe(400);
    expect(noHeader.json<{ error: { code: string } }>().error.code).toBe('invitations.invalid_csv');
  });

  it('Activities: filter, search, sort, paginate and export injection-safe CSV', async () => {
    const other = await t.publishedTest(org.id, { name: 'Frontend' });
    const name = `Zed ${Date.now().toString(36)}`;
    const res = await t.send(org.as.admin, 'POST', `/api/orgs/${org.id}/invitations`, {
      testId: other.id,
      name: `=cmd|' /C calc'!A0 ${name}`,
      email: email(),
    });
    expect(res.statusCode).toBe(201);
    const url = (q: string) => `/api/orgs/${org.id}/activities?${q}`;
    const byTest = (await t.send(org.as.reviewer, 'GET', url(`testId=${other.id}`))).json<ActivitiesPage>();
    expect(byTest.total).toBe(1);
    expect(byTest.items[0]?.test.name).toBe('Frontend');
    const search = (
      await t.send(org.as.reviewer, 'GET', url(`q=${encodeURIComponent(name.toLowerCase())}`))
    ).json<ActivitiesPage>();
    expect(search.items.map((i) => i.test.id)).toEqual([other.id]);
    const cancelledOnly = (
      await t.send(org.as.reviewer, 'GET', url('status=cancelled'))
    ).json<ActivitiesPage>();
    expect(cancelledOnly.items.every((i) => i.status === 'cancelled')).toBe(true);
    expect(cancelledOnly.total).toBeGreaterThan(0);
    const multi = (
      await t.send(org.as.reviewer, 'GET', url('status=cancelled,expired&status=invited'))
    ).json<ActivitiesPage>();
    expect(multi.total).toBeGreaterThan(cancelledOnly.total);
    const page1 = (
      await t.send(org.as.reviewer, 'GET', url('sort=name&order=asc&pageSize=2'))
    ).json<ActivitiesPage>();
    const page2 = (
      await t.send(org.as.reviewer, 'GET', url('sort=name&order=asc&pageSize=2&page=2'))
    ).json<ActivitiesPage>();
    expect(page1.items).toHaveLength(2);
    expect(page1.total).toBe(page2.total);
    const names = [...page1.items, ...page2.items].map((i) => i.candidate.name);
    expect(names).toEqual([...names].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
    const future = (
      await t.send(org.as.reviewer, 'GET', url(`from=${encodeURIComponent('2099-01-01T00:00:00Z')}`))
    ).json<ActivitiesPage>();
    expect(future.total).toBe(0);
    const csv = await t.send(org.as.reviewer, 'GET', `/api/orgs/${org.id}/activities.csv?testId=${other.id}`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`"'=cmd|' /C calc'!A0 ${name}"`);
    expect(lines[1]).toContain('"Frontend"');
  });

  it('the candidate page lists every invitation; candidates can be retagged and listed', async () => {
    const { invitation } = await invited();
    const detail = await t.send(
      org.as.reviewer,
      'GET',
      `/api/orgs/${org.id}/candidates/${invitation.candidate.id}`,
    );
    expect(detail.statusCode).toBe(200);
    const body = detail.json<CandidateDetail>();
    expect(body.candidate.atsLink).toEqual({ url: null, status: 'none' });
    expect(body.invitations.map((i) => i.id)).toEqual([invitation.id]);
    const patched = await t.send(
      org.as.recruiter,
      'PATCH',
      `/api/orgs/${org.id}/candidates/${invitation.candidate.id}`,
      {
        tags: ['senior', 'Senior', 'go'],
      },
    );
    expect(patched.json<{ tags: string[] }>().tags).toEqual(['senior', 'go']);
    const list = await t.send(org.as.reviewer, 'GET', `/api/orgs/${org.id}/candidates?tag=go`);
    expect(list.json<{ items: { id: string }[] }>().items.map((c) => c.id)).toEqual([
      invitation.candidate.id,
    ]);
    const link = await t.send(
      org.as.recruiter,
      'POST',
      `/api/orgs/${org.id}/candidates/${invitation.candidate.id}/ats-link`,
      {
        url: 'https://ats.example.test/people/42',
      },
    );
    expect(link.statusCode).toBe(400);
    expect(link.json<{ error: { code: string } }>().error.code).toBe('candidates.ats_url_unrecognized');
    // A Greenhouse profile URL is recognized: linking…, then linked once the adapter confirms.
    const greenhouse = await t.send(
      org.as.recruiter,
      'POST',
      `/api/orgs/${org.id}/candidates/${invitation.candidate.id}/ats-link`,
      { url: 'https://app.greenhouse.io/people/42?application_id=7' },
    );
    expect(greenhouse.statusCode).toBe(200);
    expect(greenhouse.json<{ atsLink: { status: string } }>().atsLink.status).toBe('linking');
    await t.drain();
    const linked = await t.send(
      org.as.reviewer,
      'GET',
      `/api/orgs/${org.id}/candidates/${invitation.candidate.id}`,
    );
    expect(linked.json<{ candidate: { atsLink: unknown } }>().candidate.atsLink).toMatchObject({
      status: 'linked',
      provider: 'greenhouse',
      profileUrl: 'https://app.greenhouse.io/people/42?application_id=7',
    });
  });
});
