import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runProblemVerifyCommand, type VerifyRow } from '../../src/cli/problem-verify-command.js';
import { captureIo } from './command-io.js';

// Runs on the real sandbox: without bwrap, cgroups or root the command fails, and so does
// this test (never skipped, also under CI=true).
const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/problems');

async function verify(name: string): Promise<{ code: number; rows: VerifyRow[]; stderr: string }> {
  const io = captureIo();
  const code = await runProblemVerifyCommand([join(FIXTURES, name), '--json'], io);
  const parsed =
    io.out() === '' ? { submissions: [] } : (JSON.parse(io.out()) as { submissions: VerifyRow[] });
  return { code, rows: parsed.submissions, stderr: io.err() };
}

function verdicts(rows: VerifyRow[]): Record<string, string | null> {
  return Object.fromEntries(rows.map((r) => [r.submission.replace(/^submissions\//, ''), r.verdict]));
}

describe('assay problem verify on the fixture packages', () => {
  it(
    'sum (legacy, derived time limit, symlinked tests): every verdict in every core language',
    { timeout: 900_000 },
    async () => {
      const { code, rows, stderr } = await verify('sum');
      expect(stderr).toMatch(/time limit 1 s \(derived\)/);
      expect(verdicts(rows)).toMatchObject({
        'accepted/sum.c': 'AC',
        'accepted/sum.cpp': 'AC',
        'accepted/sum.py': 'AC',
        'accepted/my_solution.java': 'AC',
        'accepted/sum.js': 'AC',
        'accepted/sum.ts': 'AC',
        'wrong_answer/int32.c': 'WA',
        'time_limit_exceeded/spin.c': 'TLE',
        'time_limit_exceeded/sleepy.py': 'TLE',
        'run_time_error/segfault.cpp': 'RTE',
        'memory_limit_exceeded/hog.cpp': 'MLE',
        'memory_limit_exceeded/hog.py': 'MLE',
        'output_limit_exceeded/flood.c': 'OLE',
        'compile_error/broken.cpp': 'CE',
      });
      expect(rows.filter((r) => !r.ok)).toEqual([]);
      expect(code).toBe(0);
    },
  );

  it(
    'average (2023-07-draft, float tolerance; unsupported languages skipped)',
    { timeout: 300_000 },
    async () => {
      const { code, rows, stderr } = await verify('average');
      expect(stderr).toMatch(
        /warning: skipping submissions\/accepted\/average\.hs: Unknown file extension "\.hs"/,
      );
      expect(rows.find((r) => r.submission.endsWith('average.hs'))).toMatchObject({
        ok: true,
        verdict: null,
      });
      expect(rows.filter((r) => !r.ok)).toEqual([]);
      expect(code).toBe(0);
    },
  );

  it('pair (custom output validator, binary output)', { timeout: 300_000 }, async () => {
    const { code, rows } = await verify('pair');
    expect(verdicts(rows)).toMatchObject({
      'wrong_answer/binary_garbage.c': 'WA',
      'run_time_error/abort.cpp': 'RTE',
    });
    expect(rows.filter((r) => !r.ok)).toEqual([]);
    expect(code).toBe(0);
  });

  it('guess (interactive)', { timeout: 300_000 }, async () => {
    const { code, rows } = await verify('guess');
    expect(verdicts(rows)).toMatchObject({
      'accepted/binary_search.py': 'AC',
      'wrong_answer/linear.py': 'WA',
      'run_time_error/crash_after_guess.py': 'RTE',
      'time_limit_exceeded/silent.py': 'TLE',
    });
    expect(rows.filter((r) => !r.ok)).toEqual([]);
    expect(code).toBe(0);
  });

  it('subtasks (scoring with groups, partially accepted)', { timeout: 300_000 }, async () => {
    const { code, rows } = await verify('subtasks');
    const partial = rows.find((r) => r.expected === 'partially_accepted');
    expect(partial).toMatchObject({ score: 30, maxScore: 100, ok: true });
    expect(rows.find((r) => r.expected === 'accepted')).toMatchObject({ score: 100, verdict: 'AC' });
    expect(code).toBe(0);
  });
});
