import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ChallengeManifestSchema, type Role } from '@assay/contracts';
import { RunnerRequestError, type ExecutionBackend } from '@assay/runner/protocol';
import type { Config } from '../../config/index.js';
import type { Db, DbOrTrx } from '../../db/index.js';
import type { Clock } from '../../platform/clock/index.js';
import { newId } from '../../platform/crypto/index.js';
import { PlatformErrors } from '../../platform/errors/index.js';
import type { RepoStore } from '../../platform/git/git.types.js';
import { PermanentJobError, type Queue } from '../../platform/jobs/index.js';
import type { Logger } from '../../platform/log/index.js';
import { recordAuditEvent } from '../audit/index.js';
import {
  languageOfFile,
  loadTestMaterial,
  type ProblemMaterial,
  type TestMaterial,
} from '../challenges/index.js';
import { roleAtLeast } from '../identity/index.js';
import type { InvitationsService } from '../invitations/index.js';
import {
  capLog,
  judgedProblem,
  judgeInternalError,
  projectCriteria,
  projectGradeRequest,
  projectInternalError,
  selectProblemFiles,
  unsolvedProblem,
  type ProblemOutcome,
  type ProjectChallenge,
} from './grade-request.js';
import { GradingErrors } from './grading.errors.js';
import { GradeJob, gradingRetryPolicy } from './grading.jobs.js';
import {
  GRADING_PERMISSIONS,
  MAX_ERROR_CHARS,
  MAX_LOG_BYTES,
  PERMANENT_RUNNER_CODES,
  REGRADABLE_STATUSES,
} from './grading.policy.js';
import * as repo from './grading.repository.js';
import {
  GradingResultSchema,
  scaleCriteria,
  totalScore,
  type GradedVersion,
  type GradingResult,
} from './grading-result.js';

/** What grading reads about an attempt. */
export interface AttemptForGrading {
  attemptId: string;
  organizationId: string;
  invitationId: string;
  testVersionId: string;
  /** The frozen submission (null until submitted). */
  submittedCommit: string | null;
  /** The candidate's chosen language (problems: which solution file counts when several exist). */
  language: string | null;
  /** The commit the candidate started from (read-only files are restored from it). */
  initialCommit: string;
}

/** The attempts port. `trx` is given when called inside the submit transaction. */
export interface AttemptsPort {
  getForGrading(attemptId: string, trx?: DbOrTrx): Promise<AttemptForGrading | undefined>;
}

export interface GradingDeps {
  db: Db;
  clock: Clock;
  queue: Queue;
  config: Pick<Config, 'dataDir'>;
  /** The sandbox runner; without one every grading job fails with `grading.runner_unavailable` and retries. */
  execution?: ExecutionBackend | undefined;
  repos: Pick<RepoStore, 'archive' | 'listTree' | 'readFile'>;
  /** Default: reads the `attempts` table. */
  attempts?: AttemptsPort;
  invitations: Pick<InvitationsService, 'get' | 'markGraded' | 'markGradingFailed' | 'updateScore'>;
  logger: Logger;
  /** Default: the challenges module's `loadTestMaterial`. */
  loadMaterial?: (db: DbOrTrx, dataDir: string, testVersionId: string) => Promise<TestMaterial>;
}

/** A grading as other modules read it (reports, the candidate's feedback, notifications). */
export interface Grading {
  id: string;
  organizationId: string;
  attemptId: string;
  invitationId: string;
  testVersionId: string;
  /** 1 for the first grading, 2+ for re-grades. */
  number: number;
  status: 'pending' | 'running' | 'graded' | 'failed';
  commit: string;
  /** Automatic total 0–100 (null unless graded). */
  score: number | null;
  result: GradingResult | null;
  /** Build/test output: staff only. */
  log: string;
  /** Why grading failed (staff only); never a score. */
  error: string | null;
  requestedByUserId: string | null;
  createdAt: string;
  finishedAt: string | null;
}

/** The candidate's feedback summary: criterion names and counts only, never test names. */
export interface FeedbackSummary {
  score: number;
  criteria: { name: string; passed: number; total: number }[];
}

export interface GradingActor {
  userId: string | null;
  role: Role;
}

export interface GradeContext {
  /** 1 for the first run of the job. */
  attempt: number;
  signal?: AbortSignal;
  log?: Pick<Logger, 'info' | 'warn' | 'error'>;
}

interface Outcome {
  score: number;
  result: GradingResult;
  log: string;
}

/** A failure that retrying cannot fix (the submission or the challenge is refused). */
class PermanentGradingError extends Error {
  override readonly name = 'PermanentGradingError';
}

