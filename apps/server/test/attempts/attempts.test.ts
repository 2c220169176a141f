import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SaveDraftsResult, SubmissionReceipt, WorkspaceFile, WorkspaceTree } from '@assay/contracts';
import { listTimeline } from '../../src/modules/attempts/index.js';
import { testDialect } from '../support/test-db.js';
import { buildAttemptsApp, cloneUrl, git, type AttemptsApp } from './attempts-app.js';

type Org = Awaited<ReturnType<AttemptsApp['organization']>>;

describe(`attempts (${testDialect})`, () => {
  let t: AttemptsApp;
  let org: Org;
  let problemsTest: { id: string };
  let base: string;

  beforeAll(async () => {
    t = await buildAttemptsApp();
    org = await t.organization();
    problemsTest = await t.publishedTest(org.id, org.users.owner.id, 'problems');
    base = await t.listen();
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  async function started() {
    const { token, invitationId } = await t.invite(org, problemsTest.id);
    const { res, cookie, attemptId } = await t.start(token);
    expect(res.statusCode, res.body).toBe(201);
    return { token, invitationId, cookie, attemptId };
  }
  const url = (attemptId: string, rest = '') => `/api/candidate/attempts/${attemptId}${rest}`;
  const drafts = (cookie: string, attemptId: string, baseCommit: string, changes: unknown[]) =>
    t.candidate(cookie, 'PUT', url(attemptId, '/drafts'), { baseCommit, changes });
  const tree = async (cookie: string, attemptId: string) =>
    (await t.candidate(cookie, 'GET', url(attemptId, '/files'))).json<WorkspaceTree>();
  const draftRows = (attemptId: string) =>
    t.db
      .selectFrom('attempt_drafts')
      .selectAll()
      .where('attempt_id', '=', attemptId)
      .orderBy('path')
      .execute();

  it('nothing starts on GET; POST start starts once (cookie, repository, timeline, finalize job); double start → one attempt', async () => {
    const { token, invitationId } = await t.invite(org, problemsTest.id);
    const page = await t.app.inject({ method: 'GET', url: '/take' });
    expect(page.statusCode).toBeLessThan(500);
    expect(
      await t.db.selectFrom('attempts').selectAll().where('invitation_id', '=', invitationId).execute(),
    ).toEqual([]);
    const [a, b] = await Promise.all([t.start(token), t.start(token)]);
    expect([a.res.statusCode, b.res.statusCode].sort()).toEqual([200, 201]);
    expect(a.attemptId).toBe(b.attemptId);
    const rows = await t.db
      .selectFrom('attempts')
      .selectAll()
      .where('invitation_id', '=', invitationId)
      .execute();
    expect(rows).toHaveLength(1);
    const setCookie = String(a.res.headers['set-cookie']);
    expect(setCookie).toMatch(/^assay_attempt=aatt_/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).toContain('Path=/api/candidate');
    const invitation = await t.db
      .selectFrom('invitations')
      .select(['status', 'started_at'])
      .where('id', '=', invitationId)
      .executeTakeFirstOrThrow();
    expect(invitation.status).toBe('started');
    const jobs = await t.db.selectFrom('jobs').selectAll().where('name', '=', 'attempts.finalize').execute();
    expect(jobs.some((j) => j.payload.includes(a.attemptId))).toBe(true);
    // Resume (another device): same attempt, 200, a second session that also works.
    const again = await t.start(token);
    expect(again.res.statusCode).toBe(200);
    expect(again.res.json()).toEqual({ attemptId: a.attemptId, created: false });
    expect((await t.state(again.cookie, a.attemptId)).attemptId).toBe(a.attemptId);
    const kinds = (await listTimeline(t.db, a.attemptId)).map((e) => e.kind);
    expect(kinds[0]).toBe('started');
    expect(kinds.filter((k) => k === 'resumed').length).toBe(2);
  });

  it('expired and cancelled invitations get a clear 409; an unknown token 404', async () => {
    const expired = await t.invite(org, problemsTest.id);
    await t.db
      .updateTable('invitations')
      .set({ expires_at: new Date(t.clock.now().getTime() - 1000).toISOString() })
      .where('id', '=', expired.invitationId)
      .execute();
    const e = await t.start(expired.token);
    expect(e.res.statusCode).toBe(409);
    expect(e.res.json<{ error: { code: string; message: string } }>().error).toMatchObject({
      code: 'invitations.invalid_state',
      message: expect.stringContaining('expired') as string,
    });
    const cancelled = await t.invite(org, problemsTest.id);
    const c = await t.send(
      org.as.recruiter,
      'POST',
      `/api/orgs/${org.id}/invitations/${cancelled.invitationId}/cancel`,
      {},
    );
    expect(c.statusCode, c.body).toBe(200);
    // Cancelling retires the link itself: the same answer as the landing page's.
    const r = await t.start(cancelled.token);
    expect(r.res.statusCode).toBe(404);
    expect(r.res.json<{ error: { code: string } }>().error.code).toBe('invitations.not_found');
    expect((await t.start('ainv_unknown')).res.statusCode).toBe(404);
    expect(
      await t.db
        .selectFrom('attempts')
        .selectAll()
        .where('invitation_id', 'in', [expired.invitationId, cancelled.invitationId])
        .execute(),
    ).toEqual([]);
  });

  it('state, tree and file: statement folder + template, git credentials, live deadline', async () => {
    const { cookie, attemptId } = await started();
    const state = await t.state(cookie, attemptId);
    expect(state).toMatchObject({
      status: 'active',
      invitationStatus: 'started',
      test: { kind: 'problems', languages: ['python3', 'cpp'] },
      timeLimitMinutes: 60,
      pendingDrafts: 0,
      submission: null,
      git: { username: 'candidate', cloneUrl: `https://assay.example.test/git/${attemptId}.git` },
    });
    expect(state.git.password).toMatch(/^agit_/);
    expect(new Date(state.deadlineAt).getTime() - new Date(state.startedAt).getTime()).toBe(60 * 60_000);
    expect(state.test.problems[0]?.slug).toBe('even-pairs');
    expect(state.test.problems[0]?.samples.length).toBeGreaterThan(0);
    const files = await tree(cookie, attemptId);
    expect(files.entries.map((e) => e.path)).toEqual(['even-pairs/README.md', 'even-pairs/solution.py']);
    expect(files.headCommit).toBe(state.head.commit);
    const file = await t.candidate(cookie, 'GET', url(attemptId, '/file?path=even-pairs/solution.py'));
    expect(file.statusCode).toBe(200);
    expect(file.json<WorkspaceFile>().content).toContain('import sys');
    const row = await t.db
      .selectFrom('attempts')
      .selectAll()
      .where('id', '=', attemptId)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(state.git.password);
  });

  it('drafts: write, rename, delete are laid over the head; files are unchanged in git until a commit', async () => {
    const { cookie, attemptId } = await started();
    const head = (await t.state(cookie, attemptId)).head.commit;
    const saved = await drafts(cookie, attemptId, head, [
      { op: 'write', path: 'even-pairs/solution.py', content: 'print(0)\n' },
      { op: 'write', path: 'even-pairs/notes/ideas.md', content: '# ideas\n' },
      { op: 'rename', from: 'even-pairs/README.md', path: 'even-pairs/STATEMENT.md' },
    ]);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json<SaveDraftsResult>()).toMatchObject({ headCommit: head, committed: null });
    const entries = (await tree(cookie, attemptId)).entries;
    expect(entries.map((e) => [e.path, e.draft])).toEqual([
      ['even-pairs/README.md', 'deleted'],
      ['even-pairs/STATEMENT.md', 'added'],
      ['even-pairs/notes/ideas.md', 'added'],
      ['even-pairs/solution.py', 'changed'],
    ]);
    const file = await t.candidate(cookie, 'GET', url(attemptId, '/file?path=even-pairs/solution.py'));
    expect(file.json<WorkspaceFile>()).toMatchObject({ content: 'print(0)\n', draft: true });
    const del = await drafts(cookie, attemptId, head, [{ op: 'delete', path: 'even-pairs/notes/ideas.md' }]);
    expect(del.statusCode).toBe(200);
    expect((await draftRows(attemptId)).map((d) => d.path)).toEqual([
      'even-pairs/README.md',
      'even-pairs/STATEMENT.md',
      'even-pairs/solution.py',
    ]);
    expect((await t.state(cookie, attemptId)).head.commit).toBe(head);
    // Commit: one new commit, drafts gone, timeline entry.
    const committed = await t.candidate(cookie, 'POST', url(attemptId, '/commit'), {});
    expect(committed.statusCode, committed.body).toBe(200);
    const after = (await t.state(cookie, attemptId)).head.commit;
    expect(after).not.toBe(head);
    expect(committed.json()).toEqual({ headCommit: after, committed: true });
    expect(await draftRows(attemptId)).toEqual([]);
    expect((await tree(cookie, attemptId)).entries.map((e) => [e.path, e.draft])).toEqual([
      ['even-pairs/STATEMENT.md', 'none'],
      ['even-pairs/solution.py', 'none'],
    ]);
    expect((await listTimeline(t.db, attemptId)).filter((e) => e.kind === 'commit')).toHaveLength(1);
  });

  it('refuses bad input with 400 naming the file; repository and drafts unchanged', async () => {
    const { cookie, attemptId } = await started();
    const head = (await t.state(cookie, attemptId)).head.commit;
    await drafts(cookie, attemptId, head, [{ op: 'write', path: 'keep.txt', content: 'kept' }]);
    const before = await draftRows(attemptId);
    const cases: [unknown, string, string][] = [
      [{ op: 'write', path: '../x', content: 'x' }, 'request.invalid', '../x'],
      [{ op: 'write', path: '/etc/passwd', content: 'x' }, 'request.invalid', '/etc/passwd'],
      [{ op: 'write', path: '.git/config', content: 'x' }, 'request.invalid', '.git/config'],
      [{ op: 'write', path: 'a/.git/hooks/x', content: 'x' }, 'request.invalid', '.git/hooks'],
      [{ op: 'write', path: 'bin.dat', content: 'a\u0000b' }, 'attempts.binary_content', 'bin.dat'],
      [
        { op: 'write', path: 'big.txt', content: 'x'.repeat(1024 * 1024 + 1) },
        'attempts.too_large',
        'big.txt',
      ],
      [{ op: 'rename', from: 'nope.txt', path: 'y.txt' }, 'attempts.invalid_path', 'nope.txt'],
      [{ op: 'write', path: 'keep.txt/inner', content: 'x' }, 'attempts.invalid_path', 'keep.txt/inner'],
    ];
    for (const [change, code, named] of cases) {
      const res = await drafts(cookie, attemptId, head, [
        { op: 'write', path: 'ok.txt', content: 'fine' },
        change,
      ]);
      expect(res.statusCode, JSON.stringify(change).slice(0, 80)).toBe(400);
      const error = res.json<{ error: { code: string; message: string; details?: unknown } }>().error;
      expect(error.code).toBe(code);
      expect(JSON.stringify(error)).toContain(named);
    }
    expect(await draftRows(attemptId)).toEqual(before);
    expect((await t.state(cookie, attemptId)).head.commit).toBe(head);
  });

  it('limits: 501 files and 20 MiB in total are refused, naming a file', async () => {
    const { cookie, attemptId } = await started();
    const head = (await t.state(cookie, attemptId)).head.commit;
    // 2 starter files + 498 = 500: accepted; one more is 501.
    for (let batch = 0; batch < 5; batch += 1) {
      const count = batch < 4 ? 100 : 98;
      const changes = Array.from({ length: count }, (_, i) => ({
        op: 'write',
        path: `many/f${String(batch)}-${String(i)}.txt`,
        content: 'x',
      }));
      const res = await drafts(cookie, attemptId, head, changes);
      expect(res.statusCode, res.body).toBe(200);
    }
    const over = await drafts(cookie, attemptId, head, [
      { op: 'write', path: 'many/one-more.txt', content: 'x' },
    ]);
    expect(over.statusCode).toBe(400);
    expect(over.json<{ error: { code: string; message: string } }>().error).toMatchObject({
      code: 'attempts.too_large',
      message: expect.stringContaining('501 files') as string,
    });

    const second = await started();
    const head2 = (await t.state(second.cookie, second.attemptId)).head.commit;
    const mib = 'y'.repeat(1024 * 1024);
    let refused: string | undefined;
    for (let i = 0; i < 25 && refused === undefined; i += 3) {
      const changes = [0, 1, 2].map((j) => ({ op: 'write', path: `big/${String(i + j)}.txt`, content: mib }));
      const res = await drafts(second.cookie, second.attemptId, head2, changes);
      if (res.statusCode !== 200) {
        expect(res.statusCode).toBe(400);
        refused = res.json<{ error: { code: string; message: string } }>().error.message;
        expect(res.json<{ error: { code: string } }>().error.code).toBe('attempts.too_large');
      }
    }
    expect(refused).toMatch(/in total/);
    expect((await draftRows(second.attemptId)).length).toBeLessThanOrEqual(20);
  }, 60_000);

  it('a real git push moves the head: stale saves get 409 head_moved, pushed binaries show as binary', async () => {
    const { cookie, attemptId } = await started();
    const state = await t.state(cookie, attemptId);
    await drafts(cookie, attemptId, state.head.commit, [
      { op: 'write', path: 'even-pairs/solution.py', content: 'draft\n' },
    ]);
    const work = mkdtempSync(join(tmpdir(), 'assay-clone-'));
    await git(work, ['clone', cloneUrl(base, state), 'repo']);
    const repo = join(work, 'repo');
    writeFileSync(join(repo, 'even-pairs', 'solution.py'), 'print("pushed")\n');
    writeFileSync(join(repo, 'logo.bin'), Buffer.from([0, 1, 2, 255, 254]));
    await git(repo, ['add', '-A']);
    await git(repo, ['commit', '-m', 'from my laptop']);
    await git(repo, ['push', 'origin', 'HEAD:main']);
    const after = await t.state(cookie, attemptId);
    expect(after.head.commit).not.toBe(state.head.commit);
    const stale = await drafts(cookie, attemptId, state.head.commit, [
      { op: 'write', path: 'even-pairs/solution.py', content: 'overwrite\n' },
    ]);
    expect(stale.statusCode).toBe(409);
    expect(stale.json<{ error: { code: string } }>().error.code).toBe('attempts.head_moved');
    // The draft saved before the push is kept (shown as a conflict by the IDE), not overwritten.
    expect((await draftRows(attemptId)).map((d) => d.content)).toEqual(['draft\n']);
    const entries = (await tree(cookie, attemptId)).entries;
    expect(entries.find((e) => e.path === 'logo.bin')).toMatchObject({ binary: true, size: 5 });
    const bin = await t.candidate(cookie, 'GET', url(attemptId, '/file?path=logo.bin'));
    expect(bin.json<WorkspaceFile>().content).toBeNull();
    const push = (await listTimeline(t.db, attemptId)).find((e) => e.kind === 'push');
    expect(push?.data).toMatchObject({ before: state.head.commit, after: after.head.commit, commits: 1 });
    // Explicit commit with drafts based on the old head: head_moved; after a save on the new head it commits.
    expect((await t.candidate(cookie, 'POST', url(attemptId, '/commit'), {})).statusCode).toBe(409);
    const ok = await drafts(cookie, attemptId, after.head.commit, [
      { op: 'write', path: 'even-pairs/solution.py', content: 'merged\n' },
    ]);
    expect(ok.statusCode).toBe(200);
    expect((await t.candidate(cookie, 'POST', url(attemptId, '/commit'), {})).json()).toMatchObject({
      committed: true,
    });
    await git(repo, ['pull', '--ff-only', 'origin', 'main']);
    expect(readFileSync(join(repo, 'even-pairs', 'solution.py'), 'utf8')).toBe('merged\n');
  }, 60_000);

  it('autosave commits drafts at most every 30 s (injected clock)', async () => {
    const { cookie, attemptId } = await started();
    let head = (await t.state(cookie, attemptId)).head.commit;
    const save = async (content: string) => {
      const res = await drafts(cookie, attemptId, head, [
        { op: 'write', path: 'even-pairs/solution.py', content },
      ]);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json<SaveDraftsResult>();
      head = body.headCommit;
      return body.committed;
    };
    t.clock.advance(10_000);
    expect(await save('a')).toBeNull();
    t.clock.advance(19_000);
    expect(await save('b')).toBeNull();
    t.clock.advance(1_000); // 30 s after start
    const first = await save('c');
    expect(first).toMatch(/^[0-9a-f]{40}$/);
    t.clock.advance(29_999);
    expect(await save('d')).toBeNull();
    t.clock.advance(1);
    expect(await save('e')).toMatch(/^[0-9a-f]{40}$/);
    expect((await listTimeline(t.db, attemptId)).filter((e) => e.kind === 'commit')).toHaveLength(2);
  });

  it('submit: drafts committed, head frozen, invitation submitted, grading queued, receipt mailed; idempotent', async () => {
    const { cookie, attemptId, invitationId, email } = await (async () => {
      const invited = await t.invite(org, problemsTest.id);
      const s = await t.start(invited.token);
      return { ...s, invitationId: invited.invitationId, email: invited.email };
    })();
    const head = (await t.state(cookie, attemptId)).head.commit;
    await drafts(cookie, attemptId, head, [
      { op: 'write', path: 'even-pairs/solution.py', content: 'print(1)\n' },
    ]);
    const [first, second] = await Promise.all([
      t.candidate(cookie, 'POST', url(attemptId, '/submit'), {}),
      t.candidate(cookie, 'POST', url(attemptId, '/submit'), {}),
    ]);
    expect(first.statusCode, first.body).toBe(200);
    expect(second.statusCode, second.body).toBe(200);
    const receipt = first.json<SubmissionReceipt>();
    expect(second.json()).toEqual(receipt);
    expect(receipt).toMatchObject({ attemptId, reason: 'candidate', files: 2 });
    expect(receipt.commit).not.toBe(head);
    const third = await t.candidate(cookie, 'POST', url(attemptId, '/submit'), {});
    expect(third.json()).toEqual(receipt);
    expect(await draftRows(attemptId)).toEqual([]);
    const state = await t.state(cookie, attemptId);
    expect(state.submission).toMatchObject({ commit: receipt.commit, reason: 'candidate' });
    const invitation = await t.db
      .selectFrom('invitations')
      .select('status')
      .where('id', '=', invitationId)
      .executeTakeFirstOrThrow();
    expect(invitation.status).toBe('submitted');
    const gradings = await t.db
      .selectFrom('gradings')
      .selectAll()
      .where('attempt_id', '=', attemptId)
      .execute();
    expect(gradings.map((g) => g.commit)).toEqual([receipt.commit]);
    const mails = await t.db
      .selectFrom('mails')
      .selectAll()
      .where('to_address', '=', email)
      .where('kind', '=', 'attempts.receipt')
      .execute();
    expect(mails).toHaveLength(1);
    expect(mails[0]?.text_body).toContain(receipt.commit.slice(0, 12));
    // Closed for changes now; Start answers 409 attempts.submitted.
    const late = await drafts(cookie, attemptId, receipt.commit, [
      { op: 'write', path: 'x.txt', content: 'x' },
    ]);
    expect(late.json<{ error: { code: string } }>().error.code).toBe('attempts.closed');
    const invited = await t.db
      .selectFrom('invitations')
      .select('token_hash')
      .where('id', '=', invitationId)
      .executeTakeFirstOrThrow();
    expect(invited.token_hash).not.toBeNull();
  });

  it('a submitted invitation cannot be started again (409 attempts.submitted)', async () => {
    const { token, cookie, attemptId } = await started();
    expect((await t.candidate(cookie, 'POST', url(attemptId, '/submit'), {})).statusCode).toBe(200);
    const again = await t.start(token);
    expect(again.res.statusCode).toBe(409);
    expect(again.res.json<{ error: { code: string } }>().error.code).toBe('attempts.submitted');
  });

  it('cookies: none → 401, another attempt → 404, staff cookies are irrelevant; a staff session does not break candidate writes', async () => {
    const x = await started();
    const y = await started();
    expect((await t.app.inject({ method: 'GET', url: url(x.attemptId) })).statusCode).toBe(401);
    expect((await t.candidate(y.cookie, 'GET', url(x.attemptId))).statusCode).toBe(404);
    expect(
      (await t.candidate(y.cookie, 'GET', url(x.attemptId, '/file?path=even-pairs/solution.py'))).statusCode,
    ).toBe(404);
    const staff = await t.sessionFor(org.users.owner.id, org.id);
    expect((await t.candidate(staff.cookie, 'GET', url(x.attemptId))).statusCode).toBe(401);
    // 401 comes before body validation.
    expect((await t.candidate('', 'PUT', url(x.attemptId, '/drafts'), { nonsense: true })).statusCode).toBe(
      401,
    );
    // A recruiter previewing their own test in the same browser: both cookies, no CSRF token.
    const head = (await t.state(x.cookie, x.attemptId)).head.commit;
    const both = await t.candidate(`${staff.cookie}; ${x.cookie}`, 'PUT', url(x.attemptId, '/drafts'), {
      baseCommit: head,
      changes: [{ op: 'write', path: 'even-pairs/solution.py', content: 'ok\n' }],
    });
    expect(both.statusCode, both.body).toBe(200);
    // Writes stay JSON-only and same-site.
    const plain = await t.app.inject({
      method: 'POST',
      url: url(x.attemptId, '/commit'),
      headers: { cookie: x.cookie, 'content-type': 'text/plain' },
      payload: '{}',
    });
    expect(plain.statusCode).toBe(403);
    const cross = await t.candidate(
      x.cookie,
      'POST',
      url(x.attemptId, '/commit'),
      {},
      { 'sec-fetch-site': 'cross-site' },
    );
    expect(cross.statusCode).toBe(403);
    // Normal IDE use (autosave every 2 s + polling every 5 s for a minute) stays under the limit.
    for (let i = 0; i < 45; i += 1)
      expect((await t.candidate(x.cookie, 'GET', url(x.attemptId))).statusCode).toBe(200);
  });

  it('Run without a sandbox runner answers 503 attempts.runner_unavailable', async () => {
    const { cookie, attemptId } = await started();
    const res = await t.candidate(cookie, 'POST', url(attemptId, '/run'), {
      problem: 'even-pairs',
      language: 'python3',
    });
    expect(res.statusCode).toBe(503);
    expect(res.json<{ error: { code: string; message: string } }>().error.code).toBe(
      'attempts.runner_unavailable',
    );
  });

  it('no log line carries a token, a session or a git password', async () => {
    const { token, cookie, attemptId } = await started();
    const state = await t.state(cookie, attemptId);
    const text = t.logs.join('\n');
    expect(text).not.toContain(token);
    expect(text).not.toContain(cookie.split('=')[1] ?? 'x');
    expect(text).not.toContain(state.git.password);
  });
});
