import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judgeResult } from '../grading/fake-backend.js';
import { createFakeBackend } from '../grading/fake-backend.js';
import { at, buildGradingHarness, type GradingHarness } from '../grading/grading-harness.js';
import { testDialect } from '../support/test-db.js';

// reliability.md Q2: a grading whose runner always answers IE gives up after 5 attempts: the
// invitation is grading_failed, visible to admins (Failed jobs), never shown as a score; the
// other gradings complete. The backend is scripted (the IE path of the real runner is the
// runner's own suite); everything else is real.
const POISON = 'poison';

describe(`Q2 poison grading job (${testDialect})`, () => {
  let h: GradingHarness;
  const backend = createFakeBackend({
    judge: (request) => {
      const source =
        request.submission.kind === 'files'
          ? request.submission.files.map((f) => Buffer.from(f.data, 'base64').toString('utf8')).join('')
          : '';
      return source.includes(POISON)
        ? judgeResult({ 'sample/1': 'IE' }, { verdict: 'IE', internalError: 'cgroup setup failed' })
        : judgeResult({ 'sample/1': 'AC', 'secret/1': 'AC' });
    },
  });

  beforeAll(async () => {
    h = await buildGradingHarness({ execution: backend });
  }, 120_000);
  afterAll(async () => {
    await h.close();
  });

  const submit = (source: string) =>
    h.submit({
      kind: 'problems',
      slugs: ['anagram-groups'],
      changes: new Map([['anagram-groups/solution.py', Buffer.from(source)]]),
    });

  it('after 5 attempts the invitation is grading_failed, with no score anywhere; other jobs complete', async () => {
    const good1 = await submit('print("ok 1")\n');
    const poison = await submit(`# ${POISON}\n`);
    const good2 = await submit('print("ok 2")\n');
    await h.drainWithRetries(8);

    const poisonCalls = backend.judgeRequests.filter((r) =>
      r.submission.kind === 'files'
        ? Buffer.from(at(r.submission.files, 0).data, 'base64').includes(POISON)
        : false,
    );
    expect(poisonCalls).toHaveLength(5);

    const rows = await h.gradingRows(poison.invitationId);
    expect(rows).toHaveLength(1);
    const row = at(rows, 0);
    expect(row).toMatchObject({ status: 'failed', score: null, result: null });
    expect(row.error).toContain('cgroup setup failed');
    expect(row.finished_at).not.toBeNull();
    expect(await h.invitationRow(poison.invitationId)).toMatchObject({
      status: 'grading_failed',
      score: null,
      graded_at: null,
    });
    expect(await h.grading.feedbackFor(poison.attemptId)).toBeNull();
    expect((await h.grading.latestGrading(poison.invitationId))?.score).toBeNull();

    // Admins see it: the dead job under Failed jobs, and the grading_failed event.
    const dead = await h.jobs.deadLetters.listDeadJobs({ organizationId: h.org.id, limit: 50 });
    expect(dead).toEqual([
      expect.objectContaining({
        name: 'grading.grade',
        attempts: 5,
        lastError: expect.stringContaining('cgroup') as unknown,
      }),
    ]);
    const failedEvents = await h.db
      .selectFrom('audit_events')
      .select('action')
      .where('subject_id', '=', poison.invitationId)
      .where('action', 'like', 'invitations.grad%')
      .execute();
    expect(failedEvents.map((e) => e.action)).toEqual(['invitations.grading_failed']);

    for (const good of [good1, good2]) {
      expect((await h.gradingRows(good.invitationId)).map((r) => [r.status, r.score])).toEqual([
        ['graded', 100],
      ]);
      expect(await h.invitationRow(good.invitationId)).toMatchObject({ status: 'graded', score: 100 });
    }
    const pending = await h.db
      .selectFrom('jobs')
      .select('id')
      .where('status', 'in', ['pending', 'running'])
      .where('name', '=', 'grading.grade')
      .execute();
    expect(pending).toEqual([]);
  });
});
