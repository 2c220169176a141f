import { TestLimits, type ChallengeKind, type TestKind } from '@assay/contracts';

/** A test's editable settings (the draft). */
export interface TestDraft {
  name: string;
  kind: TestKind;
  challenges: { challengeId: string; weight: number }[];
  timeLimitMinutes: number;
  validityDays: number;
  allowedLanguages: string[];
  instructions: string;
  showFeedback: boolean;
}

/**
 * The first rule the draft breaks, or undefined: a project test has exactly one project
 * challenge; a problems test 1–5 distinct algorithmic challenges, positive weights, ≥ 1 language.
 * `kindOf` is the kind of a challenge visible to the organization (undefined: unknown).
 */
export function checkTestChallenges(
  draft: TestDraft,
  kindOf: (challengeId: string) => ChallengeKind | undefined,
): { field: string; message: string } | undefined {
  const { challenges } = draft;
  const unknown = challenges.find((c) => kindOf(c.challengeId) === undefined);
  if (unknown) return { field: 'challenges', message: `Unknown challenge ${unknown.challengeId}.` };
  if (new Set(challenges.map((c) => c.challengeId)).size !== challenges.length)
    return { field: 'challenges', message: 'A challenge is listed twice.' };
  if (challenges.some((c) => !Number.isInteger(c.weight) || c.weight <= 0))
    return { field: 'challenges', message: 'Weights must be positive integers.' };
  if (draft.kind === 'project') {
    if (challenges.length !== 1 || kindOf(challenges[0]?.challengeId ?? '') !== 'project')
      return { field: 'challenges', message: 'A project test has exactly one project challenge.' };
    return undefined;
  }
  if (challenges.length < 1 || challenges.length > TestLimits.maxProblems)
    return { field: 'challenges', message: `A problems test has 1 to ${String(TestLimits.maxProblems)} problems.` };
  if (challenges.some((c) => kindOf(c.challengeId) !== 'algorithmic'))
    return { field: 'challenges', message: 'A problems test contains algorithmic challenges only.' };
  if (draft.allowedLanguages.length === 0)
    return { field: 'allowedLanguages', message: 'Allow at least one language.' };
  return undefined;
}
