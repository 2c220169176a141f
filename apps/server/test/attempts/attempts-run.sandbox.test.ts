import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '@assay/contracts';
import { BUILT_IN_LIBRARY_DIR } from '../../src/modules/challenges/index.js';
import { listTimeline } from '../../src/modules/attempts/index.js';
import { testDialect } from '../support/test-db.js';
import { sandboxBackendOrSkip } from '../grading/sandbox-backend.js';
import { buildAttemptsApp, type AttemptsApp } from './attempts-app.js';

// Run on the real sandbox (few cases: they are slow). Under CI=true a missing sandbox fails.
const { backend, reason } = await sandboxBackendOrSkip();

describe.skipIf(backend === null)(`attempt Run on the real sandbox (${testDialect})`, () => {
  let t: AttemptsApp;
  let org: Awaited<ReturnType<AttemptsApp['organization']>>;

  beforeAll(async () => {
    if (backend === null) throw new Error(reason);
    t = await buildAttemptsApp({ execution: backend });
    org = await t.organization();
  }, 120_000);
  afterAll(async () => {
    await t.close();
    await backend?.close();
  });

  async function started(kind: 'project' | 'problems') {
    const test = await t.publishedTest(org.id, org.users.owner.id, kind);
    const invited = await t.invite(org, test.id);
    const s = await t.start(invited.token);
    return { ...s, state: await t.state(s.cookie, s.attemptId) };
  }
  const run = (cookie: string, id: string, body: unknown) =>
    t.candidate(cookie, 'POST', `/api/candidate/attempts/${id}/run`, body);

  it('problems: samples with the saved draft (committed first), then custom input returns the output', async () => {
    const { cookie, attemptId, state } = await started('problems');
    const accepted = readFileSync(
      join(BUILT_IN_LIBRARY_DIR, 'even-pairs/submissions/accepted/even_pairs.py'),
      'utf8',
    );
    const saved = await t.candidate(cookie, 'PUT', `/api/candidate/attempts/${attemptId}/drafts`, {
      baseCommit: state.head.commit,
      changes: [{ op: 'write', path: 'even-pairs/solution.py', content: accepted }],
    });
    expect(saved.statusCode).toBe(200);
    const samples = await run(cookie, attemptId, { problem: 'even-pairs', language: 'python3' });
    expect(samples.statusCode, samples.body).toBe(200);
    const result = samples.json<RunResult>();
    expect(result).toMatchObject({ kind: 'samples', verdict: 'AC' });
    expect(result.cases.length).toBeGreaterThan(0);
    expect(result.cases.every((c) => c.status === 'passed')).toBe(true);
    expect(result.commit).not.toBe(state.head.commit); // drafts were committed before the run
    const input = state.test.problems[0]?.samples[0]?.input ?? '';
    const custom = await run(cookie, attemptId, { problem: 'even-pairs', language: 'python3', input });
    expect(custom.statusCode, custom.body).toBe(200);
    expect(custom.json<RunResult>()).toMatchObject({ kind: 'custom', verdict: 'OK' });
    expect(custom.json<RunResult>().output.trim()).toBe(state.test.problems[0]?.samples[0]?.output.trim());
    const runs = (await listTimeline(t.db, attemptId)).filter((e) => e.kind === 'run');
    expect(runs.map((r) => r.data.verdict)).toEqual(['AC', 'OK']);
    const bad = await run(cookie, attemptId, { problem: 'nope', language: 'python3' });
    expect(bad.statusCode).toBe(400);
  }, 180_000);

  it('project: the visible tests run on the head and report cases', async () => {
    const { cookie, attemptId } = await started('project');
    const res = await run(cookie, attemptId, {});
    expect(res.statusCode, res.body).toBe(200);
    const result = res.json<RunResult>();
    expect(result.kind).toBe('project');
    expect(['passed', 'failed']).toContain(result.verdict);
    expect(result.cases.length).toBeGreaterThan(0);
  }, 180_000);
});
