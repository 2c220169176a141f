import { describe, expect, it } from 'vitest';
import type { ChallengeKind } from '@assay/contracts';
import { checkTestChallenges, type TestDraft } from './tests.policy.js';

const kinds: Record<string, ChallengeKind> = { p1: 'algorithmic', p2: 'algorithmic', proj: 'project' };
const kindOf = (id: string) => kinds[id];
const draft = (overrides: Partial<TestDraft>): TestDraft => ({
  name: 'T',
  kind: 'problems',
  challenges: [{ challengeId: 'p1', weight: 1 }],
  timeLimitMinutes: 60,
  validityDays: 7,
  allowedLanguages: ['python3'],
  instructions: '',
  showFeedback: false,
  ...overrides,
});

describe('checkTestChallenges', () => {
  it('accepts 1–5 algorithmic problems with positive weights, or one project challenge', () => {
    expect(checkTestChallenges(draft({}), kindOf)).toBeUndefined();
    expect(
      checkTestChallenges(
        draft({ challenges: [{ challengeId: 'p1', weight: 3 }, { challengeId: 'p2', weight: 1 }] }),
        kindOf,
      ),
    ).toBeUndefined();
    expect(
      checkTestChallenges(draft({ kind: 'project', challenges: [{ challengeId: 'proj', weight: 1 }] }), kindOf),
    ).toBeUndefined();
  });

  it('names what is wrong', () => {
    const field = (d: TestDraft) => checkTestChallenges(d, kindOf)?.field;
    expect(field(draft({ challenges: [{ challengeId: 'nope', weight: 1 }] }))).toBe('challenges');
    expect(field(draft({ challenges: [] }))).toBe('challenges');
    expect(field(draft({ challenges: [{ challengeId: 'p1', weight: 0 }] }))).toBe('challenges');
    expect(field(draft({ challenges: [{ challengeId: 'proj', weight: 1 }] }))).toBe('challenges');
    expect(
      field(draft({ challenges: [{ challengeId: 'p1', weight: 1 }, { challengeId: 'p1', weight: 1 }] })),
    ).toBe('challenges');
    expect(field(draft({ kind: 'project', challenges: [{ challengeId: 'p1', weight: 1 }] }))).toBe('challenges');
    expect(field(draft({ allowedLanguages: [] }))).toBe('allowedLanguages');
    const six = Array.from({ length: 6 }, (_, i) => ({ challengeId: `x${String(i)}`, weight: 1 }));
    expect(checkTestChallenges(draft({ challenges: six }), () => 'algorithmic')?.field).toBe('challenges');
  });
});
