import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/platform/crypto/index.js';
import { join } from 'node:path';
import type { CreatedShareLink, Report, ReportCode, ReportFile, SharedReport } from '@assay/contracts';
import { createRepoStore } from '../../src/platform/git/index.js';
import { testDialect } from '../support/test-db.js';
import {
  addAttemptEvent,
  criterion,
  makeAttempt,
  makeGradedInvitation,
  makeGrading,
  makeReportInvitation,
  type TestRef,
} from './report-factories.js';
import { buildReportsApp, PUBLIC_URL, type ReportsApp } from './reports-app.js';
import { makePublishedTest } from '../invitations/invitation-factories.js';

type Org = Awaited<ReturnType<ReportsApp['organization']>>;

/** The text drawn in an uncompressed pdfkit PDF (hex strings of the TJ operators, WinAnsi). */
function pdfText(pdf: Buffer): string {
  return pdf
    .toString('latin1')
    .split('\n')
    .filter((line) => line.endsWith('TJ'))
    .map((line) =>
      [...line.matchAll(/<([0-9a-f]*)>/g)]
        .map((m) => Buffer.from(m[1] ?? '', 'hex').toString('latin1'))
        .join(''),
    )
    .join('\n');
}

describe(`reports (${testDialect})`, () => {
  let t: ReportsApp;
  let org: Org;
  let other: Org;
  let start: Date;
  const base = (orgId: string, invitationId: string) => `/api/orgs/${orgId}/reports/${invitationId}`;
  const nameOf = async (userId: string) =>
    (await t.db.selectFrom('users').select('name').where('id', '=', userId).executeTakeFirstOrThrow()).name;

  beforeAll(async () => {
    t = await buildReportsApp();
    org = await t.organization();
    other = await t.organization();
    // Attempts happened in the last two hours; notes, overrides and links are written now.
    start = new Date(t.clock.now().getTime() - 2 * 3_600_000);
  });
  afterAll(async () => {
    await t.close();
  });

  /** A submitted, graded invitation: criteria weighted 3 and 1, on `test` (new test if absent). */
  async function gradedReport(test?: TestRef, name = 'Ada Lovelace') {
    const inv = await makeReportInvitation(t.db, org.id, {
      status: 'submitted',
      at: start,
      candidateName: name,
      ...(test ? { test } : {}),
    });
    const ref = { id: inv.id, organizationId: org.id, testVersionId: inv.test.versionId };
    const attemptId = await makeAttempt(t.db, ref, {
      at: start,
      initialCommit: '1'.repeat(40),
      headCommit: '2'.repeat(40),
      submittedCommit: '2'.repeat(40),
      language: 'python3',
    });
    await addAttemptEvent(
      t.db,
      { id: attemptId, organizationId: org.id },
      'push',
      new Date(start.getTime() + 20 * 60_000),
      {
        before: '1'.repeat(40),
        after: '2'.repeat(40),
      },
    );
    await addAttemptEvent(
      t.db,
      { id: attemptId, organizationId: org.id },
      'run',
      new Date(start.getTime() + 30 * 60_000),
      {
        verdict: 'failed',
      },
    );
    const long = `AssertionError: ${'x'.repeat(900)}`;
    const grading = await makeGrading(t.db, ref, attemptId, {
      at: start,
      criteria: [
        criterion('correctness', 3, 2, [{ test: 'test_edge', message: long }]),
        criterion('style', 1, 1),
      ],
    });
    return { inv, ref, attemptId, grading };
  }

  it('before submission: no grading, no criteria, the dates so far, no percentile', async () => {
    const inv = await makeReportInvitation(t.db, org.id, { status: 'started', at: start });
    const res = await t.send(org.as.reviewer, 'GET', base(org.id, inv.id));
    expect(res.statusCode).toBe(200);
    const report = res.json<Report>();
    expect(report).toMatchObject({
      invitationId: inv.id,
      organizationId: org.id,
      candidate: { name: inv.candidateName, email: inv.candidateEmail },
      status: 'started',
      grading: null,
      criteria: [],
      percentile: null,
      gradedCount: 0,
      histogram: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
      submittedAt: null,
      timeUsedMinutes: null,
      timeAllowedMinutes: 105,
      url: `${PUBLIC_URL}/reports/${inv.id}`,
    });
    expect(report.organizationName).toMatch(/^Org /);
    expect(report.timeline.map((e) => e.kind)).toEqual(['invited', 'sent', 'opened', 'started']);
  });

  it('after grading: criteria scaled to 100, trimmed failures, totals, language, time used, timeline', async () => {
    const { inv } = await gradedReport();
    const report = (await t.send(org.as.reviewer, 'GET', base(org.id, inv.id))).json<Report>();
    expect(report.status).toBe('graded');
    expect(report.grading).toMatchObject({
      status: 'graded',
      number: 1,
      automaticScore: 75,
      score: 75,
      error: null,
    });
    expect(report.grading?.log).toContain('build ok');
    const [correctness, style] = report.criteria;
    expect(correctness).toMatchObject({
      id: 'correctness',
      weight: 3,
      maxPoints: 75,
      automaticPoints: 50,
      points: 50,
      override: null,
    });
    expect(style).toMatchObject({ id: 'style', weight: 1, maxPoints: 25, automaticPoints: 25, points: 25 });
    const message = correctness?.failed[0]?.message ?? '';
    expect(message.length).toBe(500);
    expect(message.endsWith('…')).toBe(true);
    expect(report.language).toBe('python3');
    expect(report.timeUsedMinutes).toBe(45);
    expect(report.submittedCommit).toBe('2'.repeat(40));
    expect(report.timeline.map((e) => e.kind)).toEqual([
      'invited',
      'sent',
      'opened',
      'started',
      'push',
      'run',
      'submitted',
      'graded',
    ]);
    expect(report.timeline.find((e) => e.kind === 'push')?.summary).toBe('Pushed 2222222');
  });

  it('percentile and histogram among the graded attempts on the same test version only', async () => {
    const test = await makePublishedTest(t.db, org.id, { at: start });
    for (const score of [50, 75, 95, 100]) await makeGradedInvitation(t.db, org.id, test, score, start);
    // Another version (another test) and a submitted, ungraded one on this version do not count.
    await makeGradedInvitation(t.db, org.id, await makePublishedTest(t.db, org.id, { at: start }), 10, start);
    await makeReportInvitation(t.db, org.id, { test, status: 'submitted', at: start });
    const { inv } = await gradedReport(test); // 75
    const report = (await t.send(org.as.reviewer, 'GET', base(org.id, inv.id))).json<Report>();
    expect(report.gradedCount).toBe(5);
    // Lower: 50 → 1; equal: 75, 75 → 2 halves: (1 + 1) / 5.
    expect(report.percentile).toBe(40);
    expect(report.histogram).toEqual([0, 0, 0, 0, 0, 1, 0, 2, 0, 2]);
    // An erased candidate's score stays as an anonymous number on its version.
    await t.db
      .insertInto('anonymous_scores')
      .values({
        id: newId(),
        organization_id: org.id,
        test_id: test.id,
        test_version_id: test.versionId,
        score: 5,
        graded_on: '2026-11-01',
      })
      .execute();
    const withErased = (await t.send(org.as.reviewer, 'GET', base(org.id, inv.id))).json<Report>();
    expect(withErased.gradedCount).toBe(6);
    expect(withErased.histogram).toEqual([1, 0, 0, 0, 0, 1, 0, 2, 0, 2]);
    // A lone graded attempt has no percentile.
    const { inv: alone } = await gradedReport();
    expect(
      (await t.send(org.as.reviewer, 'GET', base(org.id, alone.id))).json<Report>().percentile,
    ).toBeNull();
  });

  it('overrides: range named, reason required, audited, invitation score follows, automatic stays; null removes', async () => {
    const { inv } = await gradedReport();
    const url = `${base(org.id, inv.id)}/overrides`;
    const tooMany = await t.send(org.as.reviewer, 'POST', url, {
      criterionId: 'style',
      points: 30,
      reason: 'Clean code',
    });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json<{ error: { code: string; message: string } }>().error).toMatchObject({
      code: 'reports.points_out_of_range',
      message: 'Points for "Criterion style" must be between 0 and 25.',
    });
    const noReason = await t.send(org.as.reviewer, 'POST', url, {
      criterionId: 'style',
      points: 20,
      reason: ' ',
    });
    expect(noReason.statusCode).toBe(400);
    const unknown = await t.send(org.as.reviewer, 'POST', url, {
      criterionId: 'nope',
      points: 1,
      reason: 'Because',
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json<{ error: { code: string; details: unknown } }>().error).toMatchObject({
      code: 'reports.unknown_criterion',
      details: { criterionIds: ['correctness', 'style'] },
    });

    const res = await t.send(org.as.reviewer, 'POST', url, {
      criterionId: 'correctness',
      points: 70,
      reason: 'The edge case test is wrong',
    });
    expect(res.statusCode).toBe(200);
    const report = res.json<Report>();
    expect(report.criteria[0]).toMatchObject({
      automaticPoints: 50,
      points: 70,
      override: {
        points: 70,
        reason: 'The edge case test is wrong',
        by: await nameOf(org.users.reviewer.id),
      },
    });
    expect(report.grading).toMatchObject({ automaticScore: 75, score: 95 });
    expect(report.timeline.at(-1)).toMatchObject({ kind: 'override' });
    const invitation = await t.db
      .selectFrom('invitations')
      .selectAll()
      .where('id', '=', inv.id)
      .executeTakeFirstOrThrow();
    expect(invitation.score).toBe(95);
    const audit = await t.db
      .selectFrom('audit_events')
      .selectAll()
      .where('subject_id', '=', inv.id)
      .where('action', '=', 'reports.override_set')
      .executeTakeFirstOrThrow();
    expect(audit.actor_user_id).toBe(org.users.reviewer.id);
    expect(JSON.parse(audit.data)).toMatchObject({
      criterionId: 'correctness',
      reason: 'The edge case test is wrong',
      before: { points: 50, override: null, score: 75 },
      after: { points: 70, override: 70, score: 95 },
    });
    const rescored = await t.db
      .selectFrom('audit_events')
      .select('data')
      .where('subject_id', '=', inv.id)
      .where('action', '=', 'invitations.rescored')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(rescored.data)).toMatchObject({ score: 95, override: true });

    const removed = await t.send(org.as.reviewer, 'POST', url, {
      criterionId: 'correctness',
      points: null,
      reason: 'Test fixed',
    });
    expect(removed.json<Report>().grading).toMatchObject({ automaticScore: 75, score: 75 });
    expect(removed.json<Report>().criteria[0]?.override).toBeNull();
    const after = await t.db
      .selectFrom('invitations')
      .select('score')
      .where('id', '=', inv.id)
      .executeTakeFirstOrThrow();
    expect(after.score).toBe(75);
    expect(
      await t.db
        .selectFrom('audit_events')
        .select('id')
        .where('subject_id', '=', inv.id)
        .where('action', '=', 'reports.override_removed')
        .execute(),
    ).toHaveLength(1);
  });

  it('overrides need a finished grading (409), and nothing is written', async () => {
    const inv = await makeReportInvitation(t.db, org.id, { status: 'submitted', at: start });
    const res = await t.send(org.as.reviewer, 'POST', `${base(org.id, inv.id)}/overrides`, {
      criterionId: 'c1',
      points: 1,
      reason: 'Too early',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('reports.not_graded');
    expect(
      await t.db
        .selectFrom('report_overrides')
        .select('criterion_id')
        .where('invitation_id', '=', inv.id)
        .execute(),
    ).toEqual([]);
  });

  it('notes: reviewers write them, audited, in the report and its timeline; empty refused', async () => {
    const inv = await makeReportInvitation(t.db, org.id, { status: 'started', at: start });
    const url = `${base(org.id, inv.id)}/notes`;
    expect((await t.send(org.as.reviewer, 'POST', url, { body: '   ' })).statusCode).toBe(400);
    const res = await t.send(org.as.reviewer, 'POST', url, { body: 'Strong on tests, weak on naming.' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      body: 'Strong on tests, weak on naming.',
      by: await nameOf(org.users.reviewer.id),
    });
    const report = (await t.send(org.as.recruiter, 'GET', base(org.id, inv.id))).json<Report>();
    expect(report.notes).toHaveLength(1);
    expect(report.timeline.at(-1)).toMatchObject({
      kind: 'note',
      summary: `Note by ${await nameOf(org.users.reviewer.id)}`,
    });
    const audit = await t.db
      .selectFrom('audit_events')
      .selectAll()
      .where('subject_id', '=', inv.id)
      .where('action', '=', 'reports.note_added')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.data).not.toContain('weak on naming');
  });

  it('re-grade: recruiters and above; reviewers 403; not submitted 409; other organization 404', async () => {
    const { inv } = await gradedReport();
    expect((await t.send(org.as.reviewer, 'POST', `${base(org.id, inv.id)}/regrade`, {})).statusCode).toBe(
      403,
    );
    expect((await t.send(other.as.owner, 'POST', `${base(other.id, inv.id)}/regrade`, {})).statusCode).toBe(
      404,
    );
    const started = await makeReportInvitation(t.db, org.id, { status: 'started', at: start });
    const res = await t.send(org.as.recruiter, 'POST', `${base(org.id, started.id)}/regrade`, {});
    expect(res.statusCode).toBe(409);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('reports.not_submitted');
  });

  it('re-grade through the wired grading module: 202 with run #2 pending, the scores of run #1 kept', async () => {
    const { inv } = await gradedReport();
    const res = await t.send(org.as.recruiter, 'POST', `${base(org.id, inv.id)}/regrade`, {});
    expect(res.statusCode).toBe(202);
    const report = res.json<Report>();
    expect(report.grading).toMatchObject({ number: 2, automaticScore: 75, score: 75 });
    expect(report.grading?.status).not.toBe('graded');
    expect(report.timeline.some((e) => e.kind === 'regrade')).toBe(true);
  });

  it('another organization: every report route answers 404', async () => {
    const { inv } = await gradedReport();
    for (const suffix of ['', '/code', '/code/file?path=README.md', '/report.pdf']) {
      const res = await t.send(other.as.owner, 'GET', `${base(other.id, inv.id)}${suffix}`);
      expect([suffix, res.statusCode]).toEqual([suffix, 404]);
    }
    // And its own organization id with someone else's invitation: 404 too.
    expect((await t.send(other.as.owner, 'GET', base(org.id, inv.id))).statusCode).toBe(404);
  });

  it('code view: tree with status against the starter, the diff, one file with its starter; live head before submission', async () => {
    const store = createRepoStore({ root: join(t.dataDir, 'repos') });
    const inv = await makeReportInvitation(t.db, org.id, { status: 'started', at: start });
    const ref = { id: inv.id, organizationId: org.id, testVersionId: inv.test.versionId };
    const repoId = `att-${inv.id}`.slice(0, 60);
    const author = { name: 'Assay', email: 'assay@example.test' };
    const initial = await store.create(
      repoId,
      [
        { path: 'README.md', data: Buffer.from('# Starter\n') },
        { path: 'src/main.py', data: Buffer.from('def solve():\n    pass\n') },
        { path: 'old.txt', data: Buffer.from('remove me\n') },
        { path: 'logo.png', data: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]) },
      ],
      { message: 'Starter', author, at: start },
    );
    const head = await store.commit(repoId, {
      parent: initial,
      changes: [
        { path: 'src/main.py', data: Buffer.from('def solve():\n    return 42\n') },
        { path: 'tests/test_main.py', data: Buffer.from('assert True\n') },
        { path: 'old.txt', data: null },
      ],
      message: 'Solve',
      author,
      at: new Date(start.getTime() + 60_000),
    });
    await makeAttempt(t.db, ref, { id: repoId, at: start, initialCommit: initial, headCommit: head });

    const live = (await t.send(org.as.reviewer, 'GET', `${base(org.id, inv.id)}/code`)).json<ReportCode>();
    expect(live).toMatchObject({ commit: head, submitted: false, initialCommit: initial, truncated: false });
    expect(live.files.map((f) => [f.path, f.status, f.binary])).toEqual([
      ['README.md', 'unchanged', false],
      ['logo.png', 'unchanged', true],
      ['old.txt', 'deleted', false],
      ['src/main.py', 'modified', false],
      ['tests/test_main.py', 'added', false],
    ]);
    expect(live.diff).toContain('+    return 42');
    expect(live.diff).toContain('-remove me');

    const file = (
      await t.send(org.as.reviewer, 'GET', `${base(org.id, inv.id)}/code/file?path=src/main.py`)
    ).json<ReportFile>();
    expect(file).toMatchObject({
      path: 'src/main.py',
      commit: head,
      content: 'def solve():\n    return 42\n',
      starterContent: 'def solve():\n    pass\n',
      status: 'modified',
      binary: false,
    });
    const png = (
      await t.send(org.as.reviewer, 'GET', `${base(org.id, inv.id)}/code/file?path=logo.png`)
    ).json<ReportFile>();
    expect(png).toMatchObject({ content: null, starterContent: null, binary: true, status: 'unchanged' });
    const deleted = (
      await t.send(org.as.reviewer, 'GET', `${base(org.id, inv.id)}/code/file?path=old.txt`)
    ).json<ReportFile>();
    expect(deleted).toMatchObject({ content: null, starterContent: 'remove me\n', status: 'deleted' });
    const missing = await t.send(org.as.reviewer, 'GET', `${base(org.id, inv.id)}/code/file?path=nope.txt`);
    expect(missing.statusCode).toBe(404);
    expect(missing.json<{ error: { code: string } }>().error.code).toBe('reports.file_not_found');
    const escape = await t.send(
      org.as.reviewer,
      'GET',
      `${base(org.id, inv.id)}/code/file?path=../etc/passwd`,
    );
    expect(escape.statusCode).toBe(400);

    // Submitted: the frozen commit, even when the head moved on.
    await t.db
      .updateTable('attempts')
      .set({ submitted_commit: initial, status: 'submitted' })
      .where('id', '=', repoId)
      .execute();
    const frozen = (await t.send(org.as.reviewer, 'GET', `${base(org.id, inv.id)}/code`)).json<ReportCode>();
    expect(frozen).toMatchObject({ commit: initial, submitted: true, diff: '' });
    expect(frozen.files.every((f) => f.status === 'unchanged')).toBe(true);
  });

  it('code view before the start: no commit; a file is 409 reports.no_code', async () => {
    const inv = await makeReportInvitation(t.db, org.id, { status: 'opened', at: start });
    const code = await t.send(org.as.reviewer, 'GET', `${base(org.id, inv.id)}/code`);
    expect(code.json()).toEqual({
      commit: null,
      submitted: false,
      initialCommit: null,
      files: [],
      diff: '',
      truncated: false,
    });
    const file = await t.send(org.as.reviewer, 'GET', `${base(org.id, inv.id)}/code/file?path=README.md`);
    expect(file.statusCode).toBe(409);
    expect(file.json<{ error: { code: string } }>().error.code).toBe('reports.no_code');
  });

  it('PDF: a real PDF with the candidate, score, criteria and notes; safe file name; no-store', async () => {
    const { inv } = await gradedReport(undefined, 'Zoë O\'Brien "Quoted"');
    await t.send(org.as.reviewer, 'POST', `${base(org.id, inv.id)}/notes`, {
      body: 'Hire for the platform team.',
    });
    await t.send(org.as.reviewer, 'POST', `${base(org.id, inv.id)}/overrides`, {
      criterionId: 'style',
      points: 20,
      reason: 'Inconsistent naming',
    });
    const res = await t.send(org.as.reviewer, 'GET', `${base(org.id, inv.id)}/report.pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="report-zoe-o-brien-quoted-test-[a-z0-9-]+\.pdf"$/,
    );
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toContain('%%EOF');
    const text = pdfText(pdf);
    expect(text).toContain('Zoë O\'Brien "Quoted"');
    expect(text).toContain('Criterion correctness');
    expect(text).toContain('Criterion style');
    expect(text).toContain('Score: 70 / 100');
    expect(text).toContain('Automatic score: 75 / 100');
    expect(text).toContain('Inconsistent naming');
    expect(text).toContain('Hire for the platform team.');
    expect(text).toContain('test_edge');
  });

  it('share links: recruiters create them (url once, token hashed), anyone opens them; revoked and expired are 404', async () => {
    const { inv } = await gradedReport();
    await t.send(org.as.reviewer, 'POST', `${base(org.id, inv.id)}/notes`, { body: 'Internal only' });
    const url = `${base(org.id, inv.id)}/share-links`;
    expect((await t.send(org.as.reviewer, 'POST', url, { expiresInDays: 7 })).statusCode).toBe(403);
    expect((await t.send(org.as.recruiter, 'POST', url, { expiresInDays: 31 })).statusCode).toBe(400);
    const created = await t.send(org.as.recruiter, 'POST', url, { expiresInDays: 3 });
    expect(created.statusCode).toBe(201);
    const link = created.json<CreatedShareLink>();
    const token = /#token=(arep_[A-Za-z0-9_-]+)$/.exec(link.url)?.[1] ?? '';
    expect(link.url.startsWith(`${PUBLIC_URL}/shared-report#token=`)).toBe(true);
    expect(link.expiresAt).toBe(new Date(t.clock.now().getTime() + 3 * 86_400_000).toISOString());
    const stored = await t.db
      .selectFrom('report_share_links')
      .selectAll()
      .where('id', '=', link.id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);
    expect(JSON.stringify(stored)).not.toContain(token);

    const open = await t.send(null, 'POST', '/api/shared-report', { token });
    expect(open.statusCode).toBe(200);
    expect(open.headers['cache-control']).toBe('no-store');
    const shared = open.json<SharedReport>();
    expect(shared.candidate).toEqual({ name: 'Ada Lovelace' });
    expect(shared.grading).toEqual({
      status: 'graded',
      number: 1,
      automaticScore: 75,
      score: 75,
      gradedAt: expect.any(String) as string,
    });
    expect(shared.expiresAt).toBe(link.expiresAt);
    expect(open.body).not.toContain('Internal only');
    expect(open.body).not.toContain('build ok');
    expect(open.body).not.toContain('@example.test');
    expect(shared.timeline.some((e) => e.kind === 'note')).toBe(false);
    expect(t.logs.join('')).not.toContain(token);

    const listed = (await t.send(org.as.reviewer, 'GET', base(org.id, inv.id))).json<Report>();
    expect(listed.shareLinks).toEqual([
      { id: link.id, expiresAt: link.expiresAt, createdAt: expect.any(String) as string, revokedAt: null },
    ]);

    // Other organization cannot revoke it; reviewers cannot either.
    expect(
      (await t.send(other.as.owner, 'DELETE', `${base(other.id, inv.id)}/share-links/${link.id}`)).statusCode,
    ).toBe(404);
    expect((await t.send(org.as.reviewer, 'DELETE', `${url}/${link.id}`)).statusCode).toBe(403);
    expect((await t.send(org.as.recruiter, 'DELETE', `${url}/${link.id}`)).statusCode).toBe(204);
    const revoked = await t.send(null, 'POST', '/api/shared-report', { token });
    expect(revoked.statusCode).toBe(404);
    expect(revoked.json<{ error: { code: string; message: string } }>().error).toMatchObject({
      code: 'reports.share_link_invalid',
      message: 'This report link was revoked. Ask the person who sent it for a new one.',
    });

    // Expiry, with the injected clock.
    const second = (
      await t.send(org.as.recruiter, 'POST', url, { expiresInDays: 1 })
    ).json<CreatedShareLink>();
    const secondToken = second.url.split('#token=')[1] ?? '';
    expect((await t.send(null, 'POST', '/api/shared-report', { token: secondToken })).statusCode).toBe(200);
    t.clock.advance(86_400_000 + 1);
    const expired = await t.send(null, 'POST', '/api/shared-report', { token: secondToken });
    expect(expired.statusCode).toBe(404);
    expect(expired.json<{ error: { message: string } }>().error.message).toMatch(
      /^This report link expired on \d{4}-\d{2}-\d{2}\./,
    );

    const bogus = await t.send(null, 'POST', '/api/shared-report', { token: 'arep_nothing' });
    expect(bogus.statusCode).toBe(404);
    const audits = await t.db
      .selectFrom('audit_events')
      .select('action')
      .where('subject_id', '=', inv.id)
      .execute();
    expect(audits.map((a) => a.action)).toEqual(
      expect.arrayContaining(['reports.share_link_created', 'reports.share_link_revoked']),
    );
  });

  it('locate: the organization among my memberships that holds the invitation; 404 otherwise', async () => {
    const inv = await makeReportInvitation(t.db, org.id, { status: 'invited', at: start });
    // A user of both organizations whose current organization is the other one.
    await t.addMembership(org.id, other.users.reviewer.id, 'reviewer');
    const both = await t.sessionFor(other.users.reviewer.id, other.id);
    const res = await t.send(both, 'GET', `/api/reports/${inv.id}/locate`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ organizationId: org.id, invitationId: inv.id });
    const outsider = await t.sessionFor(other.users.owner.id, other.id);
    expect((await t.send(outsider, 'GET', `/api/reports/${inv.id}/locate`)).statusCode).toBe(404);
    expect((await t.send(null, 'GET', `/api/reports/${inv.id}/locate`)).statusCode).toBe(401);
  });
});
