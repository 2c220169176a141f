/** A grading criterion from a project challenge's manifest. */
export interface ManifestCriterion {
  id: string;
  name: string;
  weight: number;
  /** Ids of the test cases that must pass (as reported in the results, e.g. "math > adds"). */
  tests: readonly string[];
}

/** What scoring needs from a project run (a `ProjectResult` fits). */
export interface ScoringInput {
  buildPassed: boolean;
  cases: readonly { id: string; status: string; message?: string | undefined }[];
}

export interface CriterionScore {
  id: string;
  weight: number;
  /** weight × passed / expected, 0 when the criterion lists no tests. */
  points: number;
  passed: string[];
  failed: string[];
  missing: string[];
  messages: string[];
}

export interface CriteriaScore {
  /** 0..100: the points of all criteria over their total weight. */
  total: number;
  criteria: CriterionScore[];
}

const MAX_MESSAGES = 20;

/**
 * Maps reported test cases to a manifest's criteria (sandbox.md §9). An expected case that is
 * missing, reported more than once, or not `passed` fails; cases no criterion names are ignored; a
 * failed build fails every case. A criterion earns its weight in proportion to its passing cases.
 * Pure: the server's grading module calls it with a runner result.
 */
export function scoreCriteria(
  manifestCriteria: readonly ManifestCriterion[],
  result: ScoringInput,
): CriteriaScore {
  const byId = new Map<string, ScoringInput['cases'][number][]>();
  for (const testCase of result.cases) {
    const list = byId.get(testCase.id) ?? [];
    list.push(testCase);
    byId.set(testCase.id, list);
  }
  const criteria = manifestCriteria.map((criterion): CriterionScore => {
    const score: CriterionScore = {
      id: criterion.id,
      weight: criterion.weight,
      points: 0,
      passed: [],
      failed: [],
      missing: [],
      messages: [],
    };
    if (!result.buildPassed) {
      score.failed.push(...criterion.tests);
      score.messages.push('build failed');
      return score;
    }
    for (const id of criterion.tests) {
      const reported = byId.get(id) ?? [];
      const only = reported[0];
      if (only === undefined) {
        score.missing.push(id);
        score.messages.push(`${id}: not reported`);
      } else if (reported.length > 1) {
        score.failed.push(id);
        score.messages.push(`${id}: reported ${reported.length} times`);
      } else if (only.status !== 'passed') {
        score.failed.push(id);
        score.messages.push(`${id}: ${only.status}${only.message ? `: ${firstLine(only.message)}` : ''}`);
      } else {
        score.passed.push(id);
      }
    }
    score.messages = score.messages.slice(0, MAX_MESSAGES);
    score.points =
      criterion.tests.length === 0 ? 0 : (criterion.weight * score.passed.length) / criterion.tests.length;
    return score;
  });
  const weight = criteria.reduce((sum, c) => sum + c.weight, 0);
  const points = criteria.reduce((sum, c) => sum + c.points, 0);
  return { total: weight > 0 ? round2((100 * points) / weight) : 0, criteria };
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? '').slice(0, 200);
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
