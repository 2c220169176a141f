import { z } from 'zod';
import { OrgParamsSchema } from './identity.js';

/**
 * Challenges (the library: Assay's built-in challenges, visible to every organization and
 * read-only, plus the organization's imported ones) and tests (what a recruiter sends: one
 * project challenge, or 1–5 algorithmic problems with weights).
 * Organization-scoped (member of :orgId; other organizations → 404). Reads: any role
 * (reviewer and above); writes: recruiter and above (reviewer → 403).
 *
 *   GET  /api/orgs/:orgId/challenges                     ChallengeListQuery → ChallengeList
 *   GET  /api/orgs/:orgId/challenges/:challengeId                           → ChallengeDetail (latest version)
 *   GET  /api/orgs/:orgId/challenges/:challengeId/versions/:versionId/statement
 *                                                                           → ChallengeStatement
 *   POST /api/orgs/:orgId/challenges/import              raw `application/zip` body (≤ 25 MiB)
 *                                                                           → 201 ChallengeImportResult
 *        optional header `x-file-name` (URL-encoded zip name: a Kattis package's slug when the zip
 *        has no top-level folder); 400 challenges.invalid_package with `details: InvalidPackageDetails`
 *   GET  /api/orgs/:orgId/tests                          TestListQuery      → TestList
 *   POST /api/orgs/:orgId/tests                          CreateTestBody     → 201 Test
 *   GET  /api/orgs/:orgId/tests/:testId                                     → Test
 *   PATCH /api/orgs/:orgId/tests/:testId                 UpdateTestBody     → Test
 *   POST /api/orgs/:orgId/tests/:testId/publish          {}                 → Test (a new immutable version)
 *   POST /api/orgs/:orgId/tests/:testId/archive          {}                 → Test (409 tests.archived when already)
 *   POST /api/orgs/:orgId/tests/:testId/unarchive        {}                 → Test
 *   POST /api/orgs/:orgId/tests/:testId/duplicate        {}                 → 201 Test (a new draft)
 *
 * Versions: a challenge version is immutable (re-importing the same slug makes a new version);
 * publishing a test pins the challenge versions it uses. Editing a published test edits its
 * draft (`hasUnpublishedChanges`); invitations keep using the published version until the next
 * publish. Archived tests cannot be edited, published or sent (409 tests.archived).
 */

/** Language ids of the runner (apps/runner/languages/<id>). */
export const RUNNER_LANGUAGE_IDS = [
  'c',
  'cpp',
  'go',
  'java',
  'javascript',
  'kotlin',
  'python3',
  'rust',
  'typescript',
] as const;
export const RunnerLanguageIdSchema = z.enum(RUNNER_LANGUAGE_IDS);
export type RunnerLanguageId = z.infer<typeof RunnerLanguageIdSchema>;

/** `project`: a git take-home (challenge.json); `algorithmic`: a Kattis problem package. */
export const ChallengeKindSchema = z.enum(['project', 'algorithmic']);
export type ChallengeKind = z.infer<typeof ChallengeKindSchema>;

export const ChallengeDifficultySchema = z.enum(['easy', 'medium', 'hard']);
export type ChallengeDifficulty = z.infer<typeof ChallengeDifficultySchema>;

/** Import limits (zip upload and `assay challenge import`). */
export const ChallengeImportLimits = {
  /** Upload body limit of the import route. */
  maxUploadBytes: 25 * 1024 * 1024,
  /** Sum of the unpacked file sizes. */
  maxTotalBytes: 20 * 1024 * 1024,
  /** Any one file, except test data (Kattis `data/`), which only counts toward the total. */
  maxFileBytes: 1024 * 1024,
  maxFiles: 5000,
} as const;

export const ChallengeVersionRefSchema = z.object({
  id: z.string(),
  number: z.number().int().positive(),
  createdAt: z.string(),
});
export type ChallengeVersionRef = z.infer<typeof ChallengeVersionRefSchema>;

