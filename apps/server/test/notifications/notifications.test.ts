import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationPreferences } from '@assay/contracts';
import { testDialect } from '../support/test-db.js';
import { addMembership, buildUser } from '../identity/identity-fixtures.js';
import { buildApiTestApp, PUBLIC_URL, type ApiTestApp } from '../public-api/api-harness.js';

type Org = Awaited<ReturnType<ApiTestApp['organization']>>;

const SUBMITTED = 'notifications.candidate-submitted';
const GRADED = 'notifications.grading-finished';
const FAILED = 'notifications.grading-failed';

describe(`recruiter notifications (${testDialect})`, () => {
  let t: ApiTestApp;
  let org: Org;
  let other: Org;
  let testId: string;
  let n = 0;

  beforeAll(async () => {
    t = await buildApiTestApp();
    org = await t.organization();
    other = await t.organization();
    testId = (await t.publishedTest(org.id, { name: 'Algorithms' })).id;
  });
  afterAll(async () => {
    await t.close();
  });

  const prefsUrl = (orgId: string) => `/api/orgs/${orgId}/notification-preferences`;

  /** A started invitation sent by `userId` (null: an ATS integration). */
  async function startedInvitation(userId: string | null) {
    const inv = await t.stages.inviteCandidate({ userId, role: 'recruiter' }, org.id, {
      testId,
      name: `Candidate ${String(++n)}`,
      email: `cand${String(n)}@example.test`,
    });
    await t.stages.markStarted(inv.id);
    return inv;
  }

  async function noticesOf(invitationId: string) {
    return t.db
      .selectFrom('mails')
      .select(['to_address', 'kind', 'subject', 'text_body'])
      .where('kind', 'like', 'notifications.%')
      .where('text_body', 'like', `%/reports/${invitationId}%`)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  describe('preferences', () => {
    it('default to on; a reviewer reads and replaces their own', async () => {
      const get = await t.send(org.as.reviewer, 'GET', prefsUrl(org.id));
      expect(get.statusCode, get.body).toBe(200);
      expect(get.json<NotificationPreferences>()).toEqual({
        candidateSubmitted: true,
        gradingFinished: true,
      });

      const put = await t.send(org.as.reviewer, 'PUT', prefsUrl(org.id), {
        candidateSubmitted: false,
        gradingFinished: true,
      });
      expect(put.statusCode, put.body).toBe(200);
      expect(put.json<NotificationPreferences>()).toEqual({
        candidateSubmitted: false,
        gradingFinished: true,
      });
      const again = await t.send(org.as.reviewer, 'PUT', prefsUrl(org.id), {
        candidateSubmitted: false,
        gradingFinished: false,
      });
      expect(again.statusCode, again.body).toBe(200);
      expect((await t.send(org.as.reviewer, 'GET', prefsUrl(org.id))).json()).toEqual({
        candidateSubmitted: false,
        gradingFinished: false,
      });
      // Another member's are untouched.
      expect((await t.send(org.as.admin, 'GET', prefsUrl(org.id))).json()).toEqual({
        candidateSubmitted: true,
        gradingFinished: true,
      });
    });

    it('refuse anonymous callers, other organizations and incomplete bodies', async () => {
      expect((await t.send(null, 'GET', prefsUrl(org.id))).statusCode).toBe(401);
      expect((await t.send(null, 'PUT', prefsUrl(org.id), { nonsense: 1 })).statusCode).toBe(401);
      expect((await t.send(other.as.owner, 'GET', prefsUrl(org.id))).statusCode).toBe(404);
      expect(
        (
          await t.send(other.as.owner, 'PUT', prefsUrl(org.id), {
            candidateSubmitted: true,
            gradingFinished: true,
          })
        ).statusCode,
      ).toBe(404);
      const bad = await t.send(org.as.admin, 'PUT', prefsUrl(org.id), { candidateSubmitted: false });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('gradingFinished');
      const extra = await t.send(org.as.admin, 'PUT', prefsUrl(org.id), {
        candidateSubmitted: false,
        gradingFinished: true,
        weekly: true,
      });
      expect(extra.statusCode).toBe(400);
      // Nothing half-written.
      expect((await t.send(org.as.admin, 'GET', prefsUrl(org.id))).json()).toEqual({
        candidateSubmitted: true,
        gradingFinished: true,
      });
    });
  });

  describe('mails to the inviter', () => {
    it('with the defaults: one mail on submission and one when graded, with the report link', async () => {
      const inv = await startedInvitation(org.users.recruiter.id);
      await t.stages.markSubmitted(inv.id);
      await t.stages.markGraded(inv.id, 87.5);
      const notices = await noticesOf(inv.id);
      expect(notices.map((m) => [m.to_address, m.kind])).toEqual([
        [org.users.recruiter.email, SUBMITTED],
        [org.users.recruiter.email, GRADED],
      ]);
      expect(notices[0]?.subject).toBe(`${inv.candidate.name} submitted "Algorithms"`);
      expect(notices[1]?.subject).toBe(`${inv.candidate.name} scored 87.5% on "Algorithms"`);
      for (const m of notices) expect(m.text_body).toContain(`${PUBLIC_URL}/reports/${inv.id}`);
      // Queued through the mail job: drained, they are stored (no SMTP in tests).
      await t.drain();
      const stored = await t.mailsTo(org.users.recruiter.email, GRADED);
      expect(stored.length).toBeGreaterThan(0);
      expect(stored.every((m) => m.status !== 'queued')).toBe(true);
    });

    it('follows the preferences: submission off, grading on', async () => {
      const put = await t.send(org.as.admin, 'PUT', prefsUrl(org.id), {
        candidateSubmitted: false,
        gradingFinished: true,
      });
      expect(put.statusCode, put.body).toBe(200);
      const inv = await startedInvitation(org.users.admin.id);
      await t.stages.markSubmitted(inv.id);
      await t.stages.markGraded(inv.id, 40);
      expect((await noticesOf(inv.id)).map((m) => m.kind)).toEqual([GRADED]);
    });

    it('both off: nothing; grading failures follow gradingFinished', async () => {
      const owner = await t.sessionFor(org.users.owner.id, org.id);
      await t.send(owner, 'PUT', prefsUrl(org.id), { candidateSubmitted: false, gradingFinished: false });
      const quiet = await startedInvitation(org.users.owner.id);
      await t.stages.markSubmitted(quiet.id);
      await t.stages.markGradingFailed(quiet.id, 'runner down');
      await t.stages.markGraded(quiet.id, 10);
      expect(await noticesOf(quiet.id)).toEqual([]);

      const inv = await startedInvitation(org.users.recruiter.id);
      await t.stages.markSubmitted(inv.id);
      await t.stages.markGradingFailed(inv.id, 'runner down');
      const notices = await noticesOf(inv.id);
      expect(notices.map((m) => m.kind)).toEqual([SUBMITTED, FAILED]);
      expect(notices[1]?.text_body).toContain('An admin can retry');
      expect(notices[1]?.text_body).not.toContain('runner down');
    });

    it('no inviter (ATS or API integration without a user): no mail', async () => {
      const inv = await startedInvitation(null);
      await t.stages.markSubmitted(inv.id);
      await t.stages.markGraded(inv.id, 70);
      expect(await noticesOf(inv.id)).toEqual([]);
    });

    it('an inviter who left the organization, or a member of another organization only, is not mailed', async () => {
      const leaver = await buildUser(t.db);
      await addMembership(t.db, org.id, leaver.id, 'recruiter');
      const inv = await startedInvitation(leaver.id);
      await t.db.deleteFrom('memberships').where('user_id', '=', leaver.id).execute();
      await t.stages.markSubmitted(inv.id);

      const outsider = await startedInvitation(other.users.recruiter.id);
      await t.stages.markSubmitted(outsider.id);
      await t.stages.markGraded(outsider.id, 50);
      expect(await noticesOf(inv.id)).toEqual([]);
      expect(await noticesOf(outsider.id)).toEqual([]);
      expect(await t.mailsTo(other.users.recruiter.email, SUBMITTED)).toEqual([]);
    });

    it('preferences are per organization: turning them off elsewhere does not silence this one', async () => {
      const both = await buildUser(t.db);
      await addMembership(t.db, org.id, both.id, 'recruiter');
      await addMembership(t.db, other.id, both.id, 'recruiter');
      const inOther = await t.sessionFor(both.id, other.id);
      const put = await t.send(inOther, 'PUT', prefsUrl(other.id), {
        candidateSubmitted: false,
        gradingFinished: false,
      });
      expect(put.statusCode, put.body).toBe(200);
      const inv = await startedInvitation(both.id);
      await t.stages.markSubmitted(inv.id);
      expect((await noticesOf(inv.id)).map((m) => [m.to_address, m.kind])).toEqual([[both.email, SUBMITTED]]);
    });
  });
});
