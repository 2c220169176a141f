import type { CandidateErasure, ErasureCounts, Role } from '@assay/contracts';
import type { Db, DialectHelpers } from '../../db/index.js';
import type { Clock } from '../../platform/clock/index.js';
import { newId } from '../../platform/crypto/index.js';
import { PlatformErrors } from '../../platform/errors/index.js';
import type { RepoStore } from '../../platform/git/git.types.js';
import type { Queue } from '../../platform/jobs/index.js';
import type { Logger } from '../../platform/log/index.js';
import { recordAuditEvent } from '../audit/index.js';
import { DataRightsErrors } from './data-rights.errors.js';
import { removeAttemptFilesJob, retentionSweepJob } from './data-rights.jobs.js';
import {
  DAY_MS,
  IN_PROGRESS_STATUSES,
  personalNeedles,
  redactLinkTokens,
  retentionCutoff,
  sweepSlot,
} from './data-rights.policy.js';
import * as repo from './data-rights.repository.js';
import { writeZip, type ZipEntry } from './data-rights.zip.js';

export interface DataRightsDeps {
  db: Db;
  dialect: Pick<DialectHelpers, 'name'>;
  clock: Clock;
  queue: Queue;
  /** The attempts' repositories (`<DATA_DIR>/repos/<attemptId>.git`). */
  repos: Pick<RepoStore, 'exists' | 'remove' | 'listTree' | 'readFile'>;
  log: Pick<Logger, 'warn' | 'info'>;
}

/** The member acting (resolved by the route: owner/admin with a fresh re-auth). */
export interface DataRightsActor {
  userId: string;
  role: Role;
}

export type DataRightsService = ReturnType<typeof createDataRightsService>;

/** Candidates erased per retention query; a sweep loops over batches up to MAX_SWEEP_BATCHES. */
const SWEEP_BATCH = 100;
const MAX_SWEEP_BATCHES = 50;

/**
 * Candidate data rights: erase a candidate (on request or when the organization's retention
 * period has passed) and export everything Assay holds about them as a zip.
 */
