import { describe, expect, it } from 'vitest';
import {
  capLog,
  judgedProblem,
  judgeInternalError,
  problemScore,
  projectCriteria,
  projectInternalError,
  selectProblemFiles,
  trimMessage,
} from '../../src/modules/grading/grade-request.js';
import { languageOfFile } from '../../src/modules/challenges/index.js';
import { judgeResult, projectResult } from './fake-backend.js';
import { at } from './grading-harness.js';

const file = (path: string) => ({ path, data: Buffer.from(path) });
const select = (files: string[], attemptLanguage: string | null = null) =>
  selectProblemFiles('sum', files.map(file), { attemptLanguage, languageOf: languageOfFile });

describe('selectProblemFiles (which files of <slug>/ are the solution)', () => {
  it('takes the one language present, with paths relative to the folder', () => {
    expect(select(['sum/solution.py', 'sum/README.md', 'other/main.cpp'])).toEqual({
      kind: 'files',
      language: 'python3',
      files: [{ path: 'solution.py', data: Buffer.from('sum/solution.py') }],
    });
    expect(select(['sum/Main.java', 'sum/util/Helper.java'])).toMatchObject({
      kind: 'files',
      language: 'java',
      files: [{ path: 'Main.java' }, { path: 'util/Helper.java' }],
    });
  });

  it('ignores statements, notes and test data, and files of no runner language', () => {
    expect(
      select(['sum/README.md', 'sum/notes.txt', 'sum/1.in', 'sum/1.ans', 'sum/Makefile', 'sum/a.xyz']),
    ).toEqual({
      kind: 'none',
      message: 'no solution file',
    });
  });

  it('with several languages takes the attempt’s language, else none', () => {
    const files = ['sum/solution.py', 'sum/solution.cpp'];
    expect(select(files, 'cpp')).toMatchObject({
      kind: 'files',
      language: 'cpp',
      files: [{ path: 'solution.cpp' }],
    });
    expect(select(files, null)).toEqual({
      kind: 'none',
      message: "solution files in several languages (cpp, python3) and none is the attempt's language",
    });
    expect(select(files, 'java').kind).toBe('none');
  });

  it('does not take a folder whose name only starts with the slug', () => {
    expect(select(['summary/solution.py']).kind).toBe('none');
  });
});

describe('result mapping', () => {
  const criteria = [
    { id: 'a', name: 'A', description: 'first', weight: 2, tests: ['t1', 't2'] },
    { id: 'b', name: 'B', weight: 1, tests: ['t3'] },
  ];

  it('maps cases to criteria with trimmed messages for failed, duplicated and missing cases', () => {
    const result = projectResult([
      { id: 't1', status: 'passed' },
      { id: 't2', status: 'failed', message: `  ${'m'.repeat(900)}  ` },
      { id: 'unknown', status: 'failed' },
    ]);
    const mapped = projectCriteria({ criteria }, result);
    expect(mapped).toEqual([
      {
        id: 'a',
        name: 'A',
        description: 'first',
        weight: 2,
        points: 1,
        passed: ['t1'],
        failed: [{ test: 't2', message: expect.stringMatching(/^failed: m+…$/) as unknown }],
      },
      {
        id: 'b',
        name: 'B',
        description: null,
        weight: 1,
        points: 0,
        passed: [],
        failed: [{ test: 't3', message: 'not reported' }],
      },
    ]);
    expect(at(at(mapped, 0).failed, 0).message?.length).toBe(500);
    const twice = projectCriteria(
      { criteria },
      projectResult([
        { id: 't3', status: 'passed' },
        { id: 't3', status: 'passed' },
      ]),
    );
    expect(at(twice, 1).failed).toEqual([{ test: 't3', message: 'reported 2 times' }]);
  });

  it('tells a sandbox failure (IE) from a candidate’s failing build or tests', () => {
    const step = (status: 'passed' | 'failed' | 'error') => ({
      status,
      exitCode: 1,
      signal: null,
      cpuMs: 0,
      wallMs: 0,
    });
    expect(projectInternalError({ build: step('failed'), test: null })).toBeNull();
    expect(projectInternalError({ build: null, test: step('failed') })).toBeNull();
    expect(projectInternalError({ build: step('error'), test: null })).toMatch(/build/);
    expect(projectInternalError({ build: step('passed'), test: step('error') })).toMatch(/test/);
    expect(judgeInternalError({ verdict: 'IE', internalError: 'cgroup gone' })).toBe('cgroup gone');
    expect(judgeInternalError({ verdict: 'WA' })).toBeNull();
  });

  it('scores a problem by score/maxScore, or by verdict when maxScore is 0', () => {
    expect(problemScore({ verdict: 'WA', score: 30, maxScore: 90 })).toBe(33.33);
    expect(problemScore({ verdict: 'AC', score: 0, maxScore: 0 })).toBe(100);
    expect(problemScore({ verdict: 'TLE', score: 0, maxScore: 0 })).toBe(0);
    const outcome = judgedProblem(
      { slug: 'sum', title: 'Sum', weight: 3 },
      judgeResult({ 'sample/1': 'AC', 'secret/1': 'TLE' }, { score: 1, maxScore: 2, verdict: 'TLE' }),
    );
    expect(outcome.criterion).toMatchObject({
      id: 'sum',
      weight: 3,
      points: 1.5,
      passed: ['sample/1'],
      failed: [{ test: 'secret/1', message: 'TLE: secret/1 differs' }],
    });
    expect(outcome.problem).toEqual({
      slug: 'sum',
      title: 'Sum',
      language: 'python3',
      verdict: 'TLE',
      score: 50,
    });
  });

  it('trims messages and caps logs by bytes', () => {
    expect(trimMessage('  ')).toBeNull();
    expect(trimMessage(undefined)).toBeNull();
    const log = `${'é'.repeat(100_000)}end`;
    const capped = capLog(log, 1024);
    expect(Buffer.byteLength(capped)).toBeLessThanOrEqual(1024);
    expect(capped).toContain('bytes cut');
    expect(capped.endsWith('end')).toBe(true);
    expect(capLog('short', 1024)).toBe('short');
  });
});
