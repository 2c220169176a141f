import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttemptState } from '@assay/contracts';
import { listTimeline } from '../../src/modules/attempts/index.js';
import { testDialect } from '../support/test-db.js';
import { buildAttemptsApp, cloneUrl, git, type AttemptsApp } from '../attempts/attempts-app.js';

/**
 * G1 Repositories: other attempts' repositories 404; credentials in the URL refused and never
 * logged; pushes begun before the deadline accepted, later or oversized ones rejected.
 */
describe(`G1 repositories (${testDialect})`, () => {
  let t: AttemptsApp;
  let base: string;
  let testId: string;
  let org: Awaited<ReturnType<AttemptsApp['organization']>>;

  beforeAll(async () => {
    t = await buildAttemptsApp();
    org = await t.organization();
    testId = (await t.publishedTest(org.id, org.users.owner.id, 'problems')).id;
    base = await t.listen();
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  async function attempt(): Promise<AttemptState & { cookie: string }> {
    const invited = await t.invite(org, testId);
    const s = await t.start(invited.token);
    return { ...(await t.state(s.cookie, s.attemptId)), cookie: s.cookie };
  }
  const basic = (state: AttemptState) =>
    `Basic ${Buffer.from(`${state.git.username}:${state.git.password}`).toString('base64')}`;

  it("another attempt's repository with this attempt's credentials answers 404, like an unknown one", async () => {
    const x = await attempt();
    const y = await attempt();
    const refs = (id: string, auth?: string) =>
      fetch(`${base}/git/${id}.git/info/refs?service=git-upload-pack`, {
        headers: auth ? { authorization: auth } : {},
      });
    expect((await refs(x.attemptId, basic(x))).status).toBe(200);
    expect((await refs(y.attemptId, basic(x))).status).toBe(404);
    expect((await refs('nosuchattempt', basic(x))).status).toBe(404);
    expect((await refs(x.attemptId)).status).toBe(401);
    const wrong = `Basic ${Buffer.from(`candidate:${randomBytes(8).toString('hex')}`).toString('base64')}`;
    expect((await refs(x.attemptId, wrong)).status).toBe(404);
    // A real clone of another attempt's repository fails.
    const work = mkdtempSync(join(tmpdir(), 'assay-g1-'));
    const other = new URL(cloneUrl(base, x).replace(x.attemptId, y.attemptId));
    await expect(git(work, ['clone', other.toString(), 'r'])).rejects.toThrow();
  });

  it('credentials in the query string are refused and never reach the logs', async () => {
    const x = await attempt();
    const res = await fetch(
      `${base}/git/${x.attemptId}.git/info/refs?service=git-upload-pack&password=${x.git.password}`,
      { headers: { authorization: basic(x) } },
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('never in the URL');
    // Clone with user:password@ in the URL: git sends it as HTTP Basic, never logged either.
    const work = mkdtempSync(join(tmpdir(), 'assay-g1-'));
    await git(work, ['clone', '--quiet', cloneUrl(base, x), 'r']);
    const logs = t.logs.join('\n');
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).not.toContain(x.git.password);
    expect(logs).not.toContain(Buffer.from(`candidate:${x.git.password}`).toString('base64'));
  });

  it('pushes: before the deadline accepted; after it or oversized refused, with the timeline recording both', async () => {
    const x = await attempt();
    const work = mkdtempSync(join(tmpdir(), 'assay-g1-push-'));
    await git(work, ['clone', '--quiet', cloneUrl(base, x), 'r']);
    const repo = join(work, 'r');
    const push = () =>
      git(repo, ['push', 'origin', 'HEAD:main']).then(
        () => ({ ok: true, stderr: '' }),
        (error: unknown) => ({ ok: false, stderr: (error as { stderr?: string }).stderr ?? '' }),
      );
    writeFileSync(join(repo, 'huge.txt'), 'z'.repeat(1024 * 1024 + 1));
    await git(repo, ['add', '-A']);
    await git(repo, ['commit', '-qm', 'too big']);
    const oversized = await push();
    expect(oversized.ok).toBe(false);
    expect(oversized.stderr).toMatch(/huge\.txt/);
    await git(repo, ['reset', '--hard', '-q', 'HEAD~1']);
    writeFileSync(join(repo, 'even-pairs', 'solution.py'), 'print("ok")\n');
    await git(repo, ['commit', '-qam', 'fine']);
    expect((await push()).ok).toBe(true);
    const state = await t.state(x.cookie, x.attemptId);
    expect(state.head.commit).not.toBe(x.head.commit);
    t.clock.set(new Date(new Date(state.deadlineAt).getTime() + 1000));
    writeFileSync(join(repo, 'even-pairs', 'solution.py'), 'print("late")\n');
    await git(repo, ['commit', '-qam', 'late']);
    const late = await push();
    expect(late.ok).toBe(false);
    expect(late.stderr).toContain('The time for this test is over');
    expect((await t.state(x.cookie, x.attemptId)).head.commit).toBe(state.head.commit);
    const kinds = (await listTimeline(t.db, x.attemptId)).map((e) => e.kind);
    expect(kinds.filter((k) => k === 'push')).toHaveLength(1);
    expect(kinds).toContain('push_refused');
  }, 60_000);
});
