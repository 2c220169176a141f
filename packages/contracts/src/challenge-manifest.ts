import { z } from 'zod';

/**
 * `challenge.json`: the manifest at the root of a project (git take-home) challenge. The format is
 * documented in docs/challenge-format.md; the built-in library in challenges/ is checked against
 * this schema in CI. Algorithmic challenges are Kattis packages and have no manifest.
 */

/** A path inside the challenge folder or the project: relative, `/`-separated, no `.`/`..` parts. */
export const ChallengePathSchema = z
  .string()
  .min(1)
  .max(1024)
  .refine(
    (path) =>
      !path.startsWith('/') &&
      !path.includes('\\') &&
      path.split('/').every((part) => part !== '' && part !== '.' && part !== '..'),
    'a relative path without empty, "." or ".." parts',
  );

/** A sandbox command: argv (argv[0] absolute) or one string run by `/bin/sh -c`. Same shape as the runner's. */
export const ChallengeCommandSchema = z.union([
  z.string().min(1).max(4096),
  z
    .array(z.string().max(4096))
    .min(1)
    .max(256)
    .refine((argv) => argv[0]?.startsWith('/') === true, 'argv[0] must be an absolute path'),
]);
export type ChallengeCommand = z.infer<typeof ChallengeCommandSchema>;

/** Overrides of the project-step defaults (CPU 60 s, wall 120 s, 2 GiB, 128 pids, /tmp 512 MiB). */
export const ChallengeStepLimitsSchema = z
  .object({
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
  })
  .strict();

/**
 * How the challenge's `env/` is prepared at install time (never while Assay runs): `npm` runs
 * `npm ci --ignore-scripts` on the committed `env/package.json` + `env/package-lock.json`;
 * `debian` names apt packages the install script must install.
 */
export const ChallengeEnvSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('npm') }).strict(),
  z
    .object({
      kind: z.literal('debian'),
      packages: z
        .array(z.string().regex(/^[a-z0-9][a-z0-9+.-]+$/, 'a Debian package name'))
        .min(1)
        .max(32),
    })
    .strict(),
]);
export type ChallengeEnv = z.infer<typeof ChallengeEnvSchema>;

/** A grading criterion: earns `weight` in proportion to its listed test cases that pass. */
export const ChallengeCriterionSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'kebab-case'),
    name: z.string().min(1).max(120),
    /** What the criterion checks, shown to reviewers. */
    description: z.string().max(1000).optional(),
    weight: z.number().int().positive().max(100),
    /** Ids of result cases exactly as the reporter writes them (JUnit `classname.name`, TAP `suite > test`). */
    tests: z.array(z.string().min(1).max(1000)).min(1).max(500),
  })
  .strict()
  .refine((c) => new Set(c.tests).size === c.tests.length, {
    message: 'a test is listed twice',
    path: ['tests'],
  });
export type ChallengeCriterion = z.infer<typeof ChallengeCriterionSchema>;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `challenge.json` of a project challenge (format version 1). */
export const ChallengeManifestSchema = z
  .object({
    format: z.literal(1),
    kind: z.literal('project'),
    /** Stable identifier, also the folder name in the built-in library. */
    slug: z
      .string()
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'kebab-case')
      .max(64),
    title: z.string().min(1).max(120),
    /** One or two sentences for the library list. */
    summary: z.string().min(1).max(500),
    difficulty: z.enum(['easy', 'medium', 'hard']),
    suggestedMinutes: z.number().int().min(10).max(600),
    /** The language the candidate writes (a runner language id or e.g. `sql`) and a human-readable runtime. */
    language: z.object({ id: z.string().min(1).max(32), runtime: z.string().min(1).max(80) }).strict(),
    tags: z.array(z.string().min(1).max(40)).max(10).default([]),
    /** The candidate-facing statement (Markdown), relative to the challenge folder. */
    statement: ChallengePathSchema.default('README.md'),
    /** Folders relative to the challenge folder (see docs/challenge-format.md for how they are layered). */
    starter: ChallengePathSchema.default('starter'),
    solution: ChallengePathSchema.default('solution'),
    tests: z
      .object({
        /** Visible tests, laid over the starter: part of the candidate's repository. */
        sample: ChallengePathSchema.default('tests/sample'),
        /** Hidden verification files, laid over the submission when grading only. */
        hidden: ChallengePathSchema.default('tests/hidden'),
      })
      .strict()
      .default({ sample: 'tests/sample', hidden: 'tests/hidden' }),
    /** Project paths restored from the initial repository before grading (test runner, build files). */
    readOnly: z.array(ChallengePathSchema).max(100).default([]),
    build: ChallengeCommandSchema.optional(),
    /** Runs the tests and writes the result files into /results. */
    test: ChallengeCommandSchema,
    results: z.enum(['junit', 'tap']),
    environment: z
      .record(z.string().regex(ENV_NAME).max(128), z.string().max(4096))
      .refine((env) => Object.keys(env).length <= 64, 'at most 64 variables')
      .optional(),
    limits: z
      .object({ build: ChallengeStepLimitsSchema.optional(), test: ChallengeStepLimitsSchema.optional() })
      .strict()
      .optional(),
    env: ChallengeEnvSchema.optional(),
    criteria: z.array(ChallengeCriterionSchema).min(1).max(50),
  })
  .strict()
  .superRefine((manifest, ctx) => {
    const ids = manifest.criteria.map((c) => c.id);
    ids.forEach((id, index) => {
      if (ids.indexOf(id) !== index)
        ctx.addIssue({
          code: 'custom',
          message: `duplicate criterion id ${id}`,
          path: ['criteria', index, 'id'],
        });
    });
  });
export type ChallengeManifest = z.infer<typeof ChallengeManifestSchema>;
