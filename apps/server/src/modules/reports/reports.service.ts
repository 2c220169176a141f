import type {
  CreatedShareLink,
  OverrideCriterionBody,
  Report,
  ReportCode,
  ReportFile,
  ReportLocation,
  ReportNote,
  Role,
  SharedReport,
} from '@assay/contracts';
import type { Config } from '../../config/index.js';
import type { Db, DbOrTrx } from '../../db/index.js';
import type { Clock } from '../../platform/clock/index.js';
import { hasValidChecksum, hashToken, newId, newSecretToken } from '../../platform/crypto/index.js';
import { PlatformErrors } from '../../platform/errors/index.js';
import type { RepoStore } from '../../platform/git/git.types.js';
import { recordAuditEvent } from '../audit/index.js';
import { roleAtLeast } from '../identity/index.js';
import { ReportErrors } from './reports.errors.js';
import { renderReportPdf } from './reports.pdf.js';
import {
  REPORT_PERMISSIONS,
  ReportLimits,
  decodeText,
  looksBinary,
  round2,
  type ReportPermission,
} from './reports.policy.js';
import { latestGraded, parseResult, presentReport, presentSharedReport } from './reports.presenter.js';
import * as repo from './reports.repository.js';

/** What a re-grade asks of the grading module (main passes `grading.service`). */
export interface RegradePort {
  /**
   * Queue a new grading run of the frozen submission (number = previous + 1); audits the request.
   * @throws AppError when the invitation cannot be re-graded now (grading.invalid_state, …)
   */
  regrade(actor: ReportActor, organizationId: string, invitationId: string): Promise<unknown>;
}

/** What overrides need from invitations: the reviewed score, so Activities and the ATS see it. */
export interface InvitationScorePort {
  updateScore(
    trx: DbOrTrx,
    invitationId: string,
    score: number,
    data?: Record<string, unknown>,
  ): Promise<unknown>;
}

export interface ReportsDeps {
  db: Db;
  clock: Clock;
  config: Pick<Config, 'http'>;
  invitations: InvitationScorePort;
  /** The grading module's re-grade; without it re-grades answer 503 reports.grading_unavailable. */
  grading?: RegradePort | undefined;
  /** The attempt repositories (code view); without it the code view answers 503. */
  repos?: RepoStore | undefined;
}

/** A member acting on a report. */
export interface ReportActor {
  userId: string | null;
  role: Role;
}

export type ReportsService = ReturnType<typeof createReportsService>;

const DAY_MS = 86_400_000;

/**
 * Reports: the assembled read model of one invitation's attempt (scores, criteria, code,
 * timeline, percentile), reviewer notes and overrides, re-grades, the PDF and share links.
 */
