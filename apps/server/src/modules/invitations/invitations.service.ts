import type {
  ActivitiesPage,
  ActivitiesQuery,
  BulkInviteBody,
  BulkInviteResult,
  BulkInviteRowResult,
  CandidateDetail,
  CandidateInvitationLanding,
  CreateInvitationBody,
  Invitation,
  InvitationStatus,
  OrganizationSettings,
  Role,
} from '@assay/contracts';
import { EmailSchema, InvitationLimits, PersonNameSchema, AtsUrlSchema } from '@assay/contracts';
import type { Config } from '../../config/index.js';
import type { Db, DbOrTrx, DialectHelpers } from '../../db/index.js';
import type { Clock } from '../../platform/clock/index.js';
import { hashToken, newId, newSecretToken } from '../../platform/crypto/index.js';
import { AppError, PlatformErrors } from '../../platform/errors/index.js';
import type { Queue } from '../../platform/jobs/index.js';
import type { MailContent, MailQueue } from '../../platform/mail/index.js';
import { recordAuditEvent } from '../audit/index.js';
import { presentCandidate, type CandidatesService } from '../candidates/index.js';
import { roleAtLeast } from '../identity/index.js';
import { toCsv, parseBulkCsv } from './invitations.csv.js';
import { InvitationErrors } from './invitations.errors.js';
import { sendInvitationEmailJob, sweepInvitationsJob } from './invitations.jobs.js';
import { invitationMail, reminderMail, type InvitationMailFacts } from './invitations.mail.js';
import {
  INVITATION_PERMISSIONS,
  OPEN_STATUSES,
  PENDING_STATUSES,
  REMINDER_BEFORE_EXPIRY_MS,
  SWEEP_INTERVAL_MS,
  allows,
  canTransition,
  extendedExpiry,
  landingMessage,
  type InvitationAction,
} from './invitations.policy.js';
import { extraMinutes, parseLanguages, presentInvitation } from './invitations.presenter.js';
import * as repo from './invitations.repository.js';

/** What invitations need from the tests module (`getTestForInvitation`). */
export interface TestForInvitation {
  testId: string;
  testVersionId: string;
  testName: string;
  kind: 'project' | 'problems';
  timeLimitMinutes: number;
  validityDays: number;
  languages: string[];
}

export interface TestsPort {
  /** @throws AppError 404 tests.not_found / 409 tests.not_published / 409 tests.archived */
  getTestForInvitation(organizationId: string, testId: string): Promise<TestForInvitation>;
  /** The instructions of a published test version (empty when none). */
  getTestVersionInstructions(testVersionId: string): Promise<string>;
}

export interface InvitationsDeps {
  db: Db;
  dialect: Pick<DialectHelpers, 'ilike'>;
  clock: Clock;
  queue: Queue;
  mail: {
    queue: MailQueue;
    render: (content: MailContent) => { subject: string; text: string; html: string };
  };
  config: Pick<Config, 'http'>;
  tests: TestsPort;
  candidates: Pick<
    CandidatesService,
    'upsertInTransaction' | 'linkAtsInTransaction' | 'assertAtsUrlRecognized' | 'getRow'
  >;
  organizations: { getSettings(organizationId: string): Promise<OrganizationSettings> };
}

/** Who invites: a member (web), an API token's owner or an ATS integration (`userId` null). */
export interface InvitationActor {
  userId: string | null;
  role: Role;
}

/** An invitation request, whatever its source (web form, CSV row, public API, ATS). */
export type InviteInput = Omit<CreateInvitationBody, 'tags'> & { tags?: readonly string[] | undefined };

export type InvitationsService = ReturnType<typeof createInvitationsService>;

