import { z } from 'zod';
import { FileSetSchema, Sha256Schema } from './common.schema.js';

/** A command: argv (argv[0] absolute inside the sandbox) or a string run by `/bin/sh -c`. */
export const CommandSchema = z.union([
  z.string().min(1).max(4096),
  z.array(z.string().max(4096)).min(1).max(256),
]);
export type Command = z.infer<typeof CommandSchema>;

/** Per-step limit overrides (defaults: CPU 60 s, wall 120 s, 2 GiB, pids 128, /tmp 512 MiB). */
export const StepLimitsSchema = z.object({
  cpuMs: z.number().int().positive().max(600_000).optional(),
  wallMs: z.number().int().positive().max(1_200_000).optional(),
  memoryBytes: z
    .number()
    .int()
    .positive()
    .max(16 * 1024 ** 3)
    .optional(),
  pids: z.number().int().positive().max(4096).optional(),
  tmpBytes: z
    .number()
    .int()
    .positive()
    .max(8 * 1024 ** 3)
    .optional(),
});
export type StepLimits = z.infer<typeof StepLimitsSchema>;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Build and test a git take-home (sandbox.md §9). `grade` overlays the challenge's hidden files on
 * the frozen submission; `run` is the candidate's own Run during the attempt and never gets them.
 */
export const ProjectRequestSchema = z
  .object({
    variant: z.enum(['grade', 'run']),
    /** The submission (a `git archive --format=tar` of the frozen commit). */
    submission: FileSetSchema,
    /** Hidden verification files laid over the submission (grade only). */
    hidden: FileSetSchema.optional(),
    /** The original content of the challenge's read-only files (build files, test config), restored over the submission. */
    readOnly: FileSetSchema.optional(),
    /** The challenge's prepared `env/` (bound read-only at /env): a host directory or its sha256 in the runner's env store. */
    env: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('path'), path: z.string().min(1).max(4096) }),
        z.object({ kind: z.literal('sha256'), sha256: Sha256Schema }),
      ])
      .optional(),
    build: CommandSchema.optional(),
    test: CommandSchema,
    /** Extra environment for both steps (PATH, HOME and LANG are fixed by the sandbox). */
    environment: z
      .record(z.string().regex(ENV_NAME).max(128), z.string().max(4096))
      .refine((env) => Object.keys(env).length <= 64, 'at most 64 variables')
      .optional(),
    limits: z.object({ build: StepLimitsSchema.optional(), test: StepLimitsSchema.optional() }).optional(),
  })
  .refine((request) => request.variant === 'grade' || request.hidden === undefined, {
    message: 'a candidate run never carries hidden files',
    path: ['hidden'],
  });
export type ProjectRequest = z.infer<typeof ProjectRequestSchema>;

export const TestCaseResultSchema = z.object({
  id: z.string(),
  status: z.enum(['passed', 'failed', 'skipped', 'error']),
  ms: z.number(),
  message: z.string().optional(),
});
export type TestCaseResult = z.infer<typeof TestCaseResultSchema>;

/** How one step (build or test) ended. */
export const StepResultSchema = z.object({
  /** `passed`: exit 0; `failed`: other exit; `timeout`/`memory`/`output`: a limit; `error`: the sandbox failed (IE). */
  status: z.enum(['passed', 'failed', 'timeout', 'memory', 'output', 'error']),
  exitCode: z.number().int().nullable(),
  signal: z.string().nullable(),
  cpuMs: z.number(),
  wallMs: z.number(),
});
export type StepResult = z.infer<typeof StepResultSchema>;

export const ProjectResultSchema = z.object({
  variant: z.enum(['grade', 'run']),
  /** Null when the request has no build command. */
  build: StepResultSchema.nullable(),
  /** True when there is no build command or it passed. */
  buildPassed: z.boolean(),
  /** Null when the build failed (the tests did not run). */
  test: StepResultSchema.nullable(),
  cases: z.array(TestCaseResultSchema),
  /** More than 5,000 cases were reported; the rest were dropped. */
  casesTruncated: z.boolean(),
  /** Build and test output plus notes on skipped result files, capped. Staff-only for `grade`. */
  log: z.string(),
});
export type ProjectResult = z.infer<typeof ProjectResultSchema>;
