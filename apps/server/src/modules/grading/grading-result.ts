import { z } from 'zod';

/**
 * What a finished grading stores in `gradings.result` (JSON, parsed with this schema). Reports,
 * the candidate's feedback summary, notifications and the ATS adapters read it.
 *
 * Project tests: one entry per challenge criterion, `points` between 0 and `weight`.
 * Problems tests: one entry per problem, weighted; the report shows problems as its criteria.
 * Totals are 0–100: sum(points) / sum(weight) × 100.
 */
export const GradedCriterionSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  weight: z.number(),
  /** 0..weight */
  points: z.number(),
  passed: z.array(z.string()),
  failed: z.array(z.object({ test: z.string(), message: z.string().nullable() })),
});
export type GradedCriterion = z.infer<typeof GradedCriterionSchema>;

/**
 * Which challenge version each challenge was graded with. The first grading uses the versions the
 * test version pins; a re-grade uses the newest version of each challenge (`pinned: false` when
 * that is a newer one, e.g. after a fix of its hidden tests).
 */
export const GradedVersionSchema = z.object({
  slug: z.string(),
  versionId: z.string(),
  pinned: z.boolean(),
});
export type GradedVersion = z.infer<typeof GradedVersionSchema>;

export const GradingResultSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('project'),
    versions: z.array(GradedVersionSchema).optional(),
    language: z.string().nullable(),
    buildPassed: z.boolean(),
    criteria: z.array(GradedCriterionSchema),
  }),
  z.object({
    kind: z.literal('problems'),
    versions: z.array(GradedVersionSchema).optional(),
    /** One criterion per problem (id = problem slug); `passed`/`failed` list test case ids. */
    criteria: z.array(GradedCriterionSchema),
    problems: z.array(
      z.object({
        slug: z.string(),
        title: z.string(),
        language: z.string().nullable(),
        verdict: z.string(),
        /** 0..100 for this problem. */
        score: z.number(),
      }),
    ),
  }),
]);
export type GradingResult = z.infer<typeof GradingResultSchema>;

/** Total 0–100 of criteria points over their weights (two decimals). */
export function totalScore(criteria: readonly { weight: number; points: number }[]): number {
  const weight = criteria.reduce((sum, c) => sum + c.weight, 0);
  if (weight === 0) return 0;
  const points = criteria.reduce((sum, c) => sum + c.points, 0);
  return Math.round((points / weight) * 10_000) / 100;
}

export interface ScaledCriterion {
  id: string;
  /** Weight scaled so all criteria sum to 100. */
  maxPoints: number;
  /** Automatic points on the same scale (unrounded). */
  automaticPoints: number;
  /** Override, else automatic (unrounded). */
  points: number;
}

/**
 * Scale graded criteria to a total of 100 and apply overrides (given on the 0..maxPoints scale).
 * The total is the sum of the scaled points: without overrides it equals `totalScore`.
 */
export function scaleCriteria(
  criteria: readonly { id: string; weight: number; points: number }[],
  overrides: ReadonlyMap<string, number>,
): { criteria: ScaledCriterion[]; automaticTotal: number; total: number } {
  const weight = criteria.reduce((sum, c) => sum + c.weight, 0);
  const factor = weight > 0 ? 100 / weight : 0;
  const scaled = criteria.map((c) => {
    const automaticPoints = Math.min(Math.max(c.points, 0), c.weight) * factor;
    const override = overrides.get(c.id);
    return {
      id: c.id,
      maxPoints: c.weight * factor,
      automaticPoints,
      points: override ?? automaticPoints,
    };
  });
  return {
    criteria: scaled,
    automaticTotal: round2(scaled.reduce((sum, c) => sum + c.automaticPoints, 0)),
    total: round2(scaled.reduce((sum, c) => sum + c.points, 0)),
  };
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