export function createDataRightsService(deps: DataRightsDeps) {
  const { db, clock, queue, repos, log } = deps;
  const dialect = deps.dialect.name;
  const notFound = () => PlatformErrors.create('resource.not_found', { message: 'Candidate not found.' });

  /**
   * Delete every row holding the candidate's data in one transaction, keep the graded scores
   * as anonymous numbers, record `candidates.erased` (ids and counts only) and enqueue the
   * repository removal. Returns undefined when the candidate does not exist (any more).
   */
  async function eraseRows(
    organizationId: string,
    candidateId: string,
    options: { actorUserId: string | null; reason: 'request' | 'retention'; confirmEmail?: string },
  ): Promise<{ erasure: CandidateErasure; attemptIds: string[] } | undefined> {
    return db.transaction().execute(async (trx) => {
      const candidate = await repo.findCandidate(trx, organizationId, candidateId);
      if (!candidate) return undefined;
      if (
        options.confirmEmail !== undefined &&
        options.confirmEmail.trim().toLowerCase() !== candidate.email.trim().toLowerCase()
      ) {
        throw DataRightsErrors.create('data_rights.confirmation_mismatch', {
          message: "The email you typed is not this candidate's email. Nothing was erased.",
          details: { fields: { confirmEmail: ["Type the candidate's email exactly."] } },
        });
      }
      const at = clock.now();
      const invitations = await repo.listInvitations(trx, candidate.id);
      const invitationIds = invitations.map((i) => i.id);
      const attempts = await repo.listAttempts(trx, invitationIds);
      const attemptIds = attempts.map((a) => a.id);
      const gradingIds = await repo.listGradingIds(trx, attemptIds);
      const needles = personalNeedles(candidate, [
        candidate.id,
        ...invitationIds,
        ...attemptIds,
        ...gradingIds,
      ]);

      const scores = invitations.flatMap((i) =>
        i.status === 'graded' && i.score !== null
          ? [
              {
                id: newId(),
                organization_id: organizationId,
                test_id: i.test_id,
                test_version_id: i.test_version_id,
                score: i.score,
                graded_on: (i.graded_at ?? i.updated_at).slice(0, 10),
              },
            ]
          : [],
      );
      await repo.insertAnonymousScores(trx, scores);
      const mailIds = await repo.deleteMails(trx, dialect, organizationId, candidate.email, needles);
      const deliveryIds = await repo.deleteWebhookDeliveries(trx, dialect, organizationId, needles);
      const atsDeliveryIds = await repo.deleteAtsRows(
        trx,
        dialect,
        organizationId,
        candidate.id,
        invitationIds,
        needles,
      );
      const jobs = await repo.deleteJobs(trx, dialect, [
        ...needles,
        ...mailIds,
        ...deliveryIds,
        ...atsDeliveryIds,
      ]);
      await repo.deleteIdempotencyRecords(trx, dialect, organizationId, needles);
      await repo.deleteCandidateRows(trx, candidate.id, invitationIds, attemptIds);
      const auditEventsScrubbed = await repo.scrubAuditEvents(
        trx,
        dialect,
        organizationId,
        [candidate.id, ...invitationIds, ...attemptIds],
        needles,
      );
      if (attemptIds.length > 0) {
        await queue.enqueue(trx, removeAttemptFilesJob, { attemptIds }, { organizationId });
      }
      const counts: ErasureCounts = {
        invitations: invitations.length,
        attempts: attempts.length,
        repositories: attempts.length,
        mails: mailIds.length,
        webhookDeliveries: deliveryIds.length,
        jobs,
        auditEventsScrubbed,
        anonymousScoresKept: scores.length,
      };
      await recordAuditEvent(trx, {
        organizationId,
        actorUserId: options.actorUserId,
        action: 'candidates.erased',
        subjectType: 'candidate',
        subjectId: candidate.id,
        data: { reason: options.reason, ...counts },
        occurredAt: at,
      });
      return { erasure: { candidateId: candidate.id, erasedAt: at.toISOString(), counts }, attemptIds };
    });
  }

  /** Remove the repositories that still exist; true when any was removed. */
  async function removeRepositories(attemptIds: readonly string[]): Promise<boolean> {
    let removed = false;
    for (const id of attemptIds) {
      if (!(await repos.exists(id))) continue;
      await repos.remove(id);
      removed = true;
    }
    return removed;
  }

  /** Checkpoint + VACUUM (SQLite) or VACUUM (PostgreSQL) so erased bytes leave the files. */
  async function compact(): Promise<void> {
    const complete = await repo.compactStorage(db, dialect);
    if (!complete)
      log.warn({}, 'data-rights: the WAL checkpoint after an erasure was incomplete (a reader held it)');
  }

  const service = {
    /**
     * "Erase candidate…": everything about the candidate goes — record, invitations, attempts,
     * code and repositories, grading output, notes, mail copies, webhook deliveries, job
     * payloads, audit details — then the storage is compacted. Graded scores stay as anonymous
     * numbers for the test statistics.
     * @throws resource.not_found (also another organization's), data_rights.confirmation_mismatch
     */
    async eraseCandidate(
      actor: DataRightsActor,
      organizationId: string,
      candidateId: string,
      confirmEmail: string,
    ): Promise<CandidateErasure> {
      const done = await eraseRows(organizationId, candidateId, {
        actorUserId: actor.userId,
        reason: 'request',
        confirmEmail,
      });
      if (!done) throw notFound();
      await removeRepositories(done.attemptIds);
      await compact();
      return done.erasure;
    },

    /** The `data-rights.remove-attempt-files` job: idempotent (removes what is still there). */
    async removeAttemptFiles(attemptIds: readonly string[]): Promise<void> {
      if (await removeRepositories(attemptIds)) await compact();
    },

    /** Enqueue the sweep for the current day (at boot; duplicates collapse on the slot key). */
    async scheduleSweep(): Promise<void> {
      const slot = sweepSlot(clock.now());
      await queue.enqueue(db, retentionSweepJob, {}, { key: `day-${String(slot)}`, runAt: clock.now() });
    },

    /**
     * The `data-rights.retention-sweep` job: in every organization with a retention period,
     * erase the candidates whose record and invitations have not changed for that long and
     * who have no invitation in progress; then enqueue tomorrow's run. Each candidate is one
     * transaction, so a crash mid-sweep leaves whole candidates and the rerun continues.
     */
    async retentionSweep(): Promise<{ erased: number }> {
      const at = clock.now();
      let erased = 0;
      const attemptIds: string[] = [];
      for (const org of await repo.organizationsWithRetention(db)) {
        const cutoff = retentionCutoff(at, org.candidate_retention_days).toISOString();
        for (let batch = 0; batch < MAX_SWEEP_BATCHES; batch += 1) {
          const ids = await repo.findExpiredCandidates(db, org.id, cutoff, IN_PROGRESS_STATUSES, SWEEP_BATCH);
          for (const id of ids) {
            const done = await eraseRows(org.id, id, { actorUserId: null, reason: 'retention' });
            if (!done) continue;
            erased += 1;
            attemptIds.push(...done.attemptIds);
          }
          if (ids.length < SWEEP_BATCH) break;
        }
      }
      await removeRepositories(attemptIds);
      if (erased > 0) {
        await compact();
        log.info({ erased }, 'data-rights: retention sweep erased candidates');
      }
      const next = sweepSlot(at) + 1;
      await queue.enqueue(
        db,
        retentionSweepJob,
        {},
        { key: `day-${String(next)}`, runAt: new Date(next * DAY_MS) },
      );
      return { erased };
    },

    /**
     * "Export data": a zip of everything Assay holds about the candidate (C7: every column of
     * the candidate record). Recorded as `candidates.exported` (ids and counts only).
     * @throws resource.not_found (also another organization's)
     */
    async exportCandidate(
      actor: DataRightsActor,
      organizationId: string,
      candidateId: string,
    ): Promise<{ filename: string; data: Buffer }> {
      const candidate = await repo.findCandidate(db, organizationId, candidateId);
      if (!candidate) throw notFound();
      const at = clock.now();
      const invitations = await repo.listInvitations(db, candidate.id);
      const invitationIds = invitations.map((i) => i.id);
      const attempts = await repo.listAttempts(db, invitationIds);
      const entries: ZipEntry[] = [];
      const json = (path: string, value: unknown) =>
        entries.push({ path, data: Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8') });

      json('candidate.json', { ...candidate, tags: parseJson(candidate.tags) });
      json(
        'invitations.json',
        invitations.map(({ token_hash: _secret, ...row }) => ({
          ...row,
          languages: parseJson(row.languages),
        })),
      );
      let codeFiles = 0;
      for (const attempt of attempts) {
        const dir = `attempts/${attempt.invitation_id}`;
        const { git_password_hash: _hash, git_password_sealed: _sealed, ...attemptRow } = attempt;
        json(`${dir}/attempt.json`, attemptRow);
        const events = await repo.listAttemptEvents(db, attempt.id);
        json(
          `${dir}/timeline.json`,
          events.map((e) => ({ ...e, data: parseJson(e.data) })),
        );
        json(`${dir}/drafts.json`, await repo.listAttemptDrafts(db, attempt.id));
        const gradings = await repo.listGradings(db, attempt.id);
        json(
          `${dir}/grading.json`,
          gradings.map((g) => ({ ...g, result: g.result === null ? null : parseJson(g.result) })),
        );
        const commit = attempt.submitted_commit ?? attempt.head_commit;
        if (!(await repos.exists(attempt.id))) continue;
        for (const file of await repos.listTree(attempt.id, commit)) {
          const data = await repos.readFile(attempt.id, commit, file.path);
          if (data === undefined) continue;
          entries.push({ path: `${dir}/code/${file.path}`, data });
          codeFiles += 1;
        }
      }
      const notes = await repo.listNotes(db, invitationIds);
      const overrides = await repo.listOverrides(db, invitationIds);
      json('notes.json', {
        notes: notes.map((n) => ({ invitationId: n.invitation_id, body: n.body, createdAt: n.created_at })),
        scoreOverrides: overrides.map((o) => ({
          invitationId: o.invitation_id,
          criterionId: o.criterion_id,
          points: o.points,
          reason: o.reason,
          createdAt: o.created_at,
        })),
      });
      const mails = await repo.listMailsTo(db, organizationId, candidate.email);
      json(
        'mails.json',
        mails.map((m) => ({
          id: m.id,
          to: m.to_address,
          kind: m.kind,
          subject: m.subject,
          text: redactLinkTokens(m.text_body),
          status: m.status,
          createdAt: m.created_at,
          sentAt: m.sent_at,
        })),
      );
      entries.unshift({ path: 'README.txt', data: Buffer.from(readme(at), 'utf8') });

      await recordAuditEvent(db, {
        organizationId,
        actorUserId: actor.userId,
        action: 'candidates.exported',
        subjectType: 'candidate',
        subjectId: candidate.id,
        data: { invitations: invitations.length, attempts: attempts.length, codeFiles, mails: mails.length },
        occurredAt: at,
      });
      return { filename: `candidate-${candidate.id}.zip`, data: writeZip(entries, at) };
    },
  };
  return service;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function readme(at: Date): string {
  return [
    `Candidate data export, made ${at.toISOString()} (UTC).`,
    '',
    'candidate.json        the candidate record (every column)',
    'invitations.json      every invitation to a test',
    'attempts/<invitation>/attempt.json   the attempt (start, submission, commits)',
    'attempts/<invitation>/timeline.json  what happened during the attempt',
    'attempts/<invitation>/drafts.json    editor changes not yet committed',
    'attempts/<invitation>/grading.json   automatic grading runs, scores and output',
    'attempts/<invitation>/code/          the code: the submitted commit, else the latest one',
    'notes.json            reviewer notes and score overrides',
    'mails.json            mails sent to the candidate (invitation links redacted)',
    '',
    'Left out on purpose: the hash of the invitation link and the attempt git credential (secrets, not personal data).',
    '',
  ].join('\n');
}