export type InvitationEventType =
  | 'invitations.created'
  | 'invitations.sent'
  | 'invitations.opened'
  | 'invitations.started'
  | 'invitations.submitted'
  | 'invitations.graded'
  | 'invitations.rescored'
  | 'invitations.grading_failed'
  | 'invitations.expired'
  | 'invitations.cancelled'
  | 'invitations.time_extended'
  | 'invitations.validity_extended'
  | 'invitations.resent'
  | 'invitations.reminded';

/** A change to an invitation, heard inside the transaction that made it. */
export interface InvitationEvent {
  type: InvitationEventType;
  invitationId: string;
  organizationId: string;
  actorUserId: string | null;
  data: Record<string, unknown>;
  at: string;
}

export type InvitationEventListener = (trx: DbOrTrx, event: InvitationEvent) => Promise<void>;

const MAX_EXPORT_ROWS = 10_000;
const SWEEP_BATCH = 200;
const DAY_MS = 86_400_000;

/**
 * Candidate invitations: invite (one or CSV), the recruiter actions, the candidate link,
 * the status transitions later stages report, expiry + reminders, and Activities.
 */
export function createInvitationsService(deps: InvitationsDeps) {
  const { db, clock, queue, tests, candidates } = deps;
  const now = () => clock.now().toISOString();
  const notFound = () => PlatformErrors.create('resource.not_found', { message: 'Invitation not found.' });

  function assertMayWrite(actor: InvitationActor): void {
    if (!roleAtLeast(actor.role, INVITATION_PERMISSIONS['invitations:write'])) {
      throw PlatformErrors.create('auth.forbidden', { message: 'Your role cannot invite candidates.' });
    }
  }

  function invalidState(action: string, status: InvitationStatus): AppError {
    return InvitationErrors.create('invitations.invalid_state', {
      message: `Cannot ${action} an invitation that is ${status.replace('_', ' ')}.`,
      details: { status },
    });
  }

  async function loadForAction(trx: DbOrTrx, organizationId: string, id: string, action: InvitationAction) {
    const row = await repo.findInvitation(trx, organizationId, id);
    if (!row) throw notFound();
    if (!allows(action, row.status))
      throw invalidState(action.replace(/([A-Z])/g, ' $1').toLowerCase(), row.status);
    return row;
  }

  const listeners: InvitationEventListener[] = [];

  async function audit(
    trx: DbOrTrx,
    row: { organization_id: string; id: string },
    actorUserId: string | null,
    action: string,
    data: Record<string, unknown> = {},
  ) {
    await recordAuditEvent(trx, {
      organizationId: row.organization_id,
      actorUserId,
      action,
      subjectType: 'invitation',
      subjectId: row.id,
      data,
      occurredAt: clock.now(),
    });
    // Every invitation state change passes here: webhooks, notifications and the ATS
    // adapters hear of it in the same transaction (their side effects are jobs).
    const event: InvitationEvent = {
      type: action as InvitationEventType,
      invitationId: row.id,
      organizationId: row.organization_id,
      actorUserId,
      data,
      at: now(),
    };
    for (const listener of listeners) await listener(trx, event);
  }

  async function reload(trx: DbOrTrx, organizationId: string, id: string): Promise<Invitation> {
    const row = await repo.findInvitation(trx, organizationId, id);
    if (!row) throw notFound();
    return presentInvitation(row);
  }

  /** Mail a new link: the old token dies with the update, so only the newest mail works. */
  async function enqueueSend(trx: DbOrTrx, organizationId: string, invitationId: string) {
    await queue.enqueue(trx, sendInvitationEmailJob, { invitationId }, { organizationId });
  }

  async function mailFacts(row: repo.InvitationListRow): Promise<InvitationMailFacts> {
    const org = await deps.organizations.getSettings(row.organization_id);
    return {
      branding: { organizationName: org.name, logoUrl: org.logoUrl, accentColor: org.accentColor },
      candidateName: row.candidate_name,
      testName: row.test_name,
      timeLimitMinutes: row.time_limit_minutes,
      extraTimeMinutes: extraMinutes(row),
      expiresAt: row.expires_at,
      message: row.message,
    };
  }

  /** Insert one invitation in `trx` (candidate upsert, duplicate check, audit, mail job). */
  async function inviteInTransaction(
    trx: DbOrTrx,
    actor: InvitationActor,
    organizationId: string,
    test: TestForInvitation,
    input: InviteInput & { candidateId?: string | undefined },
    reinvitedFromId: string | null = null,
  ): Promise<string> {
    // A given candidate (an ATS order for a candidate Assay already knows) keeps its record.
    const upserted = input.candidateId
      ? null
      : await candidates.upsertInTransaction(trx, organizationId, {
          name: input.name,
          email: input.email,
          tags: input.tags,
        });
    const candidate = upserted ?? { id: input.candidateId ?? '' };
    const duplicate = await repo.findOpenInvitation(trx, candidate.id, test.testId, OPEN_STATUSES);
    if (duplicate && !input.confirmDuplicate) {
      throw InvitationErrors.create('invitations.duplicate', {
        message: `${input.email} already has an invitation to "${test.testName}" (${duplicate.status.replace('_', ' ')}). Confirm to invite again.`,
        details: { invitationId: duplicate.id, status: duplicate.status },
      });
    }
    if (input.atsUrl && upserted) await candidates.linkAtsInTransaction(trx, upserted, input.atsUrl);
    const at = clock.now();
    const days = input.expiresInDays ?? test.validityDays;
    const id = newId();
    await repo.insertInvitation(trx, {
      id,
      organization_id: organizationId,
      candidate_id: candidate.id,
      test_id: test.testId,
      test_version_id: test.testVersionId,
      test_name: test.testName,
      test_kind: test.kind,
      languages: JSON.stringify(test.languages),
      time_limit_minutes: test.timeLimitMinutes,
      status: 'invited',
      token_hash: null,
      expires_at: new Date(at.getTime() + days * DAY_MS).toISOString(),
      extra_time_minutes: input.extraTimeMinutes ?? 0,
      time_extension_minutes: 0,
      message: input.message?.trim() ? input.message.trim() : null,
      invited_by_user_id: actor.userId,
      reinvited_from_id: reinvitedFromId,
      score: null,
      created_at: at.toISOString(),
      updated_at: at.toISOString(),
      sent_at: null,
      opened_at: null,
      started_at: null,
      submitted_at: null,
      graded_at: null,
      cancelled_at: null,
      expired_at: null,
      reminder_sent_at: null,
    });
    await audit(trx, { organization_id: organizationId, id }, actor.userId, 'invitations.created', {
      candidateId: candidate.id,
      testId: test.testId,
      testVersionId: test.testVersionId,
      duplicateConfirmed: duplicate ? true : undefined,
      reinvitedFromId: reinvitedFromId ?? undefined,
    });
    await enqueueSend(trx, organizationId, id);
    return id;
  }

  /** Move a reported stage (started/submitted/graded…) if the state machine allows it, in `trx`. */
  async function transitionIn(
    trx: DbOrTrx,
    invitationId: string,
    to: InvitationStatus,
    changes: Parameters<typeof repo.updateInvitationIf>[3],
    data: Record<string, unknown> = {},
  ): Promise<Invitation> {
    const row = await repo.findInvitationById(trx, invitationId);
    if (!row) throw notFound();
    if (!canTransition(row.status, to)) throw invalidState(`move to ${to} from`, row.status);
    const at = now();
    const moved = await repo.updateInvitationIf(trx, row.id, [row.status], {
      ...changes,
      status: to,
      updated_at: at,
    });
    if (!moved) throw invalidState(`move to ${to} from`, row.status);
    await audit(trx, row, null, `invitations.${to}`, data);
    return reload(trx, row.organization_id, row.id);
  }

  function transition(
    invitationId: string,
    to: InvitationStatus,
    changes: Parameters<typeof repo.updateInvitationIf>[3],
    data: Record<string, unknown> = {},
    trx?: DbOrTrx,
  ): Promise<Invitation> {
    if (trx) return transitionIn(trx, invitationId, to, changes, data);
    return db.transaction().execute((t) => transitionIn(t, invitationId, to, changes, data));
  }

  const service = {
    /**
     * Invite a candidate to a test: usable from the web, the public API and ATS integrations.
     * @throws auth.forbidden (reviewer), tests.not_found / tests.not_published / tests.archived,
     *   candidates.ats_url_unrecognized, invitations.duplicate (unless confirmDuplicate)
     */
    async inviteCandidate(
      actor: InvitationActor,
      organizationId: string,
      input: InviteInput,
    ): Promise<Invitation> {
      assertMayWrite(actor);
      const test = await tests.getTestForInvitation(organizationId, input.testId);
      if (input.atsUrl) candidates.assertAtsUrlRecognized(input.atsUrl);
      return db.transaction().execute(async (trx) => {
        const id = await inviteInTransaction(trx, actor, organizationId, test, input);
        return reload(trx, organizationId, id);
      });
    },

    /**
     * Invite in the caller's transaction (ATS orders: the order, the invitation and its mail
     * commit together). Look the test up with `getTestForInvitation` BEFORE opening `trx`.
     * `candidateId` (a candidate of `organizationId` the caller found in `trx`) invites that
     * candidate as recorded: no email upsert, no `atsUrl` link.
     * @throws auth.forbidden, invitations.duplicate (unless confirmDuplicate)
     */
    async inviteInTransaction(
      trx: DbOrTrx,
      actor: InvitationActor,
      organizationId: string,
      input: InviteInput & { candidateId?: string | undefined },
      test: TestForInvitation,
    ): Promise<{ invitationId: string; candidateId: string }> {
      assertMayWrite(actor);
      const invitationId = await inviteInTransaction(trx, actor, organizationId, test, input);
      const row = await repo.findInvitationById(trx, invitationId);
      if (!row) throw notFound();
      return { invitationId, candidateId: row.candidate_id };
    },

    /** The published test an invitation would pin. @throws tests.not_found / tests.not_published / tests.archived */
    getTestForInvitation(organizationId: string, testId: string): Promise<TestForInvitation> {
      return tests.getTestForInvitation(organizationId, testId);
    },

    /**
     * CSV bulk invite: good rows are invited (one transaction each), bad rows and duplicates
     * come back with their line numbers.
     * @throws invitations.invalid_csv, and the test errors of inviteCandidate (for every row)
     */
    async bulkInvite(
      actor: InvitationActor,
      organizationId: string,
      body: BulkInviteBody,
    ): Promise<BulkInviteResult> {
      assertMayWrite(actor);
      const rows = parseBulkCsv(body.csv);
      const test = await tests.getTestForInvitation(organizationId, body.testId);
      const results: BulkInviteRowResult[] = [];
      for (const row of rows) {
        if ('error' in row) {
          results.push({ line: row.line, email: row.email, status: 'error', message: row.error });
          continue;
        }
        const problems: string[] = [];
        const name = PersonNameSchema.safeParse(row.name);
        if (!name.success) problems.push('The name is missing.');
        const email = EmailSchema.safeParse(row.email);
        if (!email.success) problems.push(`"${row.email}" is not a valid email address.`);
        if (row.atsUrl !== undefined && !AtsUrlSchema.safeParse(row.atsUrl).success) {
          problems.push(`"${row.atsUrl}" is not a valid URL.`);
        }
        if (!name.success || !email.success || problems.length > 0) {
          results.push({ line: row.line, email: row.email, status: 'error', message: problems.join(' ') });
          continue;
        }
        try {
          if (row.atsUrl) candidates.assertAtsUrlRecognized(row.atsUrl);
          const id = await db.transaction().execute((trx) =>
            inviteInTransaction(trx, actor, organizationId, test, {
              testId: body.testId,
              name: name.data,
              email: email.data,
              atsUrl: row.atsUrl,
              expiresInDays: body.expiresInDays,
              extraTimeMinutes: body.extraTimeMinutes,
              message: body.message,
              confirmDuplicate: body.confirmDuplicates,
            }),
          );
          results.push({ line: row.line, email: email.data, status: 'invited', invitationId: id });
        } catch (err) {
          if (!(err instanceof AppError) || err.status >= 500) throw err;
          results.push({
            line: row.line,
            email: email.data,
            status: err.code === 'invitations.duplicate' ? 'duplicate' : 'error',
            message: err.userMessage ?? err.message,
          });
        }
      }
      return {
        invited: results.filter((r) => r.status === 'invited').length,
        duplicates: results.filter((r) => r.status === 'duplicate').length,
        errors: results.filter((r) => r.status === 'error').length,
        rows: results,
      };
    },

    /** @throws resource.not_found (also another organization's) */
    async get(organizationId: string, invitationId: string): Promise<Invitation> {
      return reload(db, organizationId, invitationId);
    },

    /** The candidate page: the candidate and every invitation. @throws resource.not_found */
    async candidateDetail(organizationId: string, candidateId: string): Promise<CandidateDetail> {
      const candidate = await candidates.getRow(organizationId, candidateId);
      const rows = await repo.findInvitationsOfCandidate(db, organizationId, candidateId);
      return { candidate: presentCandidate(candidate), invitations: rows.map(presentInvitation) };
    },

    /** Cancel (before or during the attempt). @throws invitations.invalid_state, resource.not_found */
    async cancel(actor: InvitationActor, organizationId: string, invitationId: string): Promise<Invitation> {
      assertMayWrite(actor);
      return db.transaction().execute(async (trx) => {
        const row = await loadForAction(trx, organizationId, invitationId, 'cancel');
        const at = now();
        // Cancelling kills the link too.
        await repo.updateInvitationIf(trx, row.id, [row.status], {
          status: 'cancelled',
          cancelled_at: at,
          token_hash: null,
          updated_at: at,
        });
        await audit(trx, row, actor.userId, 'invitations.cancelled', { previousStatus: row.status });
        return reload(trx, organizationId, row.id);
      });
    },

    /** Add minutes to the time limit, before or during the attempt (recorded in the audit log). */
    async extendTime(
      actor: InvitationActor,
      organizationId: string,
      invitationId: string,
      minutes: number,
    ): Promise<Invitation> {
      assertMayWrite(actor);
      return db.transaction().execute(async (trx) => {
        const row = await loadForAction(trx, organizationId, invitationId, 'extendTime');
        const total = row.time_extension_minutes + minutes;
        if (row.extra_time_minutes + total > InvitationLimits.maxExtraTimeMinutes) {
          throw InvitationErrors.create('invitations.invalid_state', {
            message: `Extra time is capped at ${String(InvitationLimits.maxExtraTimeMinutes)} minutes.`,
          });
        }
        await repo.updateInvitationIf(trx, row.id, [row.status], {
          time_extension_minutes: total,
          updated_at: now(),
        });
        await audit(trx, row, actor.userId, 'invitations.time_extended', { minutes, status: row.status });
        return reload(trx, organizationId, row.id);
      });
    },

    /** Push the expiry back by `days` (from now if already past); revives an expired invitation. */
    async extendValidity(
      actor: InvitationActor,
      organizationId: string,
      invitationId: string,
      days: number,
    ): Promise<Invitation> {
      assertMayWrite(actor);
      return db.transaction().execute(async (trx) => {
        const row = await loadForAction(trx, organizationId, invitationId, 'extendValidity');
        const at = clock.now();
        const expiresAt = extendedExpiry(new Date(row.expires_at), at, days).toISOString();
        const revive = row.status === 'expired';
        await repo.updateInvitationIf(trx, row.id, [row.status], {
          expires_at: expiresAt,
          reminder_sent_at: null,
          updated_at: at.toISOString(),
          ...(revive ? { status: 'invited' as const, expired_at: null } : {}),
        });
        await audit(trx, row, actor.userId, 'invitations.validity_extended', {
          days,
          expiresAt,
          revived: revive,
        });
        // Expiry keeps the token hash, so a revived invitation's first link works again.
        return reload(trx, organizationId, row.id);
      });
    },

    /** Send the invitation again with a new link; the old link stops working at once. */
    async resend(actor: InvitationActor, organizationId: string, invitationId: string): Promise<Invitation> {
      assertMayWrite(actor);
      return db.transaction().execute(async (trx) => {
        const row = await loadForAction(trx, organizationId, invitationId, 'resend');
        await repo.updateInvitationIf(trx, row.id, [row.status], {
          token_hash: null,
          sent_at: null,
          updated_at: now(),
        });
        await audit(trx, row, actor.userId, 'invitations.resent');
        await enqueueSend(trx, organizationId, row.id);
        return reload(trx, organizationId, row.id);
      });
    },

    /** A new invitation for the same candidate and test after expiry or cancellation. */
    async reinvite(
      actor: InvitationActor,
      organizationId: string,
      invitationId: string,
      body: { expiresInDays?: number | undefined; message?: string | undefined },
    ): Promise<Invitation> {
      assertMayWrite(actor);
      const source = await loadForAction(db, organizationId, invitationId, 'reinvite');
      const test = await tests.getTestForInvitation(organizationId, source.test_id);
      return db.transaction().execute(async (trx) => {
        const id = await inviteInTransaction(
          trx,
          actor,
          organizationId,
          test,
          {
            testId: source.test_id,
            name: source.candidate_name,
            email: source.candidate_email,
            expiresInDays: body.expiresInDays,
            extraTimeMinutes: source.extra_time_minutes,
            message: body.message ?? source.message ?? undefined,
          },
          source.id,
        );
        return reload(trx, organizationId, id);
      });
    },

    // ---- Candidate side -------------------------------------------------------------------

    /**
     * The landing page's POST: landing data, and `invited` → `opened` (a GET never changes state).
     * @throws invitations.not_found for an unknown or replaced token
     */
    async openByToken(token: string): Promise<CandidateInvitationLanding> {
      const tokenHash = hashToken(token);
      const row = await db.transaction().execute(async (trx) => {
        const found = await repo.findInvitationByTokenHash(trx, tokenHash);
        if (!found) return undefined;
        const at = now();
        if (PENDING_STATUSES.includes(found.status) && found.expires_at <= at) {
          await repo.updateInvitationIf(trx, found.id, PENDING_STATUSES, {
            status: 'expired',
            expired_at: at,
            updated_at: at,
          });
          await audit(trx, found, null, 'invitations.expired');
        } else if (found.status === 'invited') {
          await repo.updateInvitationIf(trx, found.id, ['invited'], {
            status: 'opened',
            opened_at: at,
            updated_at: at,
          });
          await audit(trx, found, null, 'invitations.opened');
        }
        return repo.findInvitationById(trx, found.id);
      });
      if (!row) {
        throw InvitationErrors.create('invitations.not_found', {
          message:
            'This invitation link is not valid. It may have been replaced by a newer email: use the latest one.',
        });
      }
      const org = await deps.organizations.getSettings(row.organization_id);
      const message = landingMessage(row.status);
      return {
        organization: { name: org.name, logoUrl: org.logoUrl, accentColor: org.accentColor },
        candidateName: row.candidate_name,
        test: { name: row.test_name, kind: row.test_kind, languages: parseLanguages(row.languages) },
        instructions: await tests.getTestVersionInstructions(row.test_version_id),
        timeLimitMinutes: row.time_limit_minutes + extraMinutes(row),
        extraTimeMinutes: extraMinutes(row),
        status: row.status,
        expiresAt: row.expires_at,
        canStart: message === null,
        message,
      };
    },

    /** The invitation a candidate token belongs to (for the attempt stage), or undefined. */
    async findByToken(token: string): Promise<Invitation | undefined> {
      const row = await repo.findInvitationByTokenHash(db, hashToken(token));
      return row ? presentInvitation(row) : undefined;
    },

    // ---- Stages reported by the attempt and grading ------------------------------------------

    /**
     * Stages the attempt and grading report. Each runs in `trx` when given (so the caller's own
     * rows change in the same transaction), else in its own.
     * @throws invitations.invalid_state, resource.not_found
     */
    markStarted: (invitationId: string, trx?: DbOrTrx) =>
      transition(invitationId, 'started', { started_at: now() }, {}, trx),
    markSubmitted: (invitationId: string, trx?: DbOrTrx, data: Record<string, unknown> = {}) =>
      transition(invitationId, 'submitted', { submitted_at: now() }, data, trx),
    /** Score in percent (0–100). Also used after a re-grade (graded → graded is refused; use `updateScore`). */
    markGraded: (invitationId: string, score: number, trx?: DbOrTrx) =>
      transition(invitationId, 'graded', { graded_at: now(), score }, { score }, trx),
    markGradingFailed: (invitationId: string, reason: string, trx?: DbOrTrx) =>
      transition(invitationId, 'grading_failed', {}, { reason: reason.slice(0, 200) }, trx),
    /** A re-grade or a reviewer override changed the score of a graded invitation. */
    async updateScore(trx: DbOrTrx, invitationId: string, score: number, data: Record<string, unknown> = {}) {
      const row = await repo.findInvitationById(trx, invitationId);
      if (!row) throw notFound();
      if (row.status !== 'graded')
        return transitionIn(trx, invitationId, 'graded', { graded_at: now(), score }, { score, ...data });
      await repo.updateInvitationIf(trx, row.id, ['graded'], { score, graded_at: now(), updated_at: now() });
      await audit(trx, row, null, 'invitations.rescored', { score, ...data });
      return reload(trx, row.organization_id, row.id);
    },

    /**
     * Listen to every invitation event (`invitations.created`, `.sent`, `.opened`, `.started`,
     * `.submitted`, `.graded`, `.rescored`, `.grading_failed`, `.expired`, `.cancelled`, `.time_extended`,
     * `.validity_extended`, `.resent`, `.reminded`), inside the transaction that made it. A listener
     * that throws rolls the change back: listeners only enqueue jobs or write rows.
     */
    subscribe(listener: InvitationEventListener): void {
      listeners.push(listener);
    },

    // ---- Jobs ---------------------------------------------------------------------------------

    /**
     * The `invitations.send-email` job: issue a link and mail it, once. Re-reads the row and
     * skips when already sent or no longer pending. The token exists only in the mail.
     */
    async sendInvitationEmail(invitationId: string): Promise<void> {
      const row = await repo.findInvitationById(db, invitationId);
      if (!row || row.sent_at !== null || !PENDING_STATUSES.includes(row.status)) return;
      const facts = await mailFacts(row);
      const token = newSecretToken('ainv');
      // Fragment: browsers never send it, so the token stays out of server and proxy logs.
      const link = `${deps.config.http.publicUrl}/take#token=${token}`;
      await db.transaction().execute(async (trx) => {
        if (!(await repo.markInvitationSent(trx, row.id, hashToken(token), now()))) return;
        await deps.mail.queue.queueMail(trx, {
          organizationId: row.organization_id,
          to: row.candidate_email,
          kind: 'invitations.invitation',
          ...deps.mail.render(invitationMail(facts, link)),
        });
        await audit(trx, row, null, 'invitations.sent');
      });
    },

    /** Enqueue the sweep for the current 10-minute slot (at boot; duplicates collapse). */
    async scheduleSweep(): Promise<void> {
      const slot = Math.floor(clock.now().getTime() / SWEEP_INTERVAL_MS);
      await queue.enqueue(db, sweepInvitationsJob, {}, { key: `slot-${String(slot)}`, runAt: clock.now() });
    },

    /**
     * The `invitations.sweep` job: expire past-due pending invitations, send the single
     * reminder 24 h before expiry, then enqueue the next run (one per 10-minute slot).
     */
    async sweep(): Promise<{ expired: number; reminded: number }> {
      const at = clock.now();
      const nowIso = at.toISOString();
      let expired = 0;
      for (const row of await repo.findPastDue(db, nowIso, SWEEP_BATCH)) {
        await db.transaction().execute(async (trx) => {
          const done = await repo.updateInvitationIf(trx, row.id, PENDING_STATUSES, {
            status: 'expired',
            expired_at: nowIso,
            updated_at: nowIso,
          });
          if (!done) return;
          expired += 1;
          await audit(trx, row, null, 'invitations.expired');
        });
      }
      let reminded = 0;
      const until = new Date(at.getTime() + REMINDER_BEFORE_EXPIRY_MS).toISOString();
      for (const due of await repo.findDueForReminder(db, nowIso, until, SWEEP_BATCH)) {
        const row = await repo.findInvitationById(db, due.id);
        if (!row) continue;
        const facts = await mailFacts(row);
        await db.transaction().execute(async (trx) => {
          if (!(await repo.claimReminder(trx, row.id, nowIso))) return;
          reminded += 1;
          await deps.mail.queue.queueMail(trx, {
            organizationId: row.organization_id,
            to: row.candidate_email,
            kind: 'invitations.reminder',
            ...deps.mail.render(reminderMail(facts)),
          });
          await audit(trx, row, null, 'invitations.reminded');
        });
      }
      const next = Math.floor(at.getTime() / SWEEP_INTERVAL_MS) + 1;
      await queue.enqueue(
        db,
        sweepInvitationsJob,
        {},
        { key: `slot-${String(next)}`, runAt: new Date(next * SWEEP_INTERVAL_MS) },
      );
      return { expired, reminded };
    },

    // ---- Activities ---------------------------------------------------------------------------

    async activities(organizationId: string, query: ActivitiesQuery): Promise<ActivitiesPage> {
      const { rows, total } = await repo.listActivities(db, deps.dialect, organizationId, query, {
        limit: query.pageSize,
        offset: (query.page - 1) * query.pageSize,
      });
      return { items: rows.map(presentInvitation), total, page: query.page, pageSize: query.pageSize };
    },

    /** Activities as CSV (same filters, no paging, at most 10,000 rows; injection-safe cells). */
    async activitiesCsv(organizationId: string, query: ActivitiesQuery): Promise<string> {
      const { rows } = await repo.listActivities(db, deps.dialect, organizationId, query, {
        limit: MAX_EXPORT_ROWS,
        offset: 0,
      });
      const header = [
        'Candidate',
        'Email',
        'Test',
        'Status',
        'Score',
        'Invited',
        'Sent',
        'Opened',
        'Started',
        'Submitted',
        'Graded',
        'Expires',
        'Extra time (min)',
        'ATS',
        'ATS profile',
      ];
      const lines = rows.map((row) => {
        const i = presentInvitation(row);
        return [
          i.candidate.name,
          i.candidate.email,
          i.test.name,
          i.status,
          i.score,
          i.createdAt,
          i.sentAt,
          i.openedAt,
          i.startedAt,
          i.submittedAt,
          i.gradedAt,
          i.expiresAt,
          i.extraTimeMinutes,
          i.atsBadge.status,
          i.atsBadge.profileUrl ?? null,
        ];
      });
      return toCsv([header, ...lines]);
    },
  };
  return service;
}
