import type { TestCase, TestGroup } from '../packages/package-types.js';
import type { GroupResult, TestResult, Verdict } from './judge-types.js';

export interface GradedNode {
  verdict: Verdict;
  score: number;
  maxScore: number;
}

/**
 * Grades a test data group as problemtools' default grader: the verdict is the first
 * rejected child's (AC when all passed); the score aggregates the children (`sum` or
 * `min`), a test case scoring its validator score or `accept_score` when accepted,
 * `reject_score` otherwise; test cases that did not run count as rejected. A group
 * with `points` (2023-07-draft) scales its fraction to them.
 * Fills `out` with every group's result (depth-first, children first).
 */
export function gradeGroup(
  group: TestGroup,
  results: ReadonlyMap<string, TestResult>,
  out: GroupResult[] = [],
): GradedNode {
  const graded: { node: GradedNode; countsForScore: boolean }[] = [];
  for (const child of group.children) {
    const node =
      child.kind === 'case' ? gradeCase(child, results.get(child.id)) : gradeGroup(child, results, out);
    // Legacy `ignore_sample`: the sample group carries no score.
    const countsForScore = !(group.settings.ignoreSample && child.kind === 'group' && child.id === 'sample');
    graded.push({ node, countsForScore });
  }
  const verdict = graded.find((g) => g.node.verdict !== 'AC')?.node.verdict ?? 'AC';
  const scored = graded.filter((g) => g.countsForScore).map((g) => g.node);
  let score: number;
  let maxScore: number;
  if (scored.length === 0) {
    score = 0;
    maxScore = 0;
  } else if (group.settings.aggregation === 'min') {
    score = Math.min(...scored.map((n) => n.score));
    maxScore = Math.min(...scored.map((n) => n.maxScore));
  } else {
    score = scored.reduce((s, n) => s + n.score, 0);
    maxScore = scored.reduce((s, n) => s + n.maxScore, 0);
  }
  if (group.settings.points !== undefined) {
    const fraction = maxScore > 0 ? Math.max(0, Math.min(1, score / maxScore)) : 0;
    score = group.settings.points * fraction;
    maxScore = group.settings.points;
  }
  const node = { verdict, score: round(score), maxScore: round(maxScore) };
  out.push({ id: group.id, ...node });
  return node;
}

function gradeCase(testCase: TestCase, result: TestResult | undefined): GradedNode {
  const { acceptScore, rejectScore } = testCase.settings;
  if (!result) return { verdict: 'AC', score: rejectScore, maxScore: acceptScore };
  if (result.verdict !== 'AC') return { verdict: result.verdict, score: rejectScore, maxScore: acceptScore };
  return { verdict: 'AC', score: result.score ?? acceptScore, maxScore: acceptScore };
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
