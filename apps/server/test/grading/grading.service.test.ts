import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChallengeManifestSchema } from '@assay/contracts';
import type { JudgeResult, ProjectResult } from '@assay/runner/protocol';
import { RunnerRequestError } from '@assay/runner/protocol';
import { newId } from '../../src/platform/crypto/index.js';
import { buildOrganization } from '../identity/identity-fixtures.js';
import { testDialect } from '../support/test-db.js';
import { createFakeBackend, judgeResult, projectResult } from './fake-backend.js';
import { at, buildGradingHarness, CHALLENGES_DIR, resultOf, type GradingHarness } from './grading-harness.js';

// The grading service with a scripted ExecutionBackend: request building, result mapping, the
// failure paths and re-grades, on the real database, git and challenge library.
const SLUG = 'python-signup-cleaning';
const manifest = ChallengeManifestSchema.parse(
  JSON.parse((await import('node:fs')).readFileSync(join(CHALLENGES_DIR, SLUG, 'challenge.json'), 'utf8')),
);
const allCases = manifest.criteria.flatMap((c) => c.tests);

describe(`grading with a scripted backend (${testDialect})`, () => {
  let h: GradingHarness;
  let nextProject: (() => ProjectResult) | undefined;
  let nextJudge: ((files: string[], language: string | undefined) => JudgeResult) | undefined;
  const backend = createFakeBackend({
    project: () => {
      if (!nextProject) throw new Error('no project result scripted');
      return nextProject();
    },
    judge: (request) => {
      if (!nextJudge) throw new Error('no judge result scripted');
      const files = request.submission.kind === 'files' ? request.submission.files.map((f) => f.path) : [];
      return nextJudge(files, request.language);
    },
  });

  beforeAll(async () => {
    h = await buildGradingHarness({ execution: backend });
  }, 120_000);
  afterAll(async () => {
    await h.close();
  });

  const projectSubmission = (changes: Map<string, Buffer | null> = new Map()) =>
    h.submit({ kind: 'project', slugs: [SLUG], changes });
  const gradedEvents = (invitationId: string) =>
    h.db
      .selectFrom('audit_events')
      .select(['action', 'data'])
      .where('subject_id', '=', invitationId)
      .where('action', 'in', ['invitations.graded', 'invitations.rescored', 'invitations.grading_failed'])
      .execute();

  it('grades a project: hidden tests by path, read-only files from the initial commit, criteria from the manifest', async () => {
    const longMessage = `AssertionError: ${'x'.repeat(2000)}`;
    const failing = at(at(manifest.criteria, 0).tests, 0);
    nextProject = () =>
      projectResult(
        allCases.map((id) =>
          id === failing
            ? { id, status: 'failed' as const, message: longMessage }
            : { id, status: 'passed' as const },
        ),
      );
    // The candidate rewrote the read-only test runner: grading restores the original.
    const sub = await projectSubmission(new Map([['run_tests.py', Buffer.from('print("all passed")\n')]]));
    const before = backend.projectRequests.length;
    await h.drain();

    const request = backend.projectRequests[before];
    expect(request?.variant).toBe('grade');
    expect(request?.submission.kind).toBe('tar');
    expect(request?.hidden).toEqual({
      kind: 'path',
      path: expect.stringContaining(join(h.dataDir, 'challenges')) as unknown,
    });
    expect(request?.hidden?.kind === 'path' && request.hidden.path.endsWith('tests/hidden')).toBe(true);
    const readOnly = request?.readOnly?.kind === 'files' ? request.readOnly.files : [];
    expect(readOnly.map((f) => f.path)).toEqual(['run_tests.py']);
    const original = (await import('node:fs')).readFileSync(
      join(CHALLENGES_DIR, SLUG, 'starter', 'run_tests.py'),
    );
    expect(Buffer.from(at(readOnly, 0).data, 'base64').equals(original)).toBe(true);
    expect(request?.test).toEqual(manifest.test);

    const row = await h.gradingRow(sub.invitationId);
    expect(row).toMatchObject({ number: 1, status: 'graded', commit: sub.commit, error: null });
    const result = resultOf(row);
    expect(result.kind).toBe('project');
    if (result.kind !== 'project') return;
    expect(result.versions).toEqual([{ slug: SLUG, versionId: expect.any(String) as unknown, pinned: true }]);
    expect(result.criteria.map((c) => [c.id, c.name, c.weight])).toEqual(
      manifest.criteria.map((c) => [c.id, c.name, c.weight]),
    );
    const first = at(result.criteria, 0);
    expect(first.failed).toHaveLength(1);
    expect(at(first.failed, 0).test).toBe(failing);
    expect(at(first.failed, 0).message?.length).toBeLessThanOrEqual(500);
    expect(at(first.failed, 0).message).toMatch(/^failed: AssertionError: x+/);
    // emails: 3 of 4 → 1.5 of 2 points; the rest full: (1.5 + 2 + 2 + 3 + 1) / 10.
    expect(first.points).toBe(1.5);
    expect(row.score).toBe(95);
    expect(row.log).toBe('ran the tests\n');
    const invitation = await h.invitationRow(sub.invitationId);
    expect(invitation).toMatchObject({ status: 'graded', score: 95 });
    expect(await gradedEvents(sub.invitationId)).toHaveLength(1);

    // Re-running the job changes nothing (idempotent).
    await h.grading.grade(sub.gradingId, { attempt: 1 });
    expect(await gradedEvents(sub.invitationId)).toHaveLength(1);
    expect(backend.projectRequests.length).toBe(before + 1);
  });

  it('a failed build is a result: every criterion fails, score 0', async () => {
    nextProject = () =>
      projectResult([], {
        build: { status: 'failed', exitCode: 1, signal: null, cpuMs: 1, wallMs: 1 },
        buildPassed: false,
        test: null,
      });
    const sub = await projectSubmission();
    await h.drain();
    const row = await h.gradingRow(sub.invitationId);
    expect(row).toMatchObject({ status: 'graded', score: 0 });
    const result = resultOf(row);
    expect(
      result.criteria.every((c) => c.points === 0 && c.failed.every((f) => f.message === 'build failed')),
    ).toBe(true);
    expect((await h.invitationRow(sub.invitationId)).status).toBe('graded');
  });

  it('a sandbox error (IE) is never a score: the job retries and grades once the runner is healthy', async () => {
    nextProject = () =>
      projectResult([], { test: { status: 'error', exitCode: null, signal: null, cpuMs: 0, wallMs: 0 } });
    const sub = await projectSubmission();
    await h.drain();
    const row = await h.gradingRow(sub.invitationId);
    expect(row).toMatchObject({ status: 'running', score: null, result: null });
    expect(await h.invitationRow(sub.invitationId)).toMatchObject({ status: 'submitted', score: null });
    const job = await h.db
      .selectFrom('jobs')
      .select(['status', 'attempt', 'last_error'])
      .where('name', '=', 'grading.grade')
      .where('dedupe_key', '=', sub.gradingId)
      .executeTakeFirstOrThrow();
    expect(job).toMatchObject({ status: 'pending', attempt: 1 });
    expect(job.last_error).toContain('sandbox failed during the test step');

    nextProject = () => projectResult(allCases.map((id) => ({ id, status: 'passed' as const })));
    h.clock.advance(3_600_000);
    await h.drain();
    expect((await h.gradingRows(sub.invitationId))[0]).toMatchObject({ status: 'graded', score: 100 });
    expect(await h.invitationRow(sub.invitationId)).toMatchObject({ status: 'graded', score: 100 });
  });

  it('a runner error retries; a refused submission archive fails the grading at once', async () => {
    nextProject = () => {
      throw new RunnerRequestError('internal', 'slot setup failed');
    };
    const retried = await projectSubmission();
    await h.drain();
    expect((await h.gradingRows(retried.invitationId))[0]?.status).toBe('running');

    nextProject = () => {
      throw new RunnerRequestError('invalid_archive', 'link.txt: symbolic links are not allowed');
    };
    const refused = await projectSubmission();
    await h.drain();
    const row = await h.gradingRow(refused.invitationId);
    expect(row).toMatchObject({ status: 'failed', score: null, result: null });
    expect(row.error).toContain('symbolic links');
    expect(await h.invitationRow(refused.invitationId)).toMatchObject({
      status: 'grading_failed',
      score: null,
    });
    const dead = await h.jobs.deadLetters.listDeadJobs({ organizationId: h.org.id, limit: 50 });
    expect(dead.some((j) => j.name === 'grading.grade' && j.lastError?.includes('symbolic links'))).toBe(
      true,
    );
  });

  it('grades problems: the solution file per folder, AC and WA scored, a missing solution is CE', async () => {
    nextJudge = (files) =>
      files.includes('solution.py')
        ? judgeResult({ 'sample/1': 'AC', 'secret/1': 'AC' })
        : judgeResult({ 'sample/1': 'AC', 'secret/1': 'WA' }, { score: 0.5, maxScore: 1 });
    const before = backend.judgeRequests.length;
    const sub = await h.submit({
      kind: 'problems',
      slugs: ['anagram-groups', 'even-pairs', 'longest-climb'],
      changes: new Map<string, Buffer | null>([
        ['anagram-groups/solution.py', Buffer.from('print(1)\n')],
        ['anagram-groups/notes.txt', Buffer.from('thinking…')],
        // even-pairs: the template replaced by a C++ file.
        ['even-pairs/solution.py', null],
        ['even-pairs/main.cpp', Buffer.from('int main(){}\n')],
        // longest-climb: no solution left.
        ['longest-climb/solution.py', null],
      ]),
      language: 'python3',
    });
    await h.drain();
    const requests = backend.judgeRequests.slice(before);
    expect(
      requests.map((r) => [
        r.language,
        r.submission.kind === 'files' && r.submission.files.map((f) => f.path),
      ]),
    ).toEqual([
      ['python3', ['solution.py']],
      ['cpp', ['main.cpp']],
    ]);
    expect(requests[0]?.problem).toEqual({
      kind: 'path',
      path: expect.stringContaining(join(h.dataDir, 'challenges')) as unknown,
    });
    const row = await h.gradingRow(sub.invitationId);
    const result = resultOf(row);
    if (result.kind !== 'problems') throw new Error('not a problems result');
    expect(result.problems.map((p) => [p.slug, p.verdict, p.score])).toEqual([
      ['anagram-groups', 'AC', 100],
      ['even-pairs', 'WA', 50],
      ['longest-climb', 'CE', 0],
    ]);
    expect(result.criteria[0]).toMatchObject({
      id: 'anagram-groups',
      weight: 1,
      points: 1,
      passed: ['sample/1', 'secret/1'],
    });
    expect(result.criteria[1]?.failed).toEqual([{ test: 'secret/1', message: 'WA: secret/1 differs' }]);
    expect(result.criteria[2]?.failed).toEqual([{ test: 'solution', message: 'no solution file' }]);
    expect(row.score).toBe(50);
    expect(await h.invitationRow(sub.invitationId)).toMatchObject({ status: 'graded', score: 50 });
  });

  it('a problem solution the runner refuses (bad_request) is that problem’s CE, not a failed grading', async () => {
    nextJudge = () => {
      throw new RunnerRequestError(
        'bad_request',
        'solution.py is 2000000 bytes; files may be at most 1048576 bytes',
      );
    };
    const sub = await h.submit({
      kind: 'problems',
      slugs: ['anagram-groups'],
      changes: new Map([['anagram-groups/solution.py', Buffer.from('print(2)\n')]]),
    });
    await h.drain();
    const row = await h.gradingRow(sub.invitationId);
    expect(row).toMatchObject({ status: 'graded', score: 0 });
    const result = resultOf(row);
    expect(result.criteria[0]?.failed[0]?.message).toContain('submission refused');
  });

  it('feedback: score and per-criterion counts, no test names; latestGrading for reports', async () => {
    nextProject = () =>
      projectResult(
        allCases.map((id, i) => ({ id, status: i === 0 ? ('failed' as const) : ('passed' as const) })),
      );
    const sub = await projectSubmission();
    expect(await h.grading.feedbackFor(sub.attemptId)).toBeNull();
    expect((await h.grading.latestGrading(sub.invitationId))?.status).toBe('pending');
    await h.drain();
    const feedback = await h.grading.feedbackFor(sub.attemptId);
    expect(feedback).toEqual({
      score: 95,
      criteria: manifest.criteria.map((c, i) => ({
        name: c.name,
        passed: c.tests.length - (i === 0 ? 1 : 0),
        total: c.tests.length,
      })),
    });
    expect(JSON.stringify(feedback)).not.toContain('tests.hidden');
    const latest = await h.grading.latestGrading(sub.invitationId);
    expect(latest).toMatchObject({ number: 1, status: 'graded', score: 95, attemptId: sub.attemptId });
    expect(latest?.result?.kind).toBe('project');
  });

  describe('re-grade', () => {
    const recruiter = { userId: null, role: 'recruiter' as const };

    it('is refused below recruiter, before grading finished, and for another organization', async () => {
      nextProject = () => projectResult(allCases.map((id) => ({ id, status: 'passed' as const })));
      const sub = await projectSubmission();
      await expect(h.grading.regrade(recruiter, h.org.id, sub.invitationId)).rejects.toMatchObject({
        code: 'grading.invalid_state',
      });
      await h.drain();
      await expect(
        h.grading.regrade({ userId: null, role: 'reviewer' }, h.org.id, sub.invitationId),
      ).rejects.toMatchObject({ code: 'auth.forbidden' });
      const other = await buildOrganization(h.db, []);
      await expect(h.grading.regrade(recruiter, other.id, sub.invitationId)).rejects.toMatchObject({
        code: 'resource.not_found',
      });
      await h.grading.regrade(recruiter, h.org.id, sub.invitationId);
      await expect(h.grading.regrade(recruiter, h.org.id, sub.invitationId)).rejects.toMatchObject({
        code: 'grading.in_progress',
      });
      expect(await h.gradingRows(sub.invitationId)).toHaveLength(2);
    });

    it('adds a grading with the newest challenge version, updates the score and is audited', async () => {
      nextProject = () => projectResult(allCases.map((id) => ({ id, status: 'passed' as const })));
      const sub = await projectSubmission();
      await h.drain();
      expect((await h.invitationRow(sub.invitationId)).score).toBe(100);

      // A fixed version of the challenge arrives (same files, a new version row).
      const pinnedId = await h.builtinVersion(SLUG);
      const pinned = await h.db
        .selectFrom('challenge_versions')
        .selectAll()
        .where('id', '=', pinnedId)
        .executeTakeFirstOrThrow();
      const newerId = newId();
      await h.db
        .insertInto('challenge_versions')
        .values({ ...pinned, id: newerId, number: pinned.number + 1 })
        .execute();
      await h.db
        .updateTable('challenges')
        .set({ latest_version_id: newerId })
        .where('id', '=', pinned.challenge_id)
        .execute();

      nextProject = () =>
        projectResult(
          allCases.map((id, i) => ({ id, status: i < 4 ? ('failed' as const) : ('passed' as const) })),
        );
      const { number } = await h.grading.regrade(recruiter, h.org.id, sub.invitationId);
      expect(number).toBe(2);
      await h.drain();

      const rows = await h.gradingRows(sub.invitationId);
      expect(rows.map((r) => [r.number, r.status, r.score])).toEqual([
        [1, 'graded', 100],
        [2, 'graded', 80],
      ]);
      const result = resultOf(at(rows, 1));
      expect(result.versions).toEqual([{ slug: SLUG, versionId: newerId, pinned: false }]);
      expect(await h.invitationRow(sub.invitationId)).toMatchObject({ status: 'graded', score: 80 });
      const events = await gradedEvents(sub.invitationId);
      expect(events.map((e) => e.action)).toEqual(['invitations.graded', 'invitations.rescored']);
      const audit = await h.db
        .selectFrom('audit_events')
        .select(['action', 'data'])
        .where('subject_id', '=', sub.invitationId)
        .where('action', '=', 'grading.regrade_requested')
        .execute();
      expect(audit).toHaveLength(1);
      expect((await h.grading.listGradings(sub.invitationId)).map((g) => g.number)).toEqual([2, 1]);
    });

    it('keeps a reviewer override: the re-graded score is the reviewed one', async () => {
      nextProject = () => projectResult(allCases.map((id) => ({ id, status: 'passed' as const })));
      const sub = await projectSubmission();
      await h.drain();
      // A reviewer gave the first criterion 0 points (on the 0..maxPoints scale of a 100 total).
      const first = at(manifest.criteria, 0);
      const weights = manifest.criteria.reduce((sum, c) => sum + c.weight, 0);
      await h.db
        .insertInto('report_overrides')
        .values({
          invitation_id: sub.invitationId,
          criterion_id: first.id,
          organization_id: h.org.id,
          points: 0,
          reason: 'copied from the internet',
          user_id: null,
          created_at: new Date().toISOString(),
        })
        .execute();
      await h.grading.regrade(recruiter, h.org.id, sub.invitationId);
      await h.drain();
      const expected = Math.round((100 - (first.weight / weights) * 100) * 100) / 100;
      expect((await h.invitationRow(sub.invitationId)).score).toBe(expected);
      // The automatic total stays in the grading row.
      expect((await h.gradingRows(sub.invitationId)).map((r) => r.score)).toEqual([100, 100]);
    });

    it('a grading whose worker died on the last attempt (onLost) fails once, with no score', async () => {
      nextProject = () => projectResult(allCases.map((id) => ({ id, status: 'passed' as const })));
      const sub = await projectSubmission();
      const [row] = await h.gradingRows(sub.invitationId);
      if (!row) throw new Error('no grading row');
      await h.grading.lost(row.id, 'lease expired (the worker stopped during the last attempt)');
      await h.grading.lost(row.id, 'again');
      expect(await h.invitationRow(sub.invitationId)).toMatchObject({
        status: 'grading_failed',
        score: null,
      });
      expect((await h.gradingRows(sub.invitationId)).map((r) => [r.status, r.score])).toEqual([
        ['failed', null],
      ]);
    });
  });
});
