import { z } from 'zod';
import { InvitationStatusSchema } from './invitations.js';
import { SubmissionLimits } from './limits.js';

/**
 * The candidate's attempt: Start, the server-side clock, the workspace (one git repository per
 * attempt, shared by `git push` and the browser IDE's drafts), Run, Submit.
 *
 * Candidate-facing and public (rate-limited). The invitation token from the mail link's fragment
 * is POSTed once to start or resume; the answer sets the `assay_attempt` cookie (HttpOnly,
 * SameSite=Strict, Path=/api/candidate, Secure in production) and the page moves to the token-free
 * URL `/attempt/:attemptId`. Every later call is authenticated by that cookie (401 without it, 404
 * for an attempt the cookie does not belong to). Writes are JSON and refused cross-site.
 *
 *   POST /api/candidate/invitation         CandidateInvitationLookupBody → CandidateInvitationLanding  (see invitations.ts)
 *   POST /api/candidate/start              StartAttemptBody   → 201 AttemptStarted (+ cookie). Idempotent: an invitation
 *        already started answers 200 with the same attempt (resume on another device); submitted → 409 attempts.submitted;
 *        expired/cancelled → 409 invitations.invalid_state with a sentence for the page.
 *   GET  /api/candidate/attempts/:attemptId                               → AttemptState (poll every few seconds: clock,
 *        extensions, external pushes via `head.commit`, submission)
 *   GET  /api/candidate/attempts/:attemptId/files                         → WorkspaceTree (head commit + drafts overlay)
 *   GET  /api/candidate/attempts/:attemptId/file?path=P                   → WorkspaceFile
 *   PUT  /api/candidate/attempts/:attemptId/drafts   SaveDraftsBody      → SaveDraftsResult
 *        409 attempts.head_moved when `baseCommit` is no longer the head (a push arrived): the IDE reloads and shows
 *        the candidate's unsaved changes as a conflict; 409 attempts.closed after the deadline or submission;
 *        400 attempts.invalid_path / attempts.binary_content / attempts.too_large with the file named.
 *   POST /api/candidate/attempts/:attemptId/commit   {}                  → CommitResult (drafts → one commit; idle/blur)
 *   POST /api/candidate/attempts/:attemptId/run      RunBody             → RunResult (visible tests / samples / custom input)
 *   POST /api/candidate/attempts/:attemptId/submit   {}                  → SubmissionReceipt (idempotent)
 *
 * Git (smart HTTP, served by Assay with the system `git http-backend`):
 *   <PUBLIC_URL>/git/<attemptId>.git   HTTP Basic: username `candidate`, password = AttemptState.git.password.
 *   Credentials in the URL are refused. Pushes to `main` only, fast-forward only, until the deadline
 *   (a push that began before it may finish within 30 s after it).
 */

export const AttemptParamsSchema = z.object({ attemptId: z.string().min(1).max(64) });

export const StartAttemptBodySchema = z.object({
  token: z.string().min(1).max(200),
});
export type StartAttemptBody = z.infer<typeof StartAttemptBodySchema>;

export const AttemptStartedSchema = z.object({
  attemptId: z.string(),
  /** False when this call resumed an attempt that had already started. */
  created: z.boolean(),
});
export type AttemptStarted = z.infer<typeof AttemptStartedSchema>;

export const AttemptStatusSchema = z.enum(['active', 'submitted']);
export type AttemptStatus = z.infer<typeof AttemptStatusSchema>;

/** One algorithmic problem of a `problems` test: its folder in the repository is `<slug>/`. */
export const AttemptProblemSchema = z.object({
  slug: z.string(),
  title: z.string(),
  statementMarkdown: z.string(),
  weight: z.number(),
  timeLimitMs: z.number().nullable(),
  /** Sample inputs and outputs shown with the statement. */
  samples: z.array(z.object({ name: z.string(), input: z.string(), output: z.string() })),
});
export type AttemptProblem = z.infer<typeof AttemptProblemSchema>;

export const AttemptStateSchema = z.object({
  attemptId: z.string(),
  status: AttemptStatusSchema,
  invitationStatus: InvitationStatusSchema,
  organization: z.object({
    name: z.string(),
    logoUrl: z.string().nullable(),
    accentColor: z.string().nullable(),
  }),
  candidateName: z.string(),
  test: z.object({
    name: z.string(),
    kind: z.enum(['project', 'problems']),
    languages: z.array(z.string()),
    instructions: z.string(),
    /** Project tests: the challenge statement (Markdown). Null for `problems`. */
    statementMarkdown: z.string().nullable(),
    /** Project tests: the command the visible tests run with, for the candidate's own terminal. */
    testCommand: z.string().nullable(),
    problems: z.array(AttemptProblemSchema),
  }),
  startedAt: z.string(),
  /** start + time limit + extra time + extensions; moves live when a recruiter extends. */
  deadlineAt: z.string(),
  /** The server's clock when this answer was made: the page counts down from `deadlineAt - serverNow`. */
  serverNow: z.string(),
  timeLimitMinutes: z.number().int(),
  extraTimeMinutes: z.number().int(),
  extensionMinutes: z.number().int(),
  git: z.object({
    cloneUrl: z.string(),
    username: z.string(),
    password: z.string(),
  }),
  /** The latest commit on `main` (changes when a push lands or drafts are committed). */
  head: z.object({ commit: z.string(), committedAt: z.string() }),
  /** Drafts not yet committed, by path (the IDE shows them as unsaved-to-git). */
  pendingDrafts: z.number().int(),
  submission: z
    .object({
      submittedAt: z.string(),
      commit: z.string(),
      reason: z.enum(['candidate', 'deadline']),
      /** The feedback summary, when the test shows one and grading finished. */
      feedback: z
        .object({
          score: z.number(),
          criteria: z.array(
            z.object({ name: z.string(), passed: z.number().int(), total: z.number().int() }),
          ),
        })
        .nullable(),
    })
    .nullable(),
});
export type AttemptState = z.infer<typeof AttemptStateSchema>;

