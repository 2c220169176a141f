import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PUSH_GRACE_MS } from '@assay/contracts';
import { createManualClock } from '../../src/platform/clock/index.js';
import { createTestDatabase, testDialect, type TestDatabase } from '../support/test-db.js';
import { buildAttemptsApp, git } from '../attempts/attempts-app.js';

/**
 * C3 Restart: the server goes down before the deadline and comes back after it. The attempt is
 * finalized with every saved draft and grading is enqueued, unattended — even when the queued
 * finalize job itself was lost (the boot sweep enqueues it again).
 */
describe(`C3 restart (${testDialect})`, () => {
  let database: TestDatabase | undefined;
  afterAll(async () => {
    await database?.destroy();
  });

  it('a restart past the deadline finalizes the attempt with every saved draft and enqueues grading', async () => {
    database = await createTestDatabase();
    const dataDir = mkdtempSync(join(tmpdir(), 'assay-c3-'));
    const secretKey = randomBytes(32);
    const clock = createManualClock(new Date('2026-03-02T09:00:00.000Z'));

    // First life: start, save drafts (one autosave commit, more drafts after it), then "crash".
    const first = await buildAttemptsApp({ database, dataDir, secretKey, clock });
    const org = await first.organization();
    const test = await first.publishedTest(org.id, org.users.owner.id, 'problems', { timeLimitMinutes: 20 });
    const invited = await first.invite(org, test.id);
    const { cookie, attemptId } = await first.start(invited.token);
    const state = await first.state(cookie, attemptId);
    const url = `/api/candidate/attempts/${attemptId}/drafts`;
    clock.advance(60_000);
    const saved = await first.candidate(cookie, 'PUT', url, {
      baseCommit: state.head.commit,
      changes: [{ op: 'write', path: 'even-pairs/solution.py', content: 'committed by autosave\n' }],
    });
    expect(saved.json<{ committed: string | null }>().committed).not.toBeNull();
    const head = saved.json<{ headCommit: string }>().headCommit;
    clock.advance(5_000);
    const pending = await first.candidate(cookie, 'PUT', url, {
      baseCommit: head,
      changes: [
        { op: 'write', path: 'even-pairs/solution.py', content: 'saved as a draft only\n' },
        { op: 'write', path: 'even-pairs/notes.md', content: 'my notes\n' },
      ],
    });
    expect(pending.json<{ committed: string | null }>().committed).toBeNull();
    // The process dies without running any job; say the queued finalize job was lost too.
    await first.app.close();
    await database.db.deleteFrom('jobs').where('name', '=', 'attempts.finalize').execute();

    // Down past the deadline; a new process on the same database and data dir.
    clock.set(new Date(new Date(state.deadlineAt).getTime() + PUSH_GRACE_MS + 60_000));
    const second = await buildAttemptsApp({ database, dataDir, secretKey, clock });
    try {
      await second.drain();
      const attempt = await database.db
        .selectFrom('attempts')
        .selectAll()
        .where('id', '=', attemptId)
        .executeTakeFirstOrThrow();
      expect(attempt).toMatchObject({ status: 'submitted', submit_reason: 'deadline' });
      const work = mkdtempSync(join(tmpdir(), 'assay-c3-clone-'));
      await git(work, ['clone', '--quiet', join(dataDir, 'repos', `${attemptId}.git`), 'r']);
      const show = (path: string) =>
        git(join(work, 'r'), ['show', `${attempt.submitted_commit ?? ''}:${path}`]);
      expect((await show('even-pairs/solution.py')).stdout).toBe('saved as a draft only\n');
      expect((await show('even-pairs/notes.md')).stdout).toBe('my notes\n');
      expect(
        await database.db
          .selectFrom('attempt_drafts')
          .selectAll()
          .where('attempt_id', '=', attemptId)
          .execute(),
      ).toEqual([]);
      const gradings = await database.db
        .selectFrom('gradings')
        .select(['commit', 'status'])
        .where('attempt_id', '=', attemptId)
        .execute();
      expect(gradings.map((g) => g.commit)).toEqual([attempt.submitted_commit]);
      const invitation = await database.db
        .selectFrom('invitations')
        .select('status')
        .where('id', '=', invited.invitationId)
        .executeTakeFirstOrThrow();
      expect(['submitted', 'graded', 'grading_failed']).toContain(invitation.status);
      const receipts = await database.db
        .selectFrom('mails')
        .select('kind')
        .where('to_address', '=', invited.email)
        .where('kind', '=', 'attempts.receipt')
        .execute();
      expect(receipts).toHaveLength(1);
    } finally {
      await second.app.close();
    }
  }, 120_000);
});
