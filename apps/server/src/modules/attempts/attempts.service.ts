import { mkdtemp, rm, writeFile, mkdir, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  AttemptStarted,
  AttemptState,
  CommitResult,
  DraftChange,
  InvitationStatus,
  OrganizationSettings,
  RunBody,
  RunResult,
  SaveDraftsBody,
  SaveDraftsResult,
  SubmissionReceipt,
  WorkspaceFile,
  WorkspaceTree,
} from '@assay/contracts';
import type { ExecutionBackend, FileSet } from '@assay/runner/protocol';
import type { Config } from '../../config/index.js';
import type { Db, DbOrTrx, DialectHelpers } from '../../db/index.js';
import type { Clock } from '../../platform/clock/index.js';
import { hashToken, newId, newSecretToken, safeEqual, type SecretBox } from '../../platform/crypto/index.js';
import { AppError, PlatformErrors } from '../../platform/errors/index.js';
import type { Queue } from '../../platform/jobs/index.js';
import type { Logger } from '../../platform/log/index.js';
import type { MailContent, MailQueue } from '../../platform/mail/index.js';
import {
  RepoConflictError,
  RepoLimitError,
  type CommitAuthor,
  type GitAccess,
  type RepoChange,
  type RepoStore,
} from '../../platform/git/git.types.js';
import { initialFiles, languageOfFile, loadTestMaterial, type TestMaterial } from '../challenges/index.js';
import { InvitationErrors, landingMessage, type InvitationsService } from '../invitations/index.js';
import { AttemptErrors } from './attempts.errors.js';
import { finalizeAttemptJob } from './attempts.jobs.js';
import { receiptMail } from './attempts.mail.js';
import {
  ATTEMPT_SESSION_TTL_MS,
  DRAFT_COMMIT_INTERVAL_MS,
  GIT_USERNAME,
  PUSH_GRACE_MS,
  RUN_OUTPUT_LIMIT_BYTES,
  SubmissionLimits,
  deadlineOf,
  finalizeAt,
  isBeforeDeadline,
  isText,
} from './attempts.policy.js';
import * as repo from './attempts.repository.js';
import { overlay, pathConflict, readTar } from './attempts.workspace.js';

/** What the attempt hands to grading (implemented by the grading module). */
export interface GradingPort {
  enqueueGrading(
    trx: DbOrTrx,
    input: { attemptId: string; requestedByUserId: string | null },
  ): Promise<unknown>;
  /** The candidate's feedback summary (score, per-criterion counts) of the latest graded run. */
  feedbackFor(attemptId: string): Promise<NonNullable<AttemptState['submission']>['feedback']>;
}

export interface AttemptsDeps {
  db: Db;
  dialect: Pick<DialectHelpers, 'isUniqueViolation'>;
  clock: Clock;
  queue: Queue;
  config: Pick<Config, 'http' | 'dataDir' | 'production'>;
  mail: {
    queue: MailQueue;
    render: (content: MailContent) => { subject: string; text: string; html: string };
  };
  store: RepoStore;
  /** Seals the per-attempt git password so it can be shown again on resume. */
  secretBox: SecretBox;
  invitations: Pick<InvitationsService, 'findByToken' | 'markStarted' | 'markSubmitted'>;
  organizations: { getSettings(organizationId: string): Promise<OrganizationSettings> };
  grading: GradingPort;
  /** Where Run executes; without it Run answers 503. */
  execution?: ExecutionBackend | undefined;
  log?: Logger;
}

export type AttemptsService = ReturnType<typeof createAttemptsService>;

/** File entries (path, size, binary) the per-commit cache may hold: tens of MB at most. */
const COMMIT_FILES_CACHE_ENTRIES = 200_000;
const AUTHOR: CommitAuthor = { name: 'Assay', email: 'noreply@assay.invalid' };
const ACTIVE_INVITATION: readonly InvitationStatus[] = ['started'];
const SUBMITTED_INVITATION: readonly InvitationStatus[] = ['submitted', 'graded', 'grading_failed'];

function cap(text: string, limit = RUN_OUTPUT_LIMIT_BYTES): string {
  const data = Buffer.from(text, 'utf8');
  if (data.length <= limit) return text;
  return `${data.subarray(0, limit).toString('utf8')}\n… (output truncated)`;
}

/**
 * The candidate's attempt: Start/resume, the server clock, the workspace (git repository +
 * IDE drafts), Run, Submit, the finalize job and the git access rules.
 */