export const WorkspaceEntrySchema = z.object({
  path: z.string(),
  size: z.number().int(),
  /** Not valid UTF-8 (or contains NUL): shown, not editable. */
  binary: z.boolean(),
  /** Saved as a draft not yet committed (`deleted`: a draft deletion). */
  draft: z.enum(['none', 'changed', 'added', 'deleted']),
});
export type WorkspaceEntry = z.infer<typeof WorkspaceEntrySchema>;

export const WorkspaceTreeSchema = z.object({
  headCommit: z.string(),
  entries: z.array(WorkspaceEntrySchema),
});
export type WorkspaceTree = z.infer<typeof WorkspaceTreeSchema>;

export const WorkspaceFileQuerySchema = z.object({ path: z.string().min(1).max(1024) });
export const WorkspaceFileSchema = z.object({
  path: z.string(),
  headCommit: z.string(),
  /** UTF-8 text; null for a binary file. */
  content: z.string().nullable(),
  draft: z.boolean(),
});
export type WorkspaceFile = z.infer<typeof WorkspaceFileSchema>;

/** A repository-relative path the IDE may write: no absolute paths, `..`, `.git`, backslashes or NUL. */
export const WorkspacePathSchema = z
  .string()
  .min(1)
  .max(1024)
  .superRefine((path, ctx) => {
    const ok =
      !path.startsWith('/') &&
      !path.includes('\\') &&
      !path.includes('\0') &&
      path.split('/').every((part) => part !== '' && part !== '.' && part !== '..' && part !== '.git');
    if (!ok)
      ctx.addIssue({
        code: 'custom',
        message: `${JSON.stringify(path)}: use a relative path inside the repository (no leading "/", no "..", no ".git")`,
      });
  });

export const DraftChangeSchema = z.discriminatedUnion('op', [
  z.object({
    op: z.literal('write'),
    path: WorkspacePathSchema,
    /** UTF-8 text; the server refuses more than SubmissionLimits.maxFileBytes bytes with 400 attempts.too_large naming the file. */
    content: z.string().max(4 * SubmissionLimits.maxFileBytes),
  }),
  z.object({ op: z.literal('delete'), path: WorkspacePathSchema }),
  z.object({ op: z.literal('rename'), from: WorkspacePathSchema, path: WorkspacePathSchema }),
]);
export type DraftChange = z.infer<typeof DraftChangeSchema>;

export const SaveDraftsBodySchema = z.object({
  /** The head commit the IDE's files are based on. */
  baseCommit: z.string().regex(/^[0-9a-f]{40}$/),
  changes: z.array(DraftChangeSchema).min(1).max(100),
});
export type SaveDraftsBody = z.infer<typeof SaveDraftsBodySchema>;

export const SaveDraftsResultSchema = z.object({
  savedAt: z.string(),
  headCommit: z.string(),
  /** Set when this save also turned the drafts into a commit (at most every 30 s). */
  committed: z.string().nullable(),
});
export type SaveDraftsResult = z.infer<typeof SaveDraftsResultSchema>;

export const CommitResultSchema = z.object({
  headCommit: z.string(),
  /** False when there was nothing to commit. */
  committed: z.boolean(),
});
export type CommitResult = z.infer<typeof CommitResultSchema>;

export const RunBodySchema = z.object({
  /** `problems` tests: which problem (its slug) and language; project tests leave both out. */
  problem: z.string().max(64).optional(),
  language: z.string().max(32).optional(),
  /** `problems` tests: run on this input instead of the samples (custom input). */
  input: z
    .string()
    .max(64 * 1024)
    .optional(),
});
export type RunBody = z.infer<typeof RunBodySchema>;

export const RunCaseSchema = z.object({
  name: z.string(),
  status: z.enum(['passed', 'failed', 'skipped', 'error']),
  message: z.string().nullable(),
  ms: z.number(),
});

export const RunResultSchema = z.object({
  /** What ran: the visible tests (project), the samples, or the custom input. */
  kind: z.enum(['project', 'samples', 'custom']),
  /** AC/WA/… for samples and custom input; `passed`/`failed`/`build_failed`/`timeout`/`error` for projects. */
  verdict: z.string(),
  commit: z.string(),
  cases: z.array(RunCaseSchema),
  /** Build/compile output, the visible test output, or the program's stdout for custom input (capped). */
  output: z.string(),
  durationMs: z.number(),
});
export type RunResult = z.infer<typeof RunResultSchema>;

export const SubmissionReceiptSchema = z.object({
  attemptId: z.string(),
  submittedAt: z.string(),
  commit: z.string(),
  reason: z.enum(['candidate', 'deadline']),
  files: z.number().int(),
});
export type SubmissionReceipt = z.infer<typeof SubmissionReceiptSchema>;

/** Timeline event kinds stored per attempt (the report's timeline adds the invitation's dates). */
export const AttemptEventKindSchema = z.enum([
  'started',
  'resumed',
  'commit',
  'push',
  'push_refused',
  'run',
  'submitted',
  'graded',
  'grading_failed',
]);
export type AttemptEventKind = z.infer<typeof AttemptEventKindSchema>;

/** How long after the deadline a push that began before it may still complete. */
export const PUSH_GRACE_MS = 30_000;
/** Drafts become a commit at most this often (and on run, submit and idle). */
export const DRAFT_COMMIT_INTERVAL_MS = 30_000;
