import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUSH_GRACE_MS, type SubmissionReceipt } from '@assay/contracts';
import { listTimeline } from '../../src/modules/attempts/index.js';
import { testDialect } from '../support/test-db.js';
import { buildAttemptsApp, cloneUrl, git, type AttemptsApp } from '../attempts/attempts-app.js';

/**
 * C2 Timer (injected clock): started_at fixed; saves and pushes after the cutoff rejected; the
 * client's clock is irrelevant (the server decides); two tabs → one submission; ±1 s boundaries.
 */
describe(`C2 timer (${testDialect})`, () => {
  let t: AttemptsApp;
  let org: Awaited<ReturnType<AttemptsApp['organization']>>;
  let testId: string;
  let base: string;

  beforeAll(async () => {
    t = await buildAttemptsApp();
    org = await t.organization();
    testId = (await t.publishedTest(org.id, org.users.owner.id, 'problems', { timeLimitMinutes: 30 })).id;
    base = await t.listen();
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  const url = (id: string, rest = '') => `/api/candidate/attempts/${id}${rest}`;

  async function started(body: Record<string, unknown> = {}) {
    const invited = await t.invite(org, testId, body);
    const s = await t.start(invited.token);
    expect(s.res.statusCode).toBe(201);
    const state = await t.state(s.cookie, s.attemptId);
    return { ...invited, ...s, state, deadline: new Date(state.deadlineAt).getTime() };
  }
  const at = (ms: number) => t.clock.set(new Date(ms));
  const save = (cookie: string, id: string, baseCommit: string, content: string) =>
    t.candidate(cookie, 'PUT', url(id, '/drafts'), {
      baseCommit,
      changes: [{ op: 'write', path: 'even-pairs/solution.py', content }],
    });
  const attemptRow = (id: string) =>
    t.db.selectFrom('attempts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('started_at is fixed by Start; the deadline includes extra time; saves ±1 s around it', async () => {
    const a = await started({ extraTimeMinutes: 15 });
    expect(a.deadline - new Date(a.state.startedAt).getTime()).toBe(45 * 60_000);
    t.clock.advance(60_000);
    const resumed = await t.start(a.token);
    expect(resumed.res.statusCode).toBe(200);
    expect((await t.state(resumed.cookie, a.attemptId)).startedAt).toBe(a.state.startedAt);

    at(a.deadline - 1000);
    const before = await save(a.cookie, a.attemptId, a.state.head.commit, 'one second left\n');
    expect(before.statusCode, before.body).toBe(200);
    const head = before.json<{ headCommit: string }>().headCommit;
    at(a.deadline);
    const exactly = await save(a.cookie, a.attemptId, head, 'at the deadline\n');
    expect(exactly.statusCode).toBe(409);
    at(a.deadline + 1000);
    const after = await save(a.cookie, a.attemptId, head, 'too late\n');
    expect(after.statusCode).toBe(409);
    expect(after.json<{ error: { code: string; message: string } }>().error).toMatchObject({
      code: 'attempts.closed',
      message: expect.stringContaining('time for this test is over') as string,
    });
    // The client's clock plays no part (the server decides); what the candidate sees is the last
    // accepted save (committed by the autosave, as more than 30 s passed since Start).
    const file = await t.candidate(a.cookie, 'GET', url(a.attemptId, '/file?path=even-pairs/solution.py'));
    expect(file.json<{ content: string }>().content).toBe('one second left\n');
  });

  it('the finalize job submits at deadline + grace with the drafts saved before the deadline', async () => {
    const a = await started();
    at(a.deadline - 5000);
    expect((await save(a.cookie, a.attemptId, a.state.head.commit, 'final answer\n')).statusCode).toBe(200);
    at(a.deadline + PUSH_GRACE_MS - 1000);
    await t.drain();
    expect((await attemptRow(a.attemptId)).status).toBe('active');
    at(a.deadline + PUSH_GRACE_MS);
    await t.drain();
    const row = await attemptRow(a.attemptId);
    expect(row).toMatchObject({ status: 'submitted', submit_reason: 'deadline' });
    expect(row.submitted_commit).not.toBe(a.state.head.commit);
    const repos = join(t.dataDir, 'repos');
    const work = mkdtempSync(join(tmpdir(), 'assay-c2-'));
    await git(work, ['clone', '--quiet', join(repos, `${a.attemptId}.git`), 'r']);
    const { stdout } = await git(join(work, 'r'), [
      'show',
      `${row.submitted_commit ?? ''}:even-pairs/solution.py`,
    ]);
    expect(stdout).toBe('final answer\n');
    const invitation = await t.db
      .selectFrom('invitations')
      .select('status')
      .where('id', '=', a.invitationId)
      .executeTakeFirstOrThrow();
    expect(invitation.status).toBe('submitted');
    expect(
      await t.db.selectFrom('gradings').select('commit').where('attempt_id', '=', a.attemptId).execute(),
    ).toEqual([{ commit: row.submitted_commit }]);

    // After the auto-submit a push on top of the submitted commit is refused, and the
    // repository itself (not only the database's head) keeps the submitted commit.
    await git(work, ['clone', '--quiet', cloneUrl(base, a.state), 'late']);
    const late = join(work, 'late');
    expect((await git(late, ['rev-parse', 'HEAD'])).stdout.trim()).toBe(row.submitted_commit);
    writeFileSync(join(late, 'even-pairs', 'solution.py'), 'after the deadline\n');
    await git(late, ['commit', '-qam', 'after the deadline']);
    const refused = await git(late, ['push', 'origin', 'HEAD:main']).then(
      () => ({ ok: true, stderr: '' }),
      (error: unknown) => ({ ok: false, stderr: (error as { stderr?: string }).stderr ?? '' }),
    );
    expect(refused.ok).toBe(false);
    expect(refused.stderr).toContain('This test has been submitted: pushes are no longer accepted.');
    const bare = join(repos, `${a.attemptId}.git`);
    expect((await git(bare, ['rev-parse', 'refs/heads/main'])).stdout.trim()).toBe(row.submitted_commit);
    expect((await attemptRow(a.attemptId)).submitted_commit).toBe(row.submitted_commit);
  }, 60_000);

  it('an extension moves the deadline live and the finalize job reschedules itself', async () => {
    const a = await started();
    const extended = await t.send(
      org.as.recruiter,
      'POST',
      `/api/orgs/${org.id}/invitations/${a.invitationId}/extend-time`,
      { minutes: 10 },
    );
    expect(extended.statusCode, extended.body).toBe(200);
    const state = await t.state(a.cookie, a.attemptId);
    expect(new Date(state.deadlineAt).getTime()).toBe(a.deadline + 10 * 60_000);
    expect(state.extensionMinutes).toBe(10);
    // The old deadline passes: saves still accepted, the job reschedules instead of submitting.
    at(a.deadline + PUSH_GRACE_MS + 1000);
    expect((await save(a.cookie, a.attemptId, state.head.commit, 'more time\n')).statusCode).toBe(200);
    await t.drain();
    expect((await attemptRow(a.attemptId)).status).toBe('active');
    at(a.deadline + 10 * 60_000 + PUSH_GRACE_MS);
    await t.drain();
    expect((await attemptRow(a.attemptId)).status).toBe('submitted');
  });

  it('pushes: begun before the deadline accepted, begun after refused with a clear message', async () => {
    const a = await started();
    const work = mkdtempSync(join(tmpdir(), 'assay-c2-push-'));
    await git(work, ['clone', '--quiet', cloneUrl(base, a.state), 'r']);
    const repo = join(work, 'r');
    const push = async (content: string) => {
      writeFileSync(join(repo, 'even-pairs', 'solution.py'), content);
      await git(repo, ['commit', '-qam', content.trim()]);
      return git(repo, ['push', 'origin', 'HEAD:main']).then(
        () => ({ ok: true, stderr: '' }),
        (error: unknown) => ({ ok: false, stderr: (error as { stderr?: string }).stderr ?? '' }),
      );
    };
    at(a.deadline - 1000);
    expect((await push('just in time\n')).ok).toBe(true);
    at(a.deadline + 1000);
    const late = await push('too late\n');
    expect(late.ok).toBe(false);
    expect(late.stderr).toContain('pushes are no longer accepted');
    const kinds = (await listTimeline(t.db, a.attemptId)).map((e) => e.kind);
    expect(kinds).toContain('push');
  }, 60_000);

  it('two tabs (two sessions) submitting at once → one submission', async () => {
    const a = await started();
    const tab2 = await t.start(a.token);
    const [r1, r2] = await Promise.all([
      t.candidate(a.cookie, 'POST', url(a.attemptId, '/submit'), {}),
      t.candidate(tab2.cookie, 'POST', url(a.attemptId, '/submit'), {}),
    ]);
    expect([r1.statusCode, r2.statusCode]).toEqual([200, 200]);
    expect(r1.json<SubmissionReceipt>()).toEqual(r2.json<SubmissionReceipt>());
    const events = (await listTimeline(t.db, a.attemptId)).filter((e) => e.kind === 'submitted');
    expect(events).toHaveLength(1);
    expect(
      await t.db.selectFrom('gradings').select('id').where('attempt_id', '=', a.attemptId).execute(),
    ).toHaveLength(1);
  });
});
