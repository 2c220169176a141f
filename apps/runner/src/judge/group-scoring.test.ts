import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadKattisPackage } from '../packages/kattis-package-loader.js';
import type { GroupSettings, TestGroup } from '../packages/package-types.js';
import { gradeGroup } from './group-scoring.js';
import type { TestResult, Verdict } from './judge-types.js';

const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/problems');

function results(entries: Record<string, Verdict | [Verdict, number]>): Map<string, TestResult> {
  return new Map(
    Object.entries(entries).map(([id, v]) => {
      const [verdict, score] = Array.isArray(v) ? v : [v, undefined];
      return [
        id,
        {
          id,
          sample: id.startsWith('sample'),
          verdict,
          cpuMs: 1,
          wallMs: 1,
          peakMemoryBytes: 1,
          ...(score === undefined ? {} : { score }),
        },
      ];
    }),
  );
}

describe('gradeGroup', () => {
  const pkg = loadKattisPackage(join(FIXTURES, 'subtasks'));
  const all = ['sample/1', 'secret/group1/1', 'secret/group1/2', 'secret/group2/1', 'secret/group2/2'];

  it('sums group scores, ignoring the sample (legacy ignore_sample sum + min groups)', () => {
    const ac = Object.fromEntries(all.map((id) => [id, 'AC' as const]));
    expect(gradeGroup(pkg.data, results(ac))).toEqual({ verdict: 'AC', score: 100, maxScore: 100 });
  });

  it('a failed case zeroes its min group; the verdict is the first rejection', () => {
    const out: { id: string; score: number }[] = [];
    const graded = gradeGroup(
      pkg.data,
      results({
        'sample/1': 'AC',
        'secret/group1/1': 'AC',
        'secret/group1/2': 'AC',
        'secret/group2/1': 'WA',
      }),
      out as never,
    );
    expect(graded).toEqual({ verdict: 'WA', score: 30, maxScore: 100 });
    expect(out.find((g) => g.id === 'secret/group2')?.score).toBe(0);
  });

  it('uses validator scores and scales groups with points (2023-07-draft)', () => {
    const settings: GroupSettings = {
      onReject: 'continue',
      aggregation: 'sum',
      acceptScore: 1,
      rejectScore: 0,
      ignoreSample: false,
      outputValidatorFlags: [],
    };
    const group: TestGroup = {
      kind: 'group',
      id: 'g',
      dir: '/x',
      settings: { ...settings, points: 50 },
      children: [
        { kind: 'case', id: 'g/1', inputPath: '', answerPath: '', sample: false, settings },
        { kind: 'case', id: 'g/2', inputPath: '', answerPath: '', sample: false, settings },
      ],
    };
    expect(gradeGroup(group, results({ 'g/1': ['AC', 1], 'g/2': ['AC', 0.5] }))).toEqual({
      verdict: 'AC',
      score: 37.5,
      maxScore: 50,
    });
    expect(
      gradeGroup(
        { ...group, settings: { ...settings, aggregation: 'min', points: 50 } },
        results({ 'g/1': 'AC', 'g/2': 'TLE' }),
      ),
    ).toEqual({
      verdict: 'TLE',
      score: 0,
      maxScore: 50,
    });
  });
});
