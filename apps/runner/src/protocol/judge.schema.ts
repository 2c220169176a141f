import { z } from 'zod';
import { FileSetSchema, Sha256Schema } from './common.schema.js';

export const VerdictSchema = z.enum(['AC', 'WA', 'TLE', 'MLE', 'RTE', 'OLE', 'CE', 'IE']);

/** Where the problem package is: a directory on the runner host, or blobs (tests etc.) by sha256. */
export const ProblemRefSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('path'), path: z.string().min(1).max(4096) }),
  z.object({ kind: z.literal('blob'), sha256: Sha256Schema }),
]);

/** Judge one algorithmic submission against a Kattis problem package. */
export const JudgeRequestSchema = z.object({
  submission: FileSetSchema,
  /** Language id or name; detected from the file names when absent. */
  language: z.string().max(64).optional(),
  problem: ProblemRefSchema,
  /** Overrides of the package's limits. */
  limits: z
    .object({
      timeMs: z.number().int().positive().max(60_000).optional(),
      memoryBytes: z
        .number()
        .int()
        .positive()
        .max(8 * 1024 ** 3)
        .optional(),
    })
    .optional(),
  /** Overrides the package's comparison (§7); `checker` uses the package's output validator. */
  compare: z
    .object({
      mode: z.enum(['tokens', 'float', 'exact', 'trim', 'checker']),
      caseSensitive: z.boolean().optional(),
      spaceChangeSensitive: z.boolean().optional(),
      floatAbsoluteTolerance: z.number().nonnegative().optional(),
      floatRelativeTolerance: z.number().nonnegative().optional(),
    })
    .optional(),
  /** Run sample tests only (a candidate's Run during an attempt). */
  samplesOnly: z.boolean().optional(),
});
export type JudgeRequest = z.infer<typeof JudgeRequestSchema>;

/** One test case's verdict (`onTest` progress and the final result). */
export const JudgeTestResultSchema = z.object({
  id: z.string(),
  sample: z.boolean(),
  verdict: VerdictSchema,
  cpuMs: z.number(),
  wallMs: z.number(),
  peakMemoryBytes: z.number(),
  score: z.number().optional(),
  message: z.string().optional(),
  teamMessage: z.string().optional(),
  output: z.string().optional(),
});
export type JudgeTestResult = z.infer<typeof JudgeTestResultSchema>;

export const JudgeResultSchema = z.object({
  verdict: VerdictSchema,
  score: z.number(),
  maxScore: z.number(),
  tests: z.array(JudgeTestResultSchema),
  groups: z.array(
    z.object({ id: z.string(), verdict: VerdictSchema, score: z.number(), maxScore: z.number() }),
  ),
  compileOutput: z.string().optional(),
  language: z.object({ id: z.string(), version: z.string() }),
  timeLimitMs: z.number(),
  internalError: z.string().optional(),
});
export type JudgeResult = z.infer<typeof JudgeResultSchema>;