export function createAttemptsService(deps: AttemptsDeps) {
  const { db, clock, store } = deps;
  const nowIso = () => clock.now().toISOString();
  const materials = new Map<string, Promise<TestMaterial>>();
  const locks = new Map<string, Promise<unknown>>();
  const running = new Set<string>();
  /**
   * Binary flags per commit (computed once from `git archive`), least recently used first. Bounded
   * by the number of file entries held, so every active attempt's head stays cached: clearing it
   * whenever it held 500 commits made each autosave run `git archive` once > 500 candidates saved.
   */
  const commitFiles = new Map<string, Map<string, { size: number; binary: boolean }>>();
  let commitFilesEntries = 0;

  function material(testVersionId: string): Promise<TestMaterial> {
    let found = materials.get(testVersionId);
    if (!found) {
      found = loadTestMaterial(db, deps.config.dataDir, testVersionId);
      found.catch(() => materials.delete(testVersionId));
      materials.set(testVersionId, found);
    }
    return found;
  }

  /** Run `task` after every earlier task of the same attempt (in this process). */
  function serialized<T>(attemptId: string, task: () => Promise<T>): Promise<T> {
    const previous = locks.get(attemptId) ?? Promise.resolve();
    const next = previous.then(task, task);
    const settled = next.catch(() => undefined);
    locks.set(attemptId, settled);
    void settled.then(() => {
      if (locks.get(attemptId) === settled) locks.delete(attemptId);
    });
    return next;
  }

  const notFound = () => PlatformErrors.create('resource.not_found', { message: 'Attempt not found.' });

  async function context(trx: DbOrTrx, attemptId: string): Promise<repo.AttemptContext> {
    const ctx = await repo.findAttemptWithInvitation(trx, attemptId);
    if (!ctx) throw notFound();
    return ctx;
  }

  function closedError(ctx: repo.AttemptContext): AppError {
    if (ctx.status === 'submitted')
      return AttemptErrors.create('attempts.closed', {
        message: 'This test has been submitted: changes are no longer accepted.',
      });
    if (!ACTIVE_INVITATION.includes(ctx.invitation_status))
      return AttemptErrors.create('attempts.closed', {
        message: landingMessage(ctx.invitation_status) ?? 'This test is closed.',
      });
    return AttemptErrors.create('attempts.closed', {
      message: 'The time for this test is over: changes are no longer accepted.',
      details: { deadlineAt: deadlineOf(ctx).toISOString() },
    });
  }

  function assertOpen(ctx: repo.AttemptContext): void {
    if (
      ctx.status !== 'active' ||
      !ACTIVE_INVITATION.includes(ctx.invitation_status) ||
      !isBeforeDeadline(ctx, clock.now())
    )
      throw closedError(ctx);
  }

  function headMoved(head: string): AppError {
    return AttemptErrors.create('attempts.head_moved', {
      message:
        'New commits arrived (a git push) since your editor loaded the files. Reload to see them; your unsaved changes are kept for you to re-apply.',
      details: { headCommit: head },
    });
  }

  async function enqueueFinalize(trx: DbOrTrx, attemptId: string, organizationId: string, runAt: Date) {
    await deps.queue.enqueue(
      trx,
      finalizeAttemptJob,
      { attemptId },
      { runAt, key: `${attemptId}:${String(runAt.getTime())}`, organizationId },
    );
  }

  async function newSession(trx: DbOrTrx, attemptId: string): Promise<{ token: string; expiresAt: Date }> {
    const token = newSecretToken('aatt');
    const now = clock.now();
    const expiresAt = new Date(now.getTime() + ATTEMPT_SESSION_TTL_MS);
    await repo.insertSession(trx, {
      token_hash: hashToken(token),
      attempt_id: attemptId,
      created_at: now.toISOString(),
      expires_at: expiresAt.toISOString(),
    });
    return { token, expiresAt };
  }

  // ---- Workspace ------------------------------------------------------------------------------

  /** Every file of `commit` with its size and whether it is text (cached per commit). */
  async function filesOf(attemptId: string, commit: string) {
    const key = `${attemptId}:${commit}`;
    const cached = commitFiles.get(key);
    if (cached) {
      commitFiles.delete(key);
      commitFiles.set(key, cached);
      return cached;
    }
    const archive = await store.archive(attemptId, commit);
    const files = new Map<string, { size: number; binary: boolean }>();
    for (const file of readTar(archive))
      files.set(file.path, { size: file.data.length, binary: !isText(file.data) });
    if (!commitFiles.has(key)) commitFilesEntries += files.size;
    commitFiles.set(key, files);
    for (const [oldest, entries] of commitFiles) {
      if (commitFilesEntries <= COMMIT_FILES_CACHE_ENTRIES || oldest === key) break;
      commitFiles.delete(oldest);
      commitFilesEntries -= entries.size;
    }
    return files;
  }

  async function readText(
    attemptId: string,
    commit: string,
    path: string,
  ): Promise<string | null | undefined> {
    const data = await store.readFile(attemptId, commit, path);
    if (data === undefined) return undefined;
    return isText(data) ? data.toString('utf8') : null;
  }

  function invalidPath(path: string, reason: string): AppError {
    return AttemptErrors.create('attempts.invalid_path', {
      message: `${path}: ${reason}`,
      details: { path },
    });
  }

  /**
   * Turn the drafts into one commit on top of the head. `force` (the deadline) commits drafts
   * even when a push moved the head since they were saved, so no saved work is lost.
   */
  function commitDrafts(
    attemptId: string,
    options: { force: boolean },
  ): Promise<{ head: string; committed: string | null }> {
    return serialized(attemptId, async () => {
      const ctx = await context(db, attemptId);
      const drafts = await repo.listDrafts(db, attemptId);
      if (drafts.length === 0) return { head: ctx.head_commit, committed: null };
      if (!options.force && drafts.some((d) => d.base_commit !== ctx.head_commit))
        throw headMoved(ctx.head_commit);
      let parent = ctx.head_commit;
      for (let round = 0; ; round += 1) {
        const headFiles = await filesOf(attemptId, parent);
        const changes: RepoChange[] = drafts
          .filter((d) => d.deleted === 0 || headFiles.has(d.path))
          .map((d) => ({
            path: d.path,
            data: d.deleted === 1 ? null : Buffer.from(d.content ?? '', 'utf8'),
          }));
        const at = clock.now();
        let commit: string | null = null;
        if (changes.length > 0) {
          try {
            commit = await store.commit(attemptId, {
              parent,
              changes,
              message: `Save from the editor (${String(changes.length)} file${changes.length === 1 ? '' : 's'})`,
              author: AUTHOR,
              at,
            });
          } catch (error) {
            if (error instanceof RepoConflictError) {
              const head = await store.head(attemptId);
              await repo.updateHead(db, attemptId, head, { updated_at: at.toISOString() });
              if (options.force && round < 3) {
                parent = head.commit;
                continue;
              }
              throw headMoved(head.commit);
            }
            if (error instanceof RepoLimitError)
              throw AttemptErrors.create('attempts.too_large', {
                message: error.message,
                details: { path: error.path },
              });
            throw error;
          }
        }
        // An unchanged tree makes no commit (the store returns the parent).
        if (commit === parent) commit = null;
        const head =
          commit === null
            ? { commit: parent, committedAt: ctx.head_committed_at }
            : await store.head(attemptId);
        await db.transaction().execute(async (trx) => {
          await repo.updateHead(trx, attemptId, head, {
            last_draft_commit_at: at.toISOString(),
            updated_at: at.toISOString(),
          });
          for (const draft of drafts) await repo.deleteCommittedDraft(trx, draft);
          if (commit !== null)
            await repo.insertEvent(trx, {
              attemptId,
              organizationId: ctx.organization_id,
              kind: 'commit',
              at: at.toISOString(),
              data: { commit, files: changes.length },
            });
        });
        return { head: head.commit, committed: commit };
      }
    });
  }

  /** The changes as draft rows, checked against the workspace and the limits (nothing written). */
  async function planDrafts(ctx: repo.AttemptContext, changes: readonly DraftChange[]) {
    const headFiles = await filesOf(ctx.id, ctx.head_commit);
    const drafts = await repo.listDrafts(db, ctx.id);
    // The workspace as the IDE sees it: path → content (undefined = unchanged head file).
    const workspace = new Map<string, { text: string | null | undefined; size: number }>();
    for (const [path, file] of headFiles)
      workspace.set(path, { text: file.binary ? null : undefined, size: file.size });
    for (const draft of drafts) {
      if (draft.deleted === 1) workspace.delete(draft.path);
      else
        workspace.set(draft.path, {
          text: draft.content,
          size: Buffer.byteLength(draft.content ?? '', 'utf8'),
        });
    }
    const touched = new Map<string, string | null>(); // path → content, null = delete
    const write = (path: string, text: string) => {
      if (text.includes('\0'))
        throw AttemptErrors.create('attempts.binary_content', {
          message: `${path}: binary content (NUL bytes) cannot be saved from the editor; push it with git instead.`,
          details: { path },
        });
      const size = Buffer.byteLength(text, 'utf8');
      if (size > SubmissionLimits.maxFileBytes)
        throw AttemptErrors.create('attempts.too_large', {
          message: `${path}: the file is ${String(size)} bytes; at most ${String(SubmissionLimits.maxFileBytes)} bytes per file.`,
          details: { path },
        });
      workspace.delete(path);
      const conflict = pathConflict(new Set(workspace.keys()), path);
      if (conflict !== undefined)
        throw invalidPath(path, `conflicts with ${conflict} (a file cannot also be a folder)`);
      workspace.set(path, { text, size });
      touched.set(path, text);
    };
    for (const change of changes) {
      if (change.op === 'write') write(change.path, change.content);
      else if (change.op === 'delete') {
        if (!workspace.has(change.path)) throw invalidPath(change.path, 'no such file to delete');
        workspace.delete(change.path);
        touched.set(change.path, null);
      } else {
        const source = workspace.get(change.from);
        if (!source) throw invalidPath(change.from, 'no such file to rename');
        let text = source.text;
        if (text === undefined) text = await readText(ctx.id, ctx.head_commit, change.from);
        if (text === null || text === undefined)
          throw AttemptErrors.create('attempts.binary_content', {
            message: `${change.from}: a binary file cannot be renamed from the editor; use git.`,
            details: { path: change.from },
          });
        workspace.delete(change.from);
        touched.set(change.from, null);
        write(change.path, text);
      }
    }
    if (workspace.size > SubmissionLimits.maxFiles)
      throw AttemptErrors.create('attempts.too_large', {
        message: `The workspace would have ${String(workspace.size)} files; at most ${String(SubmissionLimits.maxFiles)}.`,
        details: { path: [...touched.keys()].at(-1) ?? null },
      });
    const total = [...workspace.values()].reduce((sum, f) => sum + f.size, 0);
    if (total > SubmissionLimits.maxTotalBytes)
      throw AttemptErrors.create('attempts.too_large', {
        message: `The workspace would be ${String(total)} bytes; at most ${String(SubmissionLimits.maxTotalBytes)} in total.`,
        details: { path: [...touched.keys()].at(-1) ?? null },
      });
    return { touched, headFiles };
  }

  // ---- Submission ------------------------------------------------------------------------------

  async function receiptOf(ctx: repo.AttemptRow): Promise<SubmissionReceipt> {
    if (ctx.submitted_commit === null || ctx.submitted_at === null || ctx.submit_reason === null)
      throw notFound();
    const files = await filesOf(ctx.id, ctx.submitted_commit);
    return {
      attemptId: ctx.id,
      submittedAt: ctx.submitted_at,
      commit: ctx.submitted_commit,
      reason: ctx.submit_reason,
      files: files.size,
    };
  }

  async function submitAttempt(
    attemptId: string,
    reason: 'candidate' | 'deadline',
  ): Promise<SubmissionReceipt | null> {
    let ctx = await context(db, attemptId);
    if (ctx.status === 'submitted') return receiptOf(ctx);
    if (!ACTIVE_INVITATION.includes(ctx.invitation_status)) {
      if (reason === 'deadline') return null; // cancelled: nothing to finalize
      throw closedError(ctx);
    }
    const { head } = await commitDrafts(attemptId, { force: reason === 'deadline' });
    return serialized(attemptId, async () => {
      ctx = await context(db, attemptId);
      if (ctx.status === 'submitted') return receiptOf(ctx);
      const files = await filesOf(attemptId, head);
      const at = nowIso();
      const org = await deps.organizations.getSettings(ctx.organization_id);
      const won = await db.transaction().execute(async (trx) => {
        if (!(await repo.markSubmitted(trx, attemptId, { commit: head, reason, at }))) return false;
        await deps.invitations.markSubmitted(ctx.invitation_id, trx, { attemptId, commit: head, reason });
        await repo.insertEvent(trx, {
          attemptId,
          organizationId: ctx.organization_id,
          kind: 'submitted',
          at,
          data: { commit: head, reason, files: files.size },
        });
        await deps.grading.enqueueGrading(trx, { attemptId, requestedByUserId: null });
        await deps.mail.queue.queueMail(trx, {
          organizationId: ctx.organization_id,
          to: ctx.candidate_email,
          kind: 'attempts.receipt',
          ...deps.mail.render(
            receiptMail({
              branding: { organizationName: org.name, logoUrl: org.logoUrl, accentColor: org.accentColor },
              candidateName: ctx.candidate_name,
              testName: ctx.test_name,
              submittedAt: at,
              commit: head,
              files: files.size,
              reason,
            }),
          ),
        });
        return true;
      });
      const row = await repo.findAttempt(db, attemptId);
      if (!row) throw notFound();
      if (!won && row.status !== 'submitted') throw closedError(ctx);
      return receiptOf(row);
    });
  }

  // ---- Run -------------------------------------------------------------------------------------

  async function runProject(
    execution: ExecutionBackend,
    ctx: repo.AttemptContext,
    m: Extract<TestMaterial, { kind: 'project' }>,
    head: string,
  ): Promise<RunResult> {
    const { manifest, dir } = m.challenge;
    const tar = await store.archive(ctx.id, head);
    const readOnly: { path: string; data: string }[] = [];
    const initial = await filesOf(ctx.id, ctx.initial_commit);
    for (const path of manifest.readOnly) {
      const matches = [...initial.keys()].filter((p) => p === path || p.startsWith(`${path}/`));
      for (const p of matches) {
        const data = await store.readFile(ctx.id, ctx.initial_commit, p);
        if (data) readOnly.push({ path: p, data: data.toString('base64') });
      }
    }
    const result = await execution.runProject({
      variant: 'run',
      submission: { kind: 'tar', data: tar.toString('base64') },
      ...(readOnly.length > 0 ? { readOnly: { kind: 'files', files: readOnly } satisfies FileSet } : {}),
      ...(manifest.env ? { env: { kind: 'path', path: join(dir, 'env') } } : {}),
      ...(manifest.build === undefined ? {} : { build: manifest.build }),
      test: manifest.test,
      ...(manifest.environment ? { environment: manifest.environment } : {}),
      ...(manifest.limits ? { limits: manifest.limits } : {}),
    });
    const verdict = !result.buildPassed
      ? 'build_failed'
      : result.test?.status === 'timeout'
        ? 'timeout'
        : result.test?.status === 'error'
          ? 'error'
          : result.test?.status === 'passed' &&
              result.cases.every((c) => c.status !== 'failed' && c.status !== 'error')
            ? 'passed'
            : 'failed';
    return {
      kind: 'project',
      verdict,
      commit: head,
      cases: result.cases.map((c) => ({
        name: c.id,
        status: c.status,
        message: c.message ?? null,
        ms: c.ms,
      })),
      output: cap(result.log),
      durationMs: 0,
    };
  }

  async function runProblem(
    execution: ExecutionBackend,
    ctx: repo.AttemptContext,
    m: Extract<TestMaterial, { kind: 'problems' }>,
    head: string,
    body: RunBody,
  ): Promise<RunResult> {
    const problem = m.problems.find((p) => p.slug === body.problem);
    if (!problem)
      throw AttemptErrors.create('attempts.invalid_run', {
        message: `Choose a problem to run: one of ${m.problems.map((p) => p.slug).join(', ')}.`,
      });
    const files = await filesOf(ctx.id, head);
    const inFolder = [...files.keys()].filter((p) => p.startsWith(`${problem.slug}/`));
    const language =
      body.language ?? m.languages.find((id) => inFolder.some((p) => languageOfFile(p) === id));
    if (language === undefined || !m.languages.includes(language))
      throw AttemptErrors.create('attempts.invalid_run', {
        message: `Choose a language this test allows: ${m.languages.join(', ')}.`,
      });
    const sources = inFolder.filter((p) => languageOfFile(p) === language);
    if (sources.length === 0)
      throw AttemptErrors.create('attempts.invalid_run', {
        message: `There is no ${language} file in ${problem.slug}/ to run.`,
      });
    const submission: FileSet = { kind: 'files', files: [] };
    for (const path of sources) {
      const data = await store.readFile(ctx.id, head, path);
      if (data)
        submission.files.push({ path: path.slice(problem.slug.length + 1), data: data.toString('base64') });
    }
    if (body.input === undefined) {
      const result = await execution.judge({
        submission,
        language,
        problem: { kind: 'path', path: problem.dir },
        samplesOnly: true,
      });
      return {
        kind: 'samples',
        verdict: result.verdict,
        commit: head,
        cases: result.tests.map((t) => ({
          name: t.id,
          status: t.verdict === 'AC' ? 'passed' : t.verdict === 'IE' ? 'error' : 'failed',
          message: t.verdict === 'AC' ? null : [t.verdict, t.message].filter(Boolean).join(': '),
          ms: t.wallMs,
        })),
        output: cap(result.compileOutput ?? result.internalError ?? ''),
        durationMs: 0,
      };
    }
    // Custom input: a one-test copy of the package whose only "sample" is the candidate's input.
    const temp = await mkdtemp(join(tmpdir(), 'assay-custom-'));
    try {
      await copyFile(join(problem.dir, 'problem.yaml'), join(temp, 'problem.yaml'));
      await mkdir(join(temp, 'data', 'sample'), { recursive: true });
      await mkdir(join(temp, 'data', 'secret'), { recursive: true });
      await writeFile(join(temp, 'data', 'sample', 'custom.in'), body.input);
      await writeFile(join(temp, 'data', 'sample', 'custom.ans'), '');
      const result = await execution.judge({
        submission,
        language,
        problem: { kind: 'path', path: temp },
        // The copy has no output validator: the default comparison against the empty answer.
        samplesOnly: true,
      });
      const test = result.tests[0];
      const ran = test !== undefined && (test.verdict === 'AC' || test.verdict === 'WA');
      return {
        kind: 'custom',
        verdict: ran ? 'OK' : (test?.verdict ?? result.verdict),
        commit: head,
        cases: test
          ? [
              {
                name: 'custom',
                status: ran ? 'passed' : 'error',
                message: test.message ?? null,
                ms: test.wallMs,
              },
            ]
          : [],
        output: cap(test?.output ?? result.compileOutput ?? result.internalError ?? ''),
        durationMs: 0,
      };
    } finally {
      await rm(temp, { recursive: true, force: true });
    }
  }

  // ---- The service ----------------------------------------------------------------------------

  const service = {
    /**
     * Start (or resume) the attempt of the invitation `token` belongs to. Creates the repository
     * from the starter files, then one transaction: attempt, invitation started, timeline,
     * session, the durable finalize job. Concurrent double Start → one attempt.
     */
    async start(token: string): Promise<{ result: AttemptStarted; session: string; expiresAt: Date }> {
      const invitation = await deps.invitations.findByToken(token);
      if (!invitation)
        throw InvitationErrors.create('invitations.not_found', {
          message:
            'This invitation link is not valid. It may have been replaced by a newer email: use the latest one.',
        });
      const existing = await repo.findAttemptByInvitation(db, invitation.id);
      if (existing) return service.resume(existing.id);
      if (SUBMITTED_INVITATION.includes(invitation.status))
        throw AttemptErrors.create('attempts.submitted', {
          message: landingMessage(invitation.status) ?? 'This test has been submitted.',
        });
      const now = clock.now();
      if (
        invitation.status === 'expired' ||
        ((invitation.status === 'invited' || invitation.status === 'opened') &&
          invitation.expiresAt <= now.toISOString())
      )
        throw InvitationErrors.create('invitations.invalid_state', {
          message: landingMessage('expired') ?? 'This invitation has expired.',
          details: { status: 'expired' },
        });
      if (invitation.status !== 'invited' && invitation.status !== 'opened')
        throw InvitationErrors.create('invitations.invalid_state', {
          message: landingMessage(invitation.status) ?? 'This invitation cannot be started.',
          details: { status: invitation.status },
        });
      const m = await material(invitation.test.versionId);
      const attemptId = newId();
      const at = now.toISOString();
      const initial = await store.create(attemptId, await initialFiles(m), {
        message: `Starter files for ${m.name}`,
        author: AUTHOR,
        at: now,
      });
      const head = await store.head(attemptId);
      const password = newSecretToken('agit');
      try {
        const session = await db.transaction().execute(async (trx) => {
          await repo.insertAttempt(trx, {
            id: attemptId,
            organization_id: (await organizationOf(trx, invitation.id)) ?? '',
            invitation_id: invitation.id,
            test_version_id: invitation.test.versionId,
            status: 'active',
            started_at: at,
            initial_commit: initial,
            head_commit: head.commit,
            head_committed_at: head.committedAt,
            last_draft_commit_at: null,
            git_password_hash: hashToken(password),
            git_password_sealed: deps.secretBox.seal(password, attemptId),
            language: null,
            submitted_at: null,
            submitted_commit: null,
            submit_reason: null,
            created_at: at,
            updated_at: at,
          });
          await deps.invitations.markStarted(invitation.id, trx);
          const ctx = await context(trx, attemptId);
          await repo.insertEvent(trx, {
            attemptId,
            organizationId: ctx.organization_id,
            kind: 'started',
            at,
            data: { commit: initial, deadlineAt: deadlineOf(ctx).toISOString() },
          });
          await enqueueFinalize(trx, attemptId, ctx.organization_id, finalizeAt(ctx));
          return newSession(trx, attemptId);
        });
        return { result: { attemptId, created: true }, session: session.token, expiresAt: session.expiresAt };
      } catch (error) {
        await store.remove(attemptId).catch(() => undefined);
        const winner = await repo.findAttemptByInvitation(db, invitation.id);
        if (winner) return service.resume(winner.id);
        throw error;
      }
    },

    /** Resume on this or another device: a new session for the same attempt. */
    async resume(attemptId: string): Promise<{ result: AttemptStarted; session: string; expiresAt: Date }> {
      const ctx = await context(db, attemptId);
      if (ctx.status === 'submitted' || SUBMITTED_INVITATION.includes(ctx.invitation_status))
        throw AttemptErrors.create('attempts.submitted', {
          message: landingMessage('submitted') ?? 'This test has been submitted.',
        });
      if (!ACTIVE_INVITATION.includes(ctx.invitation_status))
        throw InvitationErrors.create('invitations.invalid_state', {
          message: landingMessage(ctx.invitation_status) ?? 'This invitation cannot be resumed.',
          details: { status: ctx.invitation_status },
        });
      const session = await db.transaction().execute(async (trx) => {
        await repo.insertEvent(trx, {
          attemptId,
          organizationId: ctx.organization_id,
          kind: 'resumed',
          at: nowIso(),
        });
        return newSession(trx, attemptId);
      });
      return { result: { attemptId, created: false }, session: session.token, expiresAt: session.expiresAt };
    },

    /** The attempt a cookie token opens: 401 without a live session, 404 for another attempt. */
    async authenticate(token: string | undefined, attemptId: string): Promise<void> {
      const owned = token ? await repo.findSessionAttempt(db, hashToken(token), nowIso()) : undefined;
      if (owned === undefined)
        throw PlatformErrors.create('auth.unauthenticated', {
          message: 'Open the test from your invitation link to continue.',
        });
      if (owned !== attemptId) throw notFound();
    },

    async state(attemptId: string): Promise<AttemptState> {
      const ctx = await context(db, attemptId);
      const m = await material(ctx.test_version_id);
      const org = await deps.organizations.getSettings(ctx.organization_id);
      const pending = await repo.countDrafts(db, attemptId);
      const feedback =
        ctx.status === 'submitted' && m.showFeedback ? await deps.grading.feedbackFor(attemptId) : null;
      return {
        attemptId,
        status: ctx.status,
        invitationStatus: ctx.invitation_status,
        organization: { name: org.name, logoUrl: org.logoUrl, accentColor: org.accentColor },
        candidateName: ctx.candidate_name,
        test: {
          name: m.name,
          kind: m.kind,
          languages: m.languages,
          instructions: m.instructions,
          statementMarkdown: m.kind === 'project' ? m.challenge.statementMarkdown : null,
          testCommand:
            m.kind === 'project'
              ? typeof m.challenge.manifest.test === 'string'
                ? m.challenge.manifest.test
                : m.challenge.manifest.test.join(' ')
              : null,
          problems:
            m.kind === 'problems'
              ? m.problems.map((p) => ({
                  slug: p.slug,
                  title: p.title,
                  statementMarkdown: p.statementMarkdown,
                  weight: p.weight,
                  timeLimitMs: p.timeLimitMs,
                  samples: p.samples,
                }))
              : [],
        },
        startedAt: ctx.started_at,
        deadlineAt: deadlineOf(ctx).toISOString(),
        serverNow: nowIso(),
        timeLimitMinutes: ctx.time_limit_minutes,
        extraTimeMinutes: ctx.extra_time_minutes,
        extensionMinutes: ctx.time_extension_minutes,
        git: {
          cloneUrl: `${deps.config.http.publicUrl}/git/${attemptId}.git`,
          username: GIT_USERNAME,
          password: deps.secretBox.open(ctx.git_password_sealed, attemptId),
        },
        head: { commit: ctx.head_commit, committedAt: ctx.head_committed_at },
        pendingDrafts: pending,
        submission:
          ctx.status === 'submitted' && ctx.submitted_at && ctx.submitted_commit && ctx.submit_reason
            ? {
                submittedAt: ctx.submitted_at,
                commit: ctx.submitted_commit,
                reason: ctx.submit_reason,
                feedback,
              }
            : null,
      };
    },

    async tree(attemptId: string): Promise<WorkspaceTree> {
      const ctx = await context(db, attemptId);
      const files = await filesOf(attemptId, ctx.head_commit);
      const drafts = await repo.listDrafts(db, attemptId);
      const sizes = new Map([...files].map(([path, f]) => [path, f.size]));
      const entries = [...overlay(sizes, drafts)]
        .map(([path, e]) => ({
          path,
          size: e.size,
          binary: e.draft === 'none' || e.draft === 'deleted' ? (files.get(path)?.binary ?? false) : false,
          draft: e.draft,
        }))
        .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      return { headCommit: ctx.head_commit, entries };
    },

    async file(attemptId: string, path: string): Promise<WorkspaceFile> {
      const ctx = await context(db, attemptId);
      const drafts = await repo.listDrafts(db, attemptId);
      const draft = drafts.find((d) => d.path === path);
      const missing = () =>
        AttemptErrors.create('attempts.file_not_found', {
          message: `${path}: no such file`,
          details: { path },
        });
      if (draft) {
        if (draft.deleted === 1) throw missing();
        return { path, headCommit: ctx.head_commit, content: draft.content ?? '', draft: true };
      }
      const text = await readText(attemptId, ctx.head_commit, path);
      if (text === undefined) throw missing();
      return { path, headCommit: ctx.head_commit, content: text, draft: false };
    },

    /**
     * Save IDE changes as drafts (all or nothing), and commit them when the last draft commit
     * is at least 30 s old. 409 head_moved when `baseCommit` is stale; 409 closed after the deadline.
     */
    async saveDrafts(attemptId: string, body: SaveDraftsBody): Promise<SaveDraftsResult> {
      const ctx = await context(db, attemptId);
      assertOpen(ctx);
      if (body.baseCommit !== ctx.head_commit) throw headMoved(ctx.head_commit);
      const { touched, headFiles } = await planDrafts(ctx, body.changes);
      const at = nowIso();
      await db.transaction().execute(async (trx) => {
        const guard = await trx
          .updateTable('attempts')
          .set({ updated_at: at })
          .where('id', '=', attemptId)
          .where('head_commit', '=', body.baseCommit)
          .where('status', '=', 'active')
          .executeTakeFirst();
        if (Number(guard.numUpdatedRows) !== 1) throw headMoved(ctx.head_commit);
        for (const [path, content] of touched) {
          if (content === null && !headFiles.has(path)) await repo.deleteDraft(trx, attemptId, path);
          else
            await repo.upsertDraft(trx, {
              attempt_id: attemptId,
              path,
              content,
              deleted: content === null ? 1 : 0,
              base_commit: body.baseCommit,
              updated_at: at,
            });
        }
        await repo.rebaseDrafts(trx, attemptId, body.baseCommit);
      });
      let committed: string | null = null;
      let head = ctx.head_commit;
      const last = new Date(ctx.last_draft_commit_at ?? ctx.started_at).getTime();
      if (clock.now().getTime() - last >= DRAFT_COMMIT_INTERVAL_MS) {
        try {
          const done = await commitDrafts(attemptId, { force: false });
          committed = done.committed;
          head = done.head;
        } catch (error) {
          // The drafts are saved; the commit waits for the next save, run or submit.
          if (!(error instanceof AppError && error.code === 'attempts.head_moved')) throw error;
        }
      }
      return { savedAt: at, headCommit: head, committed };
    },

    /** Drafts → one commit (idle, blur). */
    async commit(attemptId: string): Promise<CommitResult> {
      const ctx = await context(db, attemptId);
      assertOpen(ctx);
      const done = await commitDrafts(attemptId, { force: false });
      return { headCommit: done.head, committed: done.committed !== null };
    },

    /** Run the visible tests (project) or the samples / custom input (problems) on the head. */
    async run(attemptId: string, body: RunBody): Promise<RunResult> {
      const execution = deps.execution;
      if (!execution)
        throw AttemptErrors.create('attempts.runner_unavailable', {
          message: 'Running code is not available right now. Your work is saved; try again in a minute.',
          userMessage: 'Running code is not available right now. Your work is saved; try again in a minute.',
        });
      const ctx = await context(db, attemptId);
      assertOpen(ctx);
      if (running.has(attemptId))
        throw AttemptErrors.create('attempts.run_in_progress', {
          message: 'A run is already in progress. Wait for it to finish.',
        });
      running.add(attemptId);
      try {
        const { head } = await commitDrafts(attemptId, { force: false });
        const m = await material(ctx.test_version_id);
        const started = Date.now();
        let result: RunResult;
        try {
          result =
            m.kind === 'project'
              ? await runProject(execution, ctx, m, head)
              : await runProblem(execution, ctx, m, head, body);
        } catch (error) {
          if (error instanceof AppError) throw error;
          deps.log?.warn({ err: error, attemptId }, 'candidate run failed');
          throw AttemptErrors.create('attempts.runner_unavailable', {
            message: 'candidate run failed',
            userMessage: 'The run could not be completed. Your work is saved; try again in a minute.',
            cause: error,
          });
        }
        result.durationMs = Date.now() - started;
        await repo.insertEvent(db, {
          attemptId,
          organizationId: ctx.organization_id,
          kind: 'run',
          at: nowIso(),
          data: {
            kind: result.kind,
            verdict: result.verdict,
            commit: head,
            ...(body.problem ? { problem: body.problem } : {}),
          },
        });
        return result;
      } finally {
        running.delete(attemptId);
      }
    },

    /** Submit: drafts committed, the head frozen, grading enqueued, receipt mailed. Idempotent. */
    async submit(attemptId: string): Promise<SubmissionReceipt> {
      const receipt = await submitAttempt(attemptId, 'candidate');
      if (!receipt) throw notFound();
      return receipt;
    },

    /**
     * The `attempts.finalize` job: at deadline + grace, submit with reason `deadline`; when an
     * extension moved the deadline, re-enqueue at the new time.
     */
    async finalize(attemptId: string): Promise<void> {
      const ctx = await repo.findAttemptWithInvitation(db, attemptId);
      if (!ctx || ctx.status === 'submitted') return;
      const due = finalizeAt(ctx);
      if (clock.now().getTime() < due.getTime()) {
        await enqueueFinalize(db, attemptId, ctx.organization_id, due);
        return;
      }
      await submitAttempt(attemptId, 'deadline');
    },

    /** Boot recovery: a finalize job for every active attempt (idempotent keys). */
    async scheduleFinalizers(): Promise<number> {
      let count = 0;
      for (const row of await repo.listActiveAttempts(db, 10_000)) {
        await enqueueFinalize(db, row.id, row.organization_id, finalizeAt(row));
        count += 1;
      }
      return count;
    },

    /** The rules the git bridge applies (HTTP Basic per attempt, push until the deadline). */
    gitAccess: {
      async authorize(id, credentials, request) {
        const ctx = await repo.findAttemptWithInvitation(db, id);
        if (!ctx) return undefined;
        if (
          credentials.username !== GIT_USERNAME ||
          !safeEqual(hashToken(credentials.password), ctx.git_password_hash)
        )
          return undefined;
        const deadline = deadlineOf(ctx);
        if (ctx.status !== 'active' || !ACTIVE_INVITATION.includes(ctx.invitation_status))
          return {
            push: false,
            pushCutoff: null,
            refusal:
              ctx.status === 'submitted'
                ? 'This test has been submitted: pushes are no longer accepted.'
                : 'This test is closed: pushes are no longer accepted.',
          };
        if (request.startedAt.getTime() >= deadline.getTime())
          return {
            push: false,
            pushCutoff: null,
            refusal: 'The time for this test is over: pushes are no longer accepted.',
          };
        return { push: true, pushCutoff: new Date(deadline.getTime() + PUSH_GRACE_MS) };
      },
      async onPush(id, push) {
        await serialized(id, async () => {
          const ctx = await repo.findAttempt(db, id);
          if (!ctx) return;
          const head = await store.head(id);
          const commits = await store.log(id, push.before, push.after).catch(() => []);
          const at = nowIso();
          await db.transaction().execute(async (trx) => {
            await repo.updateHead(trx, id, head, { updated_at: at });
            await repo.insertEvent(trx, {
              attemptId: id,
              organizationId: ctx.organization_id,
              kind: 'push',
              at,
              data: {
                before: push.before,
                after: push.after,
                commits: commits.length,
                ids: commits.slice(-50).map((c) => c.commit),
              },
            });
          });
        });
      },
      async onPushRefused(id, reason) {
        const ctx = await repo.findAttempt(db, id);
        if (!ctx) return;
        await repo.insertEvent(db, {
          attemptId: id,
          organizationId: ctx.organization_id,
          kind: 'push_refused',
          at: nowIso(),
          data: { reason: reason.slice(0, 300) },
        });
      },
    } satisfies GitAccess,
  };

  async function organizationOf(trx: DbOrTrx, invitationId: string): Promise<string | undefined> {
    const row = await trx
      .selectFrom('invitations')
      .select('organization_id')
      .where('id', '=', invitationId)
      .executeTakeFirst();
    return row?.organization_id;
  }

  return service;
}
