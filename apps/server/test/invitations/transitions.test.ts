import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InvitationStatus } from '@assay/contracts';
import { canTransition } from '../../src/modules/invitations/index.js';
import { testDialect } from '../support/test-db.js';
import { buildOrganization } from '../identity/identity-fixtures.js';
import { makePublishedTest } from './invitation-factories.js';
import { buildInvitationModules } from './module-harness.js';

describe(`invitation state transitions (${testDialect})`, () => {
  let m: Awaited<ReturnType<typeof buildInvitationModules>>;
  let orgId: string;
  let testId: string;
  let n = 0;
  const recruiter = { userId: null, role: 'recruiter' as const };

  beforeAll(async () => {
    m = await buildInvitationModules();
    orgId = (await buildOrganization(m.db, [])).id;
    testId = (await makePublishedTest(m.db, orgId, { at: m.clock.now() })).id;
  });
  afterAll(async () => {
    await m.close();
  });

  const invite = () =>
    m.invitations.inviteCandidate(recruiter, orgId, {
      testId,
      name: 'Sam',
      email: `sam${String(++n)}@example.test`,
    });

  it('the policy allows exactly the documented moves', () => {
    const moves: [InvitationStatus, InvitationStatus, boolean][] = [
      ['invited', 'opened', true],
      ['opened', 'started', true],
      ['started', 'submitted', true],
      ['submitted', 'graded', true],
      ['submitted', 'grading_failed', true],
      ['grading_failed', 'graded', true],
      ['expired', 'invited', true],
      ['graded', 'invited', false],
      ['cancelled', 'invited', false],
      ['started', 'expired', false],
      ['invited', 'submitted', false],
    ];
    for (const [from, to, ok] of moves) expect([from, to, canTransition(from, to)]).toEqual([from, to, ok]);
  });

  it('invited → started → submitted → graded, with timestamps and the score', async () => {
    const inv = await invite();
    const started = await m.invitations.markStarted(inv.id);
    expect(started.status).toBe('started');
    expect(started.startedAt).not.toBeNull();
    // Extra time during the attempt is allowed.
    const extended = await m.invitations.extendTime(recruiter, orgId, inv.id, 15);
    expect(extended.extraTimeMinutes).toBe(15);
    const submitted = await m.invitations.markSubmitted(inv.id);
    expect(submitted.status).toBe('submitted');
    expect(submitted.score).toBeNull();
    await expect(m.invitations.extendTime(recruiter, orgId, inv.id, 5)).rejects.toMatchObject({
      code: 'invitations.invalid_state',
    });
    const graded = await m.invitations.markGraded(inv.id, 87.5);
    expect(graded).toMatchObject({ status: 'graded', score: 87.5 });
    expect(graded.gradedAt).not.toBeNull();
    await expect(m.invitations.markStarted(inv.id)).rejects.toMatchObject({
      code: 'invitations.invalid_state',
    });
  });

  it('submitted → grading_failed → graded (regrade)', async () => {
    const inv = await invite();
    await m.invitations.markStarted(inv.id);
    await m.invitations.markSubmitted(inv.id);
    expect((await m.invitations.markGradingFailed(inv.id, 'runner down')).status).toBe('grading_failed');
    expect((await m.invitations.markGraded(inv.id, 40)).status).toBe('graded');
  });

  it('a started attempt can be cancelled; a cancelled one cannot start', async () => {
    const inv = await invite();
    await m.invitations.markStarted(inv.id);
    expect((await m.invitations.cancel(recruiter, orgId, inv.id)).status).toBe('cancelled');
    const other = await invite();
    await m.invitations.cancel(recruiter, orgId, other.id);
    await expect(m.invitations.markStarted(other.id)).rejects.toMatchObject({
      code: 'invitations.invalid_state',
    });
  });

  it('reviewers cannot invite (service-level policy, for API and ATS callers too)', async () => {
    await expect(
      m.invitations.inviteCandidate({ userId: null, role: 'reviewer' }, orgId, {
        testId,
        name: 'R',
        email: 'r@example.test',
      }),
    ).rejects.toMatchObject({ code: 'auth.forbidden' });
  });

  it('the send job is idempotent and mails nothing for a cancelled invitation', async () => {
    const inv = await invite();
    await m.invitations.cancel(recruiter, orgId, inv.id);
    await m.drain();
    const mails = await m.db
      .selectFrom('mails')
      .selectAll()
      .where('to_address', '=', inv.candidate.email)
      .execute();
    expect(mails).toHaveLength(0);
    const sent = await invite();
    await m.drain();
    await m.invitations.sendInvitationEmail(sent.id);
    const sentMails = await m.db
      .selectFrom('mails')
      .selectAll()
      .where('to_address', '=', sent.candidate.email)
      .execute();
    expect(sentMails).toHaveLength(1);
  });
});