export const ChallengeSummarySchema = z.object({
  id: z.string(),
  slug: z.string(),
  kind: ChallengeKindSchema,
  title: z.string(),
  summary: z.string(),
  /** Kattis packages have no difficulty. */
  difficulty: ChallengeDifficultySchema.nullable(),
  /** Project: the one language; algorithmic: every runner language (offered where detected). */
  languages: z.array(z.string()),
  suggestedMinutes: z.number().int().nullable(),
  tags: z.array(z.string()),
  /** Assay's library: visible to every organization, read-only. */
  builtIn: z.boolean(),
  latestVersion: ChallengeVersionRefSchema,
});
export type ChallengeSummary = z.infer<typeof ChallengeSummarySchema>;

export const ChallengeListQuerySchema = z.object({
  kind: ChallengeKindSchema.optional(),
  /** Case-insensitive match on title, slug, summary and tags. */
  q: z.string().trim().max(100).optional(),
});
export type ChallengeListQuery = z.infer<typeof ChallengeListQuerySchema>;

export const ChallengeListSchema = z.object({ items: z.array(ChallengeSummarySchema) });
export type ChallengeList = z.infer<typeof ChallengeListSchema>;

export const ChallengeDetailSchema = ChallengeSummarySchema.extend({
  /** Statement of the latest version, Markdown (render without raw HTML). */
  statementMarkdown: z.string(),
  /** Content hash of the latest version. */
  sha256: z.string(),
  /** Every version, newest first. */
  versions: z.array(ChallengeVersionRefSchema),
});
export type ChallengeDetail = z.infer<typeof ChallengeDetailSchema>;

export const ChallengeStatementSchema = z.object({
  challengeId: z.string(),
  versionId: z.string(),
  versionNumber: z.number().int().positive(),
  title: z.string(),
  markdown: z.string(),
});
export type ChallengeStatement = z.infer<typeof ChallengeStatementSchema>;

export const ChallengeParamsSchema = OrgParamsSchema.extend({ challengeId: z.string().min(1).max(64) });
export const ChallengeVersionParamsSchema = ChallengeParamsSchema.extend({
  versionId: z.string().min(1).max(64),
});

/** `created`: a new challenge; `new_version`: same slug, changed content; `unchanged`: same content. */
export const ChallengeImportOutcomeSchema = z.enum(['created', 'new_version', 'unchanged']);
export type ChallengeImportOutcome = z.infer<typeof ChallengeImportOutcomeSchema>;

export const ChallengeImportResultSchema = z.object({
  outcome: ChallengeImportOutcomeSchema,
  challenge: ChallengeSummarySchema,
  version: ChallengeVersionRefSchema,
});
export type ChallengeImportResult = z.infer<typeof ChallengeImportResultSchema>;

/** One problem of a refused package: the file, and the line or field path where it applies. */
export const PackageProblemSchema = z.object({
  file: z.string(),
  line: z.number().int().optional(),
  field: z.string().optional(),
  message: z.string(),
});
export type PackageProblem = z.infer<typeof PackageProblemSchema>;

/** `error.details` of `challenges.invalid_package` (400). */
export const InvalidPackageDetailsSchema = z.object({ problems: z.array(PackageProblemSchema) });
export type InvalidPackageDetails = z.infer<typeof InvalidPackageDetailsSchema>;

// ---------------------------------------------------------------- tests

export const TestKindSchema = z.enum(['project', 'problems']);
export type TestKind = z.infer<typeof TestKindSchema>;

export const TestStatusSchema = z.enum(['draft', 'published', 'archived']);
export type TestStatus = z.infer<typeof TestStatusSchema>;

export const TestLimits = {
  minTimeLimitMinutes: 5,
  maxTimeLimitMinutes: 600,
  minValidityDays: 1,
  maxValidityDays: 90,
  maxProblems: 5,
  maxWeight: 100,
  maxInstructionsLength: 5000,
} as const;

