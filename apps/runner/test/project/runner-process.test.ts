import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { processesOfUid, SLOT_UID_BASE, defaultSlotCount } from '../../src/sandbox/index.js';
import { createLocalRunnerClient, scoreCriteria, type JudgeTestResult } from '../../src/protocol/index.js';
import { fixtureRequest, loadFixtureChallenge, sandboxOrSkip, submissionTar } from './project-fixtures.js';

// The runner must never pass this on: it is in the test process's environment only.
const CANARY = 'assay-runner-env-canary-5c1d';
process.env.ASSAY_RUNNER_TEST_CANARY = CANARY;

const { host } = await sandboxOrSkip();
const node = loadFixtureChallenge('node-cart');
const SUM = resolve(import.meta.dirname, '../fixtures/problems/sum');
const logs: string[] = [];
const client = createLocalRunnerClient({ onLog: (line) => logs.push(line) });
afterAll(() => client.close());

// Other test files use the slots concurrently: look only for our own sleeper, by its odd argument.
const SLEEPER = 'sleep 59.25';
const sleepersLeft = () =>
  Array.from({ length: defaultSlotCount() }, (_, i) => processesOfUid(SLOT_UID_BASE + i))
    .flat()
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('59.25');
      } catch {
        return false;
      }
    });

describe.skipIf(host === null)('assay-runner process over its stdin/stdout pipe', () => {
  it('reports a passing self-test', async () => {
    const health = await client.health();
    expect(health.ok).toBe(true);
    expect(health.checks.length).toBeGreaterThan(0);
    expect(health.protocolVersion).toBe(1);
  });

  it('grades a project and keeps hidden tests out of a candidate Run', async () => {
    const graded = await client.runProject(fixtureRequest(node, 'grade', submissionTar(node, 'solution')));
    expect(scoreCriteria(node.criteria, graded).total).toBe(100);
    const run = await client.runProject(fixtureRequest(node, 'run', submissionTar(node, 'solution')));
    expect(run.cases.map((c) => c.id).sort()).toEqual([
      'visible: an empty cart totals zero',
      'visible: one item',
    ]);
    expect(JSON.stringify(run)).not.toMatch(/hidden/);
  });

  it('passes none of its environment on to sandboxed code', async () => {
    const request = {
      ...fixtureRequest(node, 'run', submissionTar(node, 'starter')),
      test: 'env; cat /proc/1/environ; echo',
    };
    const result = await client.runProject(request);
    expect(result.test?.status).toBe('passed');
    expect(result.log).toMatch(/PATH=/);
    expect(result.log).not.toContain(CANARY);
  });

  it('answers a bad request with an error, not a crash', async () => {
    const request = {
      ...fixtureRequest(node, 'grade', submissionTar(node, 'solution')),
      test: [] as string[],
    };
    await expect(client.runProject(request)).rejects.toMatchObject({ code: 'bad_request' });
    expect((await client.health()).ok).toBe(true);
  });

  it('judges an algorithmic submission with per-test progress', async () => {
    const tests: JudgeTestResult[] = [];
    const result = await client.judge(
      {
        submission: {
          kind: 'files',
          files: [
            {
              path: 'sum.py',
              data: readFileSync(resolve(SUM, 'submissions/accepted/sum.py')).toString('base64'),
            },
          ],
        },
        problem: { kind: 'path', path: SUM },
        limits: { timeMs: 2000 },
      },
      { onTest: (test) => tests.push(test) },
    );
    expect(result.verdict).toBe('AC');
    expect(tests.length).toBe(result.tests.length);
    expect(tests.every((t) => t.verdict === 'AC')).toBe(true);
  });

  it('cancels a running request and leaves no sandboxed process behind', async () => {
    const controller = new AbortController();
    const request = { ...fixtureRequest(node, 'run', submissionTar(node, 'starter')), test: SLEEPER };
    const running = client.runProject(request, { signal: controller.signal });
    setTimeout(() => controller.abort(), 1000);
    await expect(running).rejects.toMatchObject({ code: 'aborted' });
    expect(sleepersLeft()).toEqual([]);
  });

  it('exits when its pipe closes, killing the sandboxes it runs', async () => {
    const own = createLocalRunnerClient({ onLog: () => undefined });
    expect((await own.health()).ok).toBe(true);
    const request = { ...fixtureRequest(node, 'run', submissionTar(node, 'starter')), test: SLEEPER };
    const outcome = own.runProject(request).then(
      () => 'finished',
      (error: unknown) => (error as { code: string }).code,
    );
    // Give the sandbox time to start, then close the pipe.
    await new Promise((r) => setTimeout(r, 1500));
    await own.close();
    // The runner aborts what it runs and answers so before it exits.
    expect(await outcome).toMatch(/^(aborted|runner_unavailable)$/);
    expect(sleepersLeft()).toEqual([]);
  });

  it('fails closed: a runner that cannot start its sandbox exits and names why', async () => {
    const broken = createLocalRunnerClient({ args: ['--slots', '0'], onLog: () => undefined });
    await expect(broken.health()).rejects.toMatchObject({
      code: 'runner_unavailable',
      message: /exited with code 1[\s\S]*slotCount/,
    });
    await broken.close();
  });
});
