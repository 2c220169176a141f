import { readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { scoreCriteria, type CriteriaScore } from '../../src/project/criteria-scoring.js';
import { runProject, type ProjectRunnerContext } from '../../src/project/run-project.js';
import { RunnerRequestError } from '../../src/protocol/execution-backend.js';
import { ProjectRequestSchema, type ProjectResult } from '../../src/protocol/project.schema.js';
import { fixtureRequest, loadFixtureChallenge, sandboxOrSkip, submissionTar } from './project-fixtures.js';
import { makeTar } from './tar-fixture.js';

const { host, reason } = await sandboxOrSkip();
const context = (): ProjectRunnerContext => {
  if (host === null) throw new Error(reason);
  return { host, blobDir: '/nonexistent/blobs', envDir: '/nonexistent/env' };
};

const node = loadFixtureChallenge('node-cart');
const python = loadFixtureChallenge('python-stats');
const hiddenIds = (challenge: typeof node) => challenge.criteria.flatMap((c) => c.tests);
const statusOf = (result: ProjectResult) => Object.fromEntries(result.cases.map((c) => [c.id, c.status]));

describe.skipIf(host === null)('project mode on the real sandbox', () => {
  describe('node:test challenge (TAP)', () => {
    it('grades the reference solution into named passing results', async () => {
      const result = await runProject(
        fixtureRequest(node, 'grade', submissionTar(node, 'solution')),
        context(),
      );
      expect(result.buildPassed).toBe(true);
      expect(result.test?.status).toBe('passed');
      const statuses = statusOf(result);
      for (const id of hiddenIds(node)) expect(statuses[id], id).toBe('passed');
      expect(statuses['visible: one item']).toBe('passed');
      expect(scoreCriteria(node.criteria, result).total).toBe(100);
    });

    it('fails the starter on the hidden cases it does not implement', async () => {
      const result = await runProject(
        fixtureRequest(node, 'grade', submissionTar(node, 'starter')),
        context(),
      );
      expect(result.test?.status).toBe('failed');
      const statuses = statusOf(result);
      expect(statuses['cart (hidden) > totals > sums price times quantity']).toBe('passed');
      expect(statuses['cart (hidden) > items > removes an item']).toBe('failed');
      expect(statuses['cart (hidden) > rejects a negative quantity']).toBe('failed');
      const score = scoreCriteria(node.criteria, result);
      expect(score.total).toBe(20);
      expect(score.criteria.find((c) => c.id === 'items')?.messages.join('\n')).toMatch(
        /removes an item: failed: not implemented/,
      );
    });

    it("never shows hidden tests in a candidate's Run", async () => {
      const result = await runProject(
        fixtureRequest(node, 'run', submissionTar(node, 'solution')),
        context(),
      );
      expect(result.cases.map((c) => c.id).sort()).toEqual([
        'visible: an empty cart totals zero',
        'visible: one item',
      ]);
      const everything = JSON.stringify(result);
      expect(everything).not.toMatch(/hidden/);
      expect(scoreCriteria(node.criteria, result).total).toBe(0);
      // The protocol refuses a Run that carries hidden files at all.
      const smuggled = { ...fixtureRequest(node, 'grade', submissionTar(node, 'solution')), variant: 'run' };
      expect(ProjectRequestSchema.safeParse(smuggled).success).toBe(false);
    });

    describe('cheats never pass hidden cases they did not pass', () => {
      let starterScore: CriteriaScore;
      let starterFailed: Set<string>;
      beforeAll(async () => {
        const starter = await runProject(
          fixtureRequest(node, 'grade', submissionTar(node, 'starter')),
          context(),
        );
        starterScore = scoreCriteria(node.criteria, starter);
        starterFailed = new Set(starterScore.criteria.flatMap((c) => [...c.failed, ...c.missing]));
        expect(starterFailed.size).toBeGreaterThan(0);
      });
      const cheat = (file: string) =>
        submissionTar(node, 'starter', {
          'src/cart.js': readFileSync(join(node.dir, 'cheats', file)),
          'src/fake-tap.js': readFileSync(join(node.dir, 'cheats', 'fake-tap.js')),
        });

      it.each(['fake-results.cart.js', 'exit-early.cart.js', 'plant-results.cart.js'])('%s', async (file) => {
        const result = await runProject(fixtureRequest(node, 'grade', cheat(file)), context());
        const score = scoreCriteria(node.criteria, result);
        const passed = new Set(score.criteria.flatMap((c) => c.passed));
        for (const id of starterFailed) expect(passed.has(id), id).toBe(false);
        expect(score.total).toBeLessThanOrEqual(starterScore.total);
        if (file === 'plant-results.cart.js') {
          expect(result.log).toMatch(/a-link\.tap: skipped, a symbolic link/);
          expect(result.log).toMatch(/b-fifo\.tap: skipped, not a regular file/);
          expect(result.log).toMatch(/c-huge\.tap: skipped, over the 4194304 byte limit/);
          // The planted files were ignored, so the real report counts as it did for the starter.
          expect(score.total).toBe(starterScore.total);
        }
      });
    });

    it('fails every case when the build fails, and does not run the tests', async () => {
      const request = {
        ...fixtureRequest(node, 'grade', submissionTar(node, 'solution')),
        build: 'echo compiling; exit 3',
      };
      const result = await runProject(request, context());
      expect(result.build).toMatchObject({ status: 'failed', exitCode: 3 });
      expect(result.buildPassed).toBe(false);
      expect(result.test).toBeNull();
      expect(result.log).toMatch(/--- build: exit 3[\s\S]*compiling/);
      expect(scoreCriteria(node.criteria, result).total).toBe(0);
    });

    it('stops a test command at its time limit', async () => {
      const request = {
        ...fixtureRequest(node, 'run', submissionTar(node, 'solution')),
        test: 'while :; do :; done',
        limits: { test: { cpuMs: 1000, wallMs: 3000 } },
      };
      const result = await runProject(request, context());
      expect(result.test?.status).toBe('timeout');
      expect(result.cases).toEqual([]);
    });

    it('binds the prepared env read-only and links node_modules to it', async () => {
      const env = await mkdtemp(join(tmpdir(), 'assay-env-'));
      try {
        await mkdir(join(env, 'node_modules', 'greet'), { recursive: true });
        await writeFile(
          join(env, 'node_modules', 'greet', 'index.js'),
          "module.exports = () => 'hello from env';\n",
        );
        await chmod(env, 0o755);
        const request = {
          ...fixtureRequest(
            node,
            'run',
            submissionTar(node, 'starter', { 'node_modules/greet/index.js': 'candidate copy' }),
          ),
          env: { kind: 'path' as const, path: env },
          test: 'node -e "console.log(require(\'greet\')())" && touch /env/x',
        };
        const result = await runProject(request, context());
        expect(result.log).toMatch(/hello from env/);
        expect(result.log).toMatch(/Read-only file system/);
        expect(result.test?.status).toBe('failed');
      } finally {
        await rm(env, { recursive: true, force: true });
      }
    });

    it('allows file locks and loopback networking, as test suites need them', async () => {
      const loopback =
        "const s=require('net').createServer(c=>c.end('pong')).listen(0,'127.0.0.1',()=>{require('net').connect(s.address().port,'127.0.0.1').on('data',d=>{console.log(String(d));s.close();})})";
      const request = {
        ...fixtureRequest(node, 'run', submissionTar(node, 'starter')),
        test: [
          '/bin/sh',
          '-c',
          `/usr/bin/python3 -c "import fcntl; f=open('/project/lock','w'); fcntl.flock(f, fcntl.LOCK_EX); print('locked')" && node -e "${loopback}"`,
        ],
      };
      const result = await runProject(request, context());
      expect(result.log).toMatch(/locked[\s\S]*pong/);
      expect(result.test?.status).toBe('passed');
    });

    it('refuses a submission with a symbolic link before running anything', async () => {
      const tar = makeTar([
        { name: 'src/cart.js', data: 'export {}' },
        { name: 'node_modules', type: '2', linkname: '/etc' },
      ]);
      const request = fixtureRequest(node, 'grade', tar);
      await expect(runProject(request, context())).rejects.toThrow(RunnerRequestError);
      await expect(runProject(request, context())).rejects.toThrow(
        /submission: "node_modules": symbolic links are not allowed/,
      );
    });
  });

  describe('Python unittest challenge (JUnit XML)', () => {
    it('grades the reference solution into named passing results', async () => {
      const result = await runProject(
        fixtureRequest(python, 'grade', submissionTar(python, 'solution')),
        context(),
      );
      const statuses = statusOf(result);
      for (const id of hiddenIds(python)) expect(statuses[id], id).toBe('passed');
      expect(statuses['tests.test_stats.VisibleStatsTest.test_visible_mean']).toBe('passed');
      expect(scoreCriteria(python.criteria, result).total).toBe(100);
    });

    it('fails the starter where it is incomplete, and restores the read-only reporter', async () => {
      // The candidate "fixed" the reporter to report success; the original is restored before the run.
      const tampered = "open('/results/junit.xml', 'w').write('<testsuite/>')\n";
      const result = await runProject(
        fixtureRequest(python, 'grade', submissionTar(python, 'starter', { 'run_tests.py': tampered })),
        context(),
      );
      const statuses = statusOf(result);
      expect(statuses['tests.hidden.test_hidden_stats.HiddenMeanTest.test_mean_of_floats']).toBe('passed');
      expect(statuses['tests.hidden.test_hidden_stats.HiddenMeanTest.test_mean_of_empty_raises']).toBe(
        'error',
      );
      expect(statuses['tests.hidden.test_hidden_stats.HiddenMedianTest.test_median_odd']).toBe('error');
      expect(scoreCriteria(python.criteria, result).total).toBe(25);
    });
  });
});