export const TestChallengeInputSchema = z.object({
  challengeId: z.string().min(1).max(64),
  /** Positive integer; the score is the weighted average of the problems' scores. */
  weight: z.number().int().min(1).max(TestLimits.maxWeight).default(1),
});
export type TestChallengeInput = z.infer<typeof TestChallengeInputSchema>;

const testFields = {
  name: z.string().trim().min(1).max(120),
  kind: TestKindSchema,
  /** Project: exactly one project challenge; problems: 1–5 algorithmic challenges. */
  challenges: z.array(TestChallengeInputSchema).min(1).max(TestLimits.maxProblems),
  timeLimitMinutes: z.number().int().min(TestLimits.minTimeLimitMinutes).max(TestLimits.maxTimeLimitMinutes),
  /** How long an invitation link stays valid. */
  validityDays: z.number().int().min(TestLimits.minValidityDays).max(TestLimits.maxValidityDays),
  /** Problems: the languages candidates may use (≥ 1). Project: ignored (stored as []). */
  allowedLanguages: z.array(RunnerLanguageIdSchema).max(RUNNER_LANGUAGE_IDS.length),
  /** Shown to the candidate before starting (plain text / Markdown). */
  instructions: z.string().max(TestLimits.maxInstructionsLength),
  /** Candidates see a feedback summary (criteria / test groups passed) after grading. */
  showFeedback: z.boolean(),
};

function checkTestShape(
  value: { kind?: TestKind; challenges?: unknown[]; allowedLanguages?: unknown[] },
  ctx: z.RefinementCtx,
): void {
  if (value.kind === 'project' && value.challenges !== undefined && value.challenges.length !== 1)
    ctx.addIssue({
      code: 'custom',
      message: 'a project test has exactly one challenge',
      path: ['challenges'],
    });
  if (value.kind === 'problems' && value.allowedLanguages?.length === 0)
    ctx.addIssue({ code: 'custom', message: 'allow at least one language', path: ['allowedLanguages'] });
}

export const CreateTestBodySchema = z
  .object({
    ...testFields,
    validityDays: testFields.validityDays.default(7),
    allowedLanguages: testFields.allowedLanguages.default([...RUNNER_LANGUAGE_IDS]),
    instructions: testFields.instructions.default(''),
    showFeedback: testFields.showFeedback.default(false),
  })
  .strict()
  .superRefine(checkTestShape);
export type CreateTestBody = z.infer<typeof CreateTestBodySchema>;

/** Any subset of the fields; the merged result is validated again (400 tests.invalid). */
export const UpdateTestBodySchema = z.object(testFields).partial().strict().superRefine(checkTestShape);
export type UpdateTestBody = z.infer<typeof UpdateTestBodySchema>;

export const TestChallengeSchema = z.object({
  challengeId: z.string(),
  /** The pinned version (published) or the latest one (draft). */
  challengeVersionId: z.string(),
  versionNumber: z.number().int(),
  title: z.string(),
  kind: ChallengeKindSchema,
  weight: z.number().int(),
});
export type TestChallenge = z.infer<typeof TestChallengeSchema>;

export const TestSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: TestKindSchema,
  status: TestStatusSchema,
  /** The draft differs from the published version (or nothing is published yet). */
  hasUnpublishedChanges: z.boolean(),
  /** Number of the latest published version, null before the first publish. */
  publishedVersion: z.number().int().nullable(),
  /** The draft (working copy), each challenge at its latest version. */
  challenges: z.array(TestChallengeSchema),
  timeLimitMinutes: z.number().int(),
  validityDays: z.number().int(),
  allowedLanguages: z.array(z.string()),
  instructions: z.string(),
  showFeedback: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  archivedAt: z.string().nullable(),
});
export type Test = z.infer<typeof TestSchema>;

export const TestListQuerySchema = z.object({ status: TestStatusSchema.optional() });
export type TestListQuery = z.infer<typeof TestListQuerySchema>;

export const TestListSchema = z.object({ items: z.array(TestSchema) });
export type TestList = z.infer<typeof TestListSchema>;

export const TestParamsSchema = OrgParamsSchema.extend({ testId: z.string().min(1).max(64) });