export function createReportsService(deps: ReportsDeps) {
  const { db, clock } = deps;
  const now = () => clock.now().toISOString();
  const publicUrl = deps.config.http.publicUrl.replace(/\/+$/, '');
  const notFound = () => PlatformErrors.create('resource.not_found', { message: 'Report not found.' });

  function assertMay(actor: ReportActor, permission: ReportPermission, what: string): void {
    if (!roleAtLeast(actor.role, REPORT_PERMISSIONS[permission])) {
      throw PlatformErrors.create('auth.forbidden', {
        message: `Your role cannot ${what} (needs ${REPORT_PERMISSIONS[permission]} or higher).`,
      });
    }
  }

  const reportUrl = (invitationId: string) => `${publicUrl}/reports/${encodeURIComponent(invitationId)}`;

  async function load(trx: DbOrTrx, organizationId: string, invitationId: string): Promise<Report> {
    const invitation = await repo.findReportInvitation(trx, organizationId, invitationId);
    if (!invitation) throw notFound();
    const attempt = await repo.findAttempt(trx, invitation.id);
    const [gradings, events, notes, overrides, shareLinks, versionScores] = await Promise.all([
      repo.listGradings(trx, invitation.id),
      attempt ? repo.listAttemptEvents(trx, attempt.id) : Promise.resolve([]),
      repo.listNotes(trx, invitation.id),
      repo.listOverrides(trx, invitation.id),
      repo.listShareLinks(trx, invitation.id),
      repo.gradedScores(trx, organizationId, invitation.test_version_id),
    ]);
    return presentReport({
      invitation,
      attempt,
      gradings,
      events,
      notes,
      overrides,
      shareLinks,
      versionScores,
      url: reportUrl(invitation.id),
    });
  }

  async function audit(
    trx: DbOrTrx,
    organizationId: string,
    invitationId: string,
    actorUserId: string | null,
    action: string,
    data: Record<string, unknown>,
  ) {
    await recordAuditEvent(trx, {
      organizationId,
      actorUserId,
      action,
      subjectType: 'invitation',
      subjectId: invitationId,
      data,
      occurredAt: clock.now(),
    });
  }

  function repos(): RepoStore {
    if (!deps.repos) {
      throw PlatformErrors.create('service.unavailable', {
        message: 'The code view needs the repository store, which this server was started without.',
      });
    }
    return deps.repos;
  }

  /**
   * The commit a code view shows: the frozen submission, or the live head while the attempt runs
   * (staff may follow a running attempt, e.g. in a live interview). Undefined before the start.
   */
  async function codeCommits(organizationId: string, invitationId: string) {
    const invitation = await repo.findReportInvitation(db, organizationId, invitationId);
    if (!invitation) throw notFound();
    const attempt = await repo.findAttempt(db, invitation.id);
    if (!attempt) return undefined;
    const submitted = attempt.submitted_commit !== null;
    return {
      attemptId: attempt.id,
      initial: attempt.initial_commit,
      commit: attempt.submitted_commit ?? attempt.head_commit,
      submitted,
    };
  }

  const service = {
    reportUrl,

    /** The report of one invitation. @throws resource.not_found (also another organization's) */
    getReport(organizationId: string, invitationId: string): Promise<Report> {
      return load(db, organizationId, invitationId);
    },

    /** Which of `organizationIds` (the caller's memberships) holds the invitation. @throws resource.not_found */
    async locate(organizationIds: readonly string[], invitationId: string): Promise<ReportLocation> {
      const organizationId = await repo.findInvitationOrganization(db, invitationId, organizationIds);
      if (!organizationId) throw notFound();
      return { organizationId, invitationId };
    },

    /** File tree of the report commit with its status against the starter, and the unified diff. */
    async code(organizationId: string, invitationId: string): Promise<ReportCode> {
      const commits = await codeCommits(organizationId, invitationId);
      if (!commits) {
        return { commit: null, submitted: false, initialCommit: null, files: [], diff: '', truncated: false };
      }
      const store = repos();
      const [tree, starter, diff] = await Promise.all([
        store.listTree(commits.attemptId, commits.commit),
        store.listTree(commits.attemptId, commits.initial),
        store.diff(commits.attemptId, commits.initial, commits.commit, {
          maxBytes: ReportLimits.maxDiffBytes,
        }),
      ]);
      const changed = new Map(diff.files.map((f) => [f.path, f.status]));
      const binaryInDiff = new Set(
        [
          ...diff.patch.matchAll(
            /^Binary files (?:a\/(\S+)|\/dev\/null) and (?:b\/(\S+)|\/dev\/null) differ$/gm,
          ),
        ]
          .flatMap((m) => [m[1], m[2]])
          .filter((p): p is string => p !== undefined),
      );
      const binary = (path: string) => binaryInDiff.has(path) || looksBinary(path);
      const files: ReportCode['files'] = tree.map((entry) => ({
        path: entry.path,
        size: entry.size,
        status: changed.get(entry.path) ?? 'unchanged',
        binary: binary(entry.path),
      }));
      const present = new Set(tree.map((e) => e.path));
      for (const entry of starter) {
        if (present.has(entry.path)) continue;
        files.push({ path: entry.path, size: entry.size, status: 'deleted', binary: binary(entry.path) });
      }
      files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      return {
        commit: commits.commit,
        submitted: commits.submitted,
        initialCommit: commits.initial,
        files,
        diff: diff.patch,
        truncated: diff.truncated,
      };
    },

    /** One file at the report commit and in the starter. @throws reports.no_code, reports.file_not_found */
    async file(organizationId: string, invitationId: string, path: string): Promise<ReportFile> {
      const commits = await codeCommits(organizationId, invitationId);
      if (!commits) {
        throw ReportErrors.create('reports.no_code', {
          message: 'The candidate has not started yet: there is no code to show.',
        });
      }
      const store = repos();
      const [current, starter] = await Promise.all([
        store.readFile(commits.attemptId, commits.commit, path),
        store.readFile(commits.attemptId, commits.initial, path),
      ]);
      if (current === undefined && starter === undefined) {
        throw ReportErrors.create('reports.file_not_found', {
          message: `"${path}" is neither in the candidate's code nor in the starter.`,
        });
      }
      const content = current === undefined ? null : decodeText(current);
      const starterContent = starter === undefined ? null : decodeText(starter);
      const binary =
        (current !== undefined && content === null) || (starter !== undefined && starterContent === null);
      const status =
        current === undefined
          ? 'deleted'
          : starter === undefined
            ? 'added'
            : current.equals(starter)
              ? 'unchanged'
              : 'modified';
      return { path, commit: commits.commit, content, starterContent, status, binary };
    },

    /** A reviewer's note (audited). @throws auth.forbidden, resource.not_found */
    async addNote(
      actor: ReportActor,
      organizationId: string,
      invitationId: string,
      body: string,
    ): Promise<ReportNote> {
      assertMay(actor, 'reports:review', 'add notes');
      return db.transaction().execute(async (trx) => {
        const invitation = await repo.findReportInvitation(trx, organizationId, invitationId);
        if (!invitation) throw notFound();
        const id = newId();
        await repo.insertNote(trx, {
          id,
          organization_id: organizationId,
          invitation_id: invitation.id,
          user_id: actor.userId,
          body,
          created_at: now(),
        });
        await audit(trx, organizationId, invitation.id, actor.userId, 'reports.note_added', {
          noteId: id,
          length: body.length,
        });
        const note = await repo.findNote(trx, id);
        if (!note) throw notFound();
        return { id: note.id, body: note.body, by: note.user_name ?? 'Former member', at: note.created_at };
      });
    },

    /**
     * Set or remove (points null) a criterion's reviewed points, audited with before/after and the
     * reason; the invitation's score becomes the reviewed total (Activities, webhooks, ATS).
     * @throws auth.forbidden, resource.not_found, reports.not_graded, reports.unknown_criterion,
     *   reports.points_out_of_range
     */
    async override(
      actor: ReportActor,
      organizationId: string,
      invitationId: string,
      body: OverrideCriterionBody,
    ): Promise<Report> {
      assertMay(actor, 'reports:review', 'override scores');
      return db.transaction().execute(async (trx) => {
        const before = await load(trx, organizationId, invitationId);
        const gradings = await repo.listGradings(trx, invitationId);
        const graded = latestGraded(gradings);
        if (!graded || !parseResult(graded) || before.grading?.score == null) {
          throw ReportErrors.create('reports.not_graded', {
            message: 'This report has no finished grading yet: there are no points to override.',
          });
        }
        const criterion = before.criteria.find((c) => c.id === body.criterionId);
        if (!criterion) {
          throw ReportErrors.create('reports.unknown_criterion', {
            message: `There is no criterion "${body.criterionId}" in this report.`,
            details: { criterionIds: before.criteria.map((c) => c.id) },
          });
        }
        if (body.points !== null && body.points > criterion.maxPoints) {
          throw ReportErrors.create('reports.points_out_of_range', {
            message: `Points for "${criterion.name}" must be between 0 and ${String(criterion.maxPoints)}.`,
            details: { criterionId: criterion.id, min: 0, max: criterion.maxPoints },
          });
        }
        const at = now();
        const points = body.points === null ? null : round2(body.points);
        if (points === null) await repo.deleteOverride(trx, invitationId, criterion.id);
        else {
          await repo.upsertOverride(trx, {
            invitation_id: invitationId,
            criterion_id: criterion.id,
            organization_id: organizationId,
            points,
            reason: body.reason,
            user_id: actor.userId,
            created_at: at,
          });
        }
        const after = await load(trx, organizationId, invitationId);
        const score = after.grading?.score ?? 0;
        await audit(
          trx,
          organizationId,
          invitationId,
          actor.userId,
          points === null ? 'reports.override_removed' : 'reports.override_set',
          {
            criterionId: criterion.id,
            reason: body.reason,
            automaticPoints: criterion.automaticPoints,
            before: {
              points: criterion.points,
              override: criterion.override?.points ?? null,
              score: before.grading.score,
            },
            after: { points: points ?? criterion.automaticPoints, override: points, score },
          },
        );
        await deps.invitations.updateScore(trx, invitationId, score, { override: true });
        return load(trx, organizationId, invitationId);
      });
    },

    /**
     * Re-grade the frozen submission (after a challenge fix). @throws auth.forbidden,
     * resource.not_found, reports.not_submitted, reports.grading_unavailable, and the grading
     * module's errors (e.g. grading.invalid_state while a run is pending)
     */
    async regrade(actor: ReportActor, organizationId: string, invitationId: string): Promise<Report> {
      assertMay(actor, 'reports:regrade', 're-grade');
      const invitation = await repo.findReportInvitation(db, organizationId, invitationId);
      if (!invitation) throw notFound();
      const attempt = await repo.findAttempt(db, invitation.id);
      if (!attempt?.submitted_commit) {
        throw ReportErrors.create('reports.not_submitted', {
          message: 'Only a submitted attempt can be re-graded.',
          details: { status: invitation.status },
        });
      }
      if (!deps.grading) {
        throw ReportErrors.create('reports.grading_unavailable', {
          message: 'Grading is not available on this server.',
        });
      }
      // The grading module checks its own rules and audits the request.
      await deps.grading.regrade(actor, organizationId, invitation.id);
      return load(db, organizationId, invitation.id);
    },

    /** A signed, expiring link for someone without an account; the URL is shown once. */
    async createShareLink(
      actor: ReportActor,
      organizationId: string,
      invitationId: string,
      expiresInDays: number,
    ): Promise<CreatedShareLink> {
      assertMay(actor, 'reports:share', 'share reports');
      const token = newSecretToken('arep');
      return db.transaction().execute(async (trx) => {
        const invitation = await repo.findReportInvitation(trx, organizationId, invitationId);
        if (!invitation) throw notFound();
        const at = clock.now();
        const id = newId();
        const expiresAt = new Date(at.getTime() + expiresInDays * DAY_MS).toISOString();
        await repo.insertShareLink(trx, {
          id,
          organization_id: organizationId,
          invitation_id: invitation.id,
          token_hash: hashToken(token),
          created_by_user_id: actor.userId,
          created_at: at.toISOString(),
          expires_at: expiresAt,
          revoked_at: null,
        });
        await audit(trx, organizationId, invitation.id, actor.userId, 'reports.share_link_created', {
          linkId: id,
          expiresAt,
        });
        // Fragment: the token never reaches server or proxy logs; the page POSTs it.
        return { id, url: `${publicUrl}/shared-report#token=${token}`, expiresAt };
      });
    },

    /** @throws auth.forbidden, resource.not_found (unknown, other invitation or organization) */
    async revokeShareLink(
      actor: ReportActor,
      organizationId: string,
      invitationId: string,
      linkId: string,
    ): Promise<void> {
      assertMay(actor, 'reports:share', 'revoke share links');
      await db.transaction().execute(async (trx) => {
        const link = await repo.findShareLink(trx, organizationId, invitationId, linkId);
        if (!link) throw PlatformErrors.create('resource.not_found', { message: 'Share link not found.' });
        if (await repo.revokeShareLink(trx, link.id, now())) {
          await audit(trx, organizationId, invitationId, actor.userId, 'reports.share_link_revoked', {
            linkId: link.id,
          });
        }
      });
    },

    /** The public share-link page. @throws reports.share_link_invalid (unknown, expired, revoked) */
    async openShared(token: string): Promise<SharedReport> {
      const invalid = (message: string) => ReportErrors.create('reports.share_link_invalid', { message });
      const link = hasValidChecksum(token) ? await repo.findShareLinkByHash(db, hashToken(token)) : undefined;
      if (!link) throw invalid('This report link is not valid. Check that you copied the whole link.');
      if (link.revoked_at !== null) {
        throw invalid('This report link was revoked. Ask the person who sent it for a new one.');
      }
      if (link.expires_at <= now()) {
        throw invalid(
          `This report link expired on ${link.expires_at.slice(0, 10)}. Ask the person who sent it for a new one.`,
        );
      }
      const report = await load(db, link.organization_id, link.invitation_id);
      return presentSharedReport(report, link.expires_at);
    },

    /** The report as a PDF (pdfkit, no browser) and a safe file name. */
    async pdf(organizationId: string, invitationId: string): Promise<{ data: Buffer; fileName: string }> {
      const report = await load(db, organizationId, invitationId);
      return renderReportPdf(report, { generatedAt: clock.now() });
    },
  };
  return service;
}