function present(row: repo.GradingRow): Grading {
  let result: GradingResult | null = null;
  if (row.result !== null) {
    const parsed = GradingResultSchema.safeParse(JSON.parse(row.result));
    result = parsed.success ? parsed.data : null;
  }
  return {
    id: row.id,
    organizationId: row.organization_id,
    attemptId: row.attempt_id,
    invitationId: row.invitation_id,
    testVersionId: row.test_version_id,
    number: row.number,
    status: row.status,
    commit: row.commit,
    score: row.score,
    result,
    log: row.log,
    error: row.error,
    requestedByUserId: row.requested_by_user_id,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}

function describe(err: unknown): string {
  const text =
    err instanceof RunnerRequestError
      ? `runner ${err.code}: ${err.message}`
      : err instanceof Error
        ? err.message
        : String(err);
  return text.slice(0, MAX_ERROR_CHARS);
}

/**
 * Grading: `enqueueGrading` (the attempts module calls it in the submit transaction), the
 * `grading.grade` job on the sandbox runner, re-grades, and the reads reports and the candidate's
 * feedback use.
 */
export function createGradingService(deps: GradingDeps) {
  const { db, clock, queue, invitations } = deps;
  const now = () => clock.now().toISOString();
  const loadMaterial = deps.loadMaterial ?? loadTestMaterial;
  const attempts: AttemptsPort = deps.attempts ?? {
    async getForGrading(attemptId, trx) {
      const row = await repo.findAttemptForGrading(trx ?? db, attemptId);
      if (!row) return undefined;
      return {
        attemptId: row.id,
        organizationId: row.organization_id,
        invitationId: row.invitation_id,
        testVersionId: row.test_version_id,
        submittedCommit: row.submitted_commit,
        language: row.language,
        initialCommit: row.initial_commit,
      };
    },
  };

  async function enqueueIn(
    trx: DbOrTrx,
    attempt: AttemptForGrading,
    requestedByUserId: string | null,
  ): Promise<repo.GradingRow> {
    if (attempt.submittedCommit === null) {
      throw GradingErrors.create('grading.not_submitted', {
        message: `Attempt ${attempt.attemptId} has no submission to grade.`,
      });
    }
    const row: repo.GradingRow = {
      id: newId(),
      organization_id: attempt.organizationId,
      attempt_id: attempt.attemptId,
      invitation_id: attempt.invitationId,
      test_version_id: attempt.testVersionId,
      number: (await repo.maxGradingNumber(trx, attempt.attemptId)) + 1,
      status: 'pending',
      commit: attempt.submittedCommit,
      score: null,
      result: null,
      log: '',
      error: null,
      requested_by_user_id: requestedByUserId,
      created_at: now(),
      finished_at: null,
    };
    await repo.insertGrading(trx, row);
    await queue.enqueue(
      trx,
      GradeJob,
      { gradingId: row.id },
      { key: row.id, organizationId: attempt.organizationId },
    );
    return row;
  }

  // ---- Running a grading --------------------------------------------------------------------

  function runnerError(err: unknown): never {
    if (err instanceof RunnerRequestError && PERMANENT_RUNNER_CODES.includes(err.code))
      throw new PermanentGradingError(describe(err));
    throw err;
  }

  /** The challenge version to grade with: pinned for the first grading, newest for a re-grade. */
  async function versionFor(
    pinned: { versionId: string; slug: string },
    useLatest: boolean,
  ): Promise<{ version: GradedVersion; dir: string | null; manifest: string | null }> {
    if (useLatest) {
      const latest = await repo.findLatestChallengeVersion(db, pinned.versionId);
      if (latest && latest.id !== pinned.versionId) {
        return {
          version: { slug: latest.slug, versionId: latest.id, pinned: false },
          dir: join(deps.config.dataDir, latest.files_path),
          manifest: latest.manifest,
        };
      }
    }
    return {
      version: { slug: pinned.slug, versionId: pinned.versionId, pinned: true },
      dir: null,
      manifest: null,
    };
  }

  async function challengeFile(challenge: ProjectChallenge, path: string): Promise<Buffer | undefined> {
    const { dir, manifest } = challenge;
    for (const base of [manifest.tests.sample, manifest.starter]) {
      const data = await readFile(join(dir, base, path)).catch(() => undefined);
      if (data !== undefined) return data;
    }
    return undefined;
  }

  async function gradeProject(
    row: repo.GradingRow,
    attempt: AttemptForGrading,
    material: Extract<TestMaterial, { kind: 'project' }>,
    execution: ExecutionBackend,
    signal: AbortSignal | undefined,
  ): Promise<Outcome> {
    const {
      version,
      dir,
      manifest: newerManifest,
    } = await versionFor(
      { versionId: material.challenge.versionId, slug: material.challenge.manifest.slug },
      row.number > 1,
    );
    let challenge: ProjectChallenge = material.challenge;
    if (dir !== null && newerManifest !== null) {
      const parsed = ChallengeManifestSchema.safeParse(JSON.parse(newerManifest));
      if (!parsed.success)
        throw new PermanentGradingError(`challenge version ${version.versionId}: invalid manifest`);
      challenge = { dir, manifest: parsed.data };
    }
    const { manifest } = challenge;
    // Read-only files: what the candidate started with (the initial commit); a newer challenge
    // version brings its own (its fix may be in them).
    const readOnly: { path: string; data: Buffer }[] = [];
    for (const path of manifest.readOnly) {
      const data = version.pinned
        ? ((await deps.repos.readFile(attempt.attemptId, attempt.initialCommit, path)) ??
          (await challengeFile(challenge, path)))
        : await challengeFile(challenge, path);
      if (data === undefined)
        throw new PermanentGradingError(
          `${manifest.slug}: read-only file ${path} is missing from the challenge`,
        );
      readOnly.push({ path, data });
    }
    const tar = await deps.repos.archive(attempt.attemptId, row.commit);
    const request = projectGradeRequest(challenge, { kind: 'tar', data: tar.toString('base64') }, readOnly);
    const result = await execution
      .runProject(request, signal ? { signal } : {})
      .catch((err: unknown) => runnerError(err));
    const internal = projectInternalError(result);
    if (internal !== null) {
      throw GradingErrors.create('grading.internal_error', {
        message: `${internal}\n${result.log.slice(-2000)}`,
      });
    }
    const criteria = projectCriteria(manifest, result);
    return {
      score: totalScore(criteria),
      result: {
        kind: 'project',
        versions: [version],
        language: manifest.language.id,
        buildPassed: result.buildPassed,
        criteria,
      },
      log: result.log,
    };
  }

  async function gradeProblems(
    row: repo.GradingRow,
    attempt: AttemptForGrading,
    material: Extract<TestMaterial, { kind: 'problems' }>,
    execution: ExecutionBackend,
    signal: AbortSignal | undefined,
  ): Promise<Outcome> {
    const tree = await deps.repos.listTree(attempt.attemptId, row.commit);
    const outcomes: ProblemOutcome[] = [];
    const versions: GradedVersion[] = [];
    const log: string[] = [];
    for (const problem of material.problems) {
      const { version, dir } = await versionFor(problem, row.number > 1);
      versions.push(version);
      const files: { path: string; data: Buffer }[] = [];
      for (const entry of tree) {
        if (!entry.path.startsWith(`${problem.slug}/`)) continue;
        const data = await deps.repos.readFile(attempt.attemptId, row.commit, entry.path);
        if (data !== undefined) files.push({ path: entry.path, data });
      }
      const selection = selectProblemFiles(problem.slug, files, {
        attemptLanguage: attempt.language,
        languageOf: languageOfFile,
      });
      if (selection.kind === 'none') {
        outcomes.push(unsolvedProblem(problem, selection.message));
        log.push(`${problem.slug}: CE (${selection.message})`);
        continue;
      }
      const outcome = await judgeProblem(problem, dir ?? problem.dir, selection, execution, signal);
      outcomes.push(outcome.outcome);
      log.push(outcome.log);
    }
    const criteria = outcomes.map((o) => o.criterion);
    return {
      score: totalScore(criteria),
      result: { kind: 'problems', versions, criteria, problems: outcomes.map((o) => o.problem) },
      log: log.join('\n'),
    };
  }

  async function judgeProblem(
    problem: ProblemMaterial,
    dir: string,
    selection: Extract<ReturnType<typeof selectProblemFiles>, { kind: 'files' }>,
    execution: ExecutionBackend,
    signal: AbortSignal | undefined,
  ): Promise<{ outcome: ProblemOutcome; log: string }> {
    let result;
    try {
      result = await execution.judge(
        {
          submission: {
            kind: 'files',
            files: selection.files.map((f) => ({ path: f.path, data: f.data.toString('base64') })),
          },
          language: selection.language,
          problem: { kind: 'path', path: dir },
        },
        signal ? { signal } : {},
      );
    } catch (err) {
      // The runner refused the candidate's files (too large, bad name, language not offered):
      // the problem's result, not a failure of grading.
      if (
        err instanceof RunnerRequestError &&
        (err.code === 'bad_request' || err.code === 'invalid_archive')
      ) {
        const message = `submission refused: ${err.message}`.slice(0, 500);
        return { outcome: unsolvedProblem(problem, message), log: `${problem.slug}: CE (${message})` };
      }
      throw err;
    }
    const internal = judgeInternalError(result);
    if (internal !== null) {
      throw GradingErrors.create('grading.internal_error', { message: `${problem.slug}: ${internal}` });
    }
    const outcome = judgedProblem(problem, result);
    const compile = result.compileOutput ? `\n${result.compileOutput}` : '';
    return {
      outcome,
      log: `${problem.slug}: ${result.verdict} ${outcome.problem.score}/100 (${result.language.id})${compile}`,
    };
  }

  async function run(row: repo.GradingRow, signal: AbortSignal | undefined): Promise<Outcome> {
    const execution = deps.execution;
    if (!execution) {
      throw GradingErrors.create('grading.runner_unavailable', {
        message: 'No sandbox runner is configured: grading waits for one (run `assay doctor`).',
      });
    }
    const attempt = await attempts.getForGrading(row.attempt_id);
    if (!attempt) throw new PermanentGradingError(`attempt ${row.attempt_id} not found`);
    const material = await loadMaterial(db, deps.config.dataDir, row.test_version_id);
    return material.kind === 'project'
      ? gradeProject(row, attempt, material, execution, signal)
      : gradeProblems(row, attempt, material, execution, signal);
  }

  /** Give up on a grading: `failed`, no score; the invitation `grading_failed` unless it keeps an earlier score. */
  async function fail(row: repo.GradingRow, error: string): Promise<void> {
    const invitation = await invitations.get(row.organization_id, row.invitation_id).catch(() => undefined);
    await db.transaction().execute(async (trx) => {
      const n = await repo.finishFailed(trx, row.id, {
        error,
        log: capLog(error, MAX_LOG_BYTES),
        finishedAt: now(),
      });
      if (n === 0) return;
      // A failed re-grade of a graded invitation keeps its score (graded → grading_failed is not a
      // move); the failed grading row shows in the report.
      if (invitation && (invitation.status === 'submitted' || invitation.status === 'grading_failed'))
        await invitations.markGradingFailed(row.invitation_id, error, trx);
    });
  }

  const service = {
    /** The job died with its worker on the last attempt (`onLost`): fail the grading if still open. */
    async lost(gradingId: string, error: string): Promise<void> {
      const row = await repo.findGrading(db, gradingId);
      if (!row || (row.status !== 'pending' && row.status !== 'running')) return;
      await fail(row, error);
    },

    /**
     * Queue a grading of the attempt's frozen submission, in the caller's transaction: a `gradings`
     * row (number = previous + 1, pending, the submitted commit) and a `grading.grade` job.
     * @throws grading.not_submitted, resource.not_found
     */
    async enqueueGrading(
      trx: DbOrTrx,
      input: { attemptId: string; requestedByUserId: string | null },
    ): Promise<void> {
      const attempt = await attempts.getForGrading(input.attemptId, trx);
      if (!attempt) throw PlatformErrors.create('resource.not_found', { message: 'Attempt not found.' });
      await enqueueIn(trx, attempt, input.requestedByUserId);
    },

    /**
     * The `grading.grade` job. Idempotent: skips a grading already graded (or superseded); the
     * result is written fenced on the grading still being open, so a duplicate run writes nothing.
     * A sandbox failure throws (the job retries); on the last attempt, or for a refusal retrying
     * cannot fix, the grading becomes `failed` and the invitation `grading_failed`.
     */
    async grade(gradingId: string, ctx: GradeContext): Promise<void> {
      const row = await repo.findGrading(db, gradingId);
      if (!row || row.status === 'graded') return;
      if (row.status === 'failed') {
        // Only an admin's Retry of the dead job runs a failed grading again, and only the latest.
        const latest = await repo.latestGradingOfAttempt(db, row.attempt_id);
        if (latest?.id !== row.id) return;
      }
      const last = ctx.attempt >= gradingRetryPolicy.maxAttempts;
      let outcome: Outcome;
      try {
        if ((await repo.markGradingRunning(db, row.id)) === 0) return;
        outcome = await run(row, ctx.signal);
      } catch (err) {
        const permanent = err instanceof PermanentGradingError;
        // A worker stopping (or losing its lease) hands the job back: not a failure of grading.
        if (ctx.signal?.aborted === true) throw err;
        if (!permanent && !last) throw err;
        const error = describe(err);
        ctx.log?.error({ gradingId, err: error }, 'grading failed');
        await fail({ ...row, status: 'running' }, error);
        throw permanent ? new PermanentJobError(error) : err;
      }
      const stored = JSON.stringify(GradingResultSchema.parse(outcome.result));
      await db.transaction().execute(async (trx) => {
        const n = await repo.finishGraded(trx, row.id, {
          score: outcome.score,
          result: stored,
          log: capLog(outcome.log, MAX_LOG_BYTES),
          finishedAt: now(),
        });
        if (n === 0) return; // another run finished it
        const data = { gradingId: row.id, number: row.number };
        // A reviewer's overrides survive a re-grade: the invitation's score is the reviewed one.
        const overrides = new Map(
          (await repo.listOverrides(trx, row.invitation_id)).map((o) => [o.criterion_id, o.points]),
        );
        const score =
          overrides.size === 0 ? outcome.score : scaleCriteria(outcome.result.criteria, overrides).total;
        if (row.number === 1) await invitations.markGraded(row.invitation_id, score, trx);
        else await invitations.updateScore(trx, row.invitation_id, score, data);
      });
      ctx.log?.info({ gradingId, score: outcome.score }, 'graded');
    },

    /**
     * A recruiter's re-grade of a graded (or grading_failed) invitation: a new grading with the
     * newest version of each challenge. Audited.
     * @throws auth.forbidden, resource.not_found, grading.invalid_state, grading.in_progress
     */
    async regrade(
      actor: GradingActor,
      organizationId: string,
      invitationId: string,
    ): Promise<{ gradingId: string; number: number }> {
      if (!roleAtLeast(actor.role, GRADING_PERMISSIONS['grading:regrade'])) {
        throw PlatformErrors.create('auth.forbidden', { message: 'Your role cannot request a re-grade.' });
      }
      const invitation = await invitations.get(organizationId, invitationId);
      if (!REGRADABLE_STATUSES.includes(invitation.status)) {
        throw GradingErrors.create('grading.invalid_state', {
          message: `Only a graded invitation can be re-graded; this one is ${invitation.status.replace('_', ' ')}.`,
          details: { status: invitation.status },
        });
      }
      return db.transaction().execute(async (trx) => {
        const latest = await repo.latestGradingOfInvitation(trx, invitationId);
        if (!latest || latest.organization_id !== organizationId)
          throw PlatformErrors.create('resource.not_found', { message: 'Invitation not found.' });
        if (latest.status === 'pending' || latest.status === 'running') {
          throw GradingErrors.create('grading.in_progress', {
            message: 'A grading of this submission is already in progress.',
          });
        }
        const attempt = await attempts.getForGrading(latest.attempt_id, trx);
        if (!attempt) throw PlatformErrors.create('resource.not_found', { message: 'Attempt not found.' });
        const row = await enqueueIn(trx, attempt, actor.userId);
        await recordAuditEvent(trx, {
          organizationId,
          actorUserId: actor.userId,
          action: 'grading.regrade_requested',
          subjectType: 'invitation',
          subjectId: invitationId,
          data: { gradingId: row.id, number: row.number },
          occurredAt: clock.now(),
        });
        return { gradingId: row.id, number: row.number };
      });
    },

    /** The newest grading of an invitation (any status), or undefined. The caller checks the organization. */
    async latestGrading(invitationId: string): Promise<Grading | undefined> {
      const row = await repo.latestGradingOfInvitation(db, invitationId);
      return row ? present(row) : undefined;
    },

    /** Every grading of an invitation, newest first (the report's history). */
    async listGradings(invitationId: string): Promise<Grading[]> {
      return (await repo.listGradingsOfInvitation(db, invitationId)).map(present);
    },

    /**
     * The candidate's feedback summary from the newest finished grading of the attempt: the score
     * and, per criterion, its name and passed/total counts (no test names). Null until graded.
     * The caller shows it only when the test version's `show_feedback` is on.
     */
    async feedbackFor(attemptId: string): Promise<FeedbackSummary | null> {
      const row = await repo.latestGradedOfAttempt(db, attemptId);
      if (!row) return null;
      const grading = present(row);
      if (grading.result === null || grading.score === null) return null;
      return {
        score: grading.score,
        criteria: grading.result.criteria.map((c) => ({
          name: c.name,
          passed: c.passed.length,
          total: c.passed.length + c.failed.length,
        })),
      };
    },
  };
  return service;
}

export type GradingService = ReturnType<typeof createGradingService>;
