import { describe, expect, it } from 'vitest';
import type { JudgeResult } from '../judge/judge-types.js';
import { matchesExpectation } from './problem-verify-command.js';

const result = (verdict: JudgeResult['verdict'], score: number, maxScore: number): JudgeResult => ({
  verdict,
  score,
  maxScore,
  tests: [],
  groups: [],
  language: { id: 'c', version: 'gnu17' },
  timeLimitMs: 1000,
});

describe('matchesExpectation', () => {
  it('maps submissions/ folders to verdicts', () => {
    expect(matchesExpectation('accepted', result('AC', 1, 1), false)).toBe(true);
    expect(matchesExpectation('wrong_answer', result('WA', 0, 1), false)).toBe(true);
    expect(matchesExpectation('time_limit_exceeded', result('RTE', 0, 1), false)).toBe(false);
    expect(matchesExpectation('run_time_error', result('RTE', 0, 1), false)).toBe(true);
  });

  it('needs the full score for accepted and a partial one for partially_accepted on scoring problems', () => {
    expect(matchesExpectation('accepted', result('AC', 70, 100), true)).toBe(false);
    expect(matchesExpectation('accepted', result('AC', 100, 100), true)).toBe(true);
    expect(matchesExpectation('partially_accepted', result('WA', 30, 100), true)).toBe(true);
    expect(matchesExpectation('partially_accepted', result('WA', 0, 100), true)).toBe(false);
    expect(matchesExpectation('partially_accepted', result('AC', 100, 100), true)).toBe(false);
  });
});
