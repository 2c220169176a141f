import type { InvitationStatus } from '@assay/contracts';
import type { Db } from '../../src/db/index.js';
import { totalScore, type GradedCriterion, type GradingResult } from '../../src/modules/grading/index.js';
import { hashToken, newId, newSecretToken } from '../../src/platform/crypto/index.js';
import { makeCandidate, makePublishedTest } from '../invitations/invitation-factories.js';

export type TestRef = { id: string; versionId: string; name: string };

const iso = (d: Date) => d.toISOString();
const minutes = (d: Date, m: number) => new Date(d.getTime() + m * 60_000);

/** An invitation of `organizationId` to `test` in `status`, with its dates filled up to that status. */
export async function makeReportInvitation(
  db: Db,
  organizationId: string,
  options: { test?: TestRef; status?: InvitationStatus; at: Date; candidateName?: string },
): Promise<{
  id: string;
  candidateId: string;
  candidateName: string;
  candidateEmail: string;
  test: TestRef;
}> {
  const test = options.test ?? (await makePublishedTest(db, organizationId, { at: options.at }));
  const candidate = await makeCandidate(db, organizationId);
  const candidateName = options.candidateName ?? `Candidate ${candidate.id.slice(-4)}`;
  await db.updateTable('candidates').set({ name: candidateName }).where('id', '=', candidate.id).execute();
  const status = options.status ?? 'invited';
  const at = options.at;
  const reached = (s: InvitationStatus[]) => s.includes(status);
  const id = newId();
  await db
    .insertInto('invitations')
    .values({
      id,
      organization_id: organizationId,
      candidate_id: candidate.id,
      test_id: test.id,
      test_version_id: test.versionId,
      test_name: test.name,
      test_kind: 'project',
      languages: '["python3"]',
      time_limit_minutes: 90,
      status,
      token_hash: null,
      expires_at: iso(new Date(at.getTime() + 7 * 86_400_000)),
      extra_time_minutes: 10,
      time_extension_minutes: 5,
      message: null,
      invited_by_user_id: null,
      reinvited_from_id: null,
      score: null,
      created_at: iso(at),
      updated_at: iso(at),
      sent_at: iso(minutes(at, 1)),
      opened_at: reached(['opened', 'started', 'submitted', 'graded', 'grading_failed'])
        ? iso(minutes(at, 2))
        : null,
      started_at: reached(['started', 'submitted', 'graded', 'grading_failed']) ? iso(minutes(at, 3)) : null,
      submitted_at: reached(['submitted', 'graded', 'grading_failed']) ? iso(minutes(at, 48)) : null,
      graded_at: null,
      cancelled_at: null,
      expired_at: null,
      reminder_sent_at: null,
    })
    .execute();
  return { id, candidateId: candidate.id, candidateName, candidateEmail: candidate.email, test };
}

/** The attempt row of an invitation (the repository, if any, is made by the caller). */
export async function makeAttempt(
  db: Db,
  invitation: { id: string; organizationId: string; testVersionId: string },
  options: {
    id?: string;
    at: Date;
    initialCommit: string;
    headCommit: string;
    submittedCommit?: string | null;
    language?: string | null;
  },
): Promise<string> {
  const id = options.id ?? newId();
  const submitted = options.submittedCommit ?? null;
  await db
    .insertInto('attempts')
    .values({
      id,
      organization_id: invitation.organizationId,
      invitation_id: invitation.id,
      test_version_id: invitation.testVersionId,
      status: submitted ? 'submitted' : 'active',
      started_at: iso(minutes(options.at, 3)),
      initial_commit: options.initialCommit,
      head_commit: options.headCommit,
      head_committed_at: iso(minutes(options.at, 20)),
      last_draft_commit_at: null,
      git_password_hash: hashToken(`pw-${id}`),
      git_password_sealed: 'sealed',
      language: options.language ?? 'python3',
      submitted_at: submitted ? iso(minutes(options.at, 48)) : null,
      submitted_commit: submitted,
      submit_reason: submitted ? 'candidate' : null,
      created_at: iso(minutes(options.at, 3)),
      updated_at: iso(minutes(options.at, 3)),
    })
    .execute();
  return id;
}

export async function addAttemptEvent(
  db: Db,
  attempt: { id: string; organizationId: string },
  kind: 'commit' | 'push' | 'run' | 'started' | 'submitted',
  at: Date,
  data: Record<string, unknown>,
): Promise<void> {
  await db
    .insertInto('attempt_events')
    .values({
      id: newId(),
      attempt_id: attempt.id,
      organization_id: attempt.organizationId,
      kind,
      at: iso(at),
      data: JSON.stringify(data),
    })
    .execute();
}

export function criterion(
  id: string,
  weight: number,
  points: number,
  failed: { test: string; message: string | null }[] = [],
): GradedCriterion {
  return {
    id,
    name: `Criterion ${id}`,
    description: null,
    weight,
    points,
    passed: [`${id}-ok`],
    failed,
  };
}

/**
 * A finished grading run, stored as the grading module stores it, and the invitation moved to
 * `graded` with the score (what `invitations.markGraded` does).
 */
export async function makeGrading(
  db: Db,
  invitation: { id: string; organizationId: string; testVersionId: string },
  attemptId: string,
  options: {
    at: Date;
    number?: number;
    status?: 'pending' | 'graded' | 'failed';
    criteria?: GradedCriterion[];
    score?: number;
  },
): Promise<{ id: string; score: number | null }> {
  const status = options.status ?? 'graded';
  const criteria = options.criteria ?? [
    criterion('c1', 1, options.score !== undefined ? options.score / 100 : 1),
  ];
  const result: GradingResult = { kind: 'project', language: 'python3', buildPassed: true, criteria };
  const score = status === 'graded' ? totalScore(criteria) : null;
  const id = newId();
  await db
    .insertInto('gradings')
    .values({
      id,
      organization_id: invitation.organizationId,
      attempt_id: attemptId,
      invitation_id: invitation.id,
      test_version_id: invitation.testVersionId,
      number: options.number ?? 1,
      status,
      commit: 'a'.repeat(40),
      score,
      result: status === 'graded' ? JSON.stringify(result) : null,
      log: status === 'graded' ? 'build ok\n3 tests' : '',
      error: status === 'failed' ? 'runner unavailable' : null,
      requested_by_user_id: null,
      created_at: iso(minutes(options.at, 49)),
      finished_at: status === 'pending' ? null : iso(minutes(options.at, 50)),
    })
    .execute();
  if (status === 'graded') {
    await db
      .updateTable('invitations')
      .set({ status: 'graded', score, graded_at: iso(minutes(options.at, 50)) })
      .where('id', '=', invitation.id)
      .execute();
  }
  return { id, score };
}

/** A graded invitation with `score` on `test` (attempt without a repository; for percentiles). */
export async function makeGradedInvitation(
  db: Db,
  organizationId: string,
  test: TestRef,
  score: number,
  at: Date,
): Promise<string> {
  const inv = await makeReportInvitation(db, organizationId, { test, status: 'submitted', at });
  const ref = { id: inv.id, organizationId, testVersionId: test.versionId };
  const attemptId = await makeAttempt(db, ref, {
    at,
    initialCommit: '1'.repeat(40),
    headCommit: '2'.repeat(40),
    submittedCommit: '2'.repeat(40),
  });
  await makeGrading(db, ref, attemptId, { at, criteria: [criterion('c1', 1, score / 100)] });
  return inv.id;
}

/** A live share link (7 days) on a new invitation of `organizationId`. */
export async function makeShareLink(
  db: Db,
  organizationId: string,
): Promise<{ invitationId: string; linkId: string; token: string }> {
  const at = new Date();
  const inv = await makeReportInvitation(db, organizationId, { status: 'invited', at });
  const token = newSecretToken('arep');
  const linkId = newId();
  await db
    .insertInto('report_share_links')
    .values({
      id: linkId,
      organization_id: organizationId,
      invitation_id: inv.id,
      token_hash: hashToken(token),
      created_by_user_id: null,
      created_at: iso(at),
      expires_at: iso(new Date(at.getTime() + 7 * 86_400_000)),
      revoked_at: null,
    })
    .execute();
  return { invitationId: inv.id, linkId, token };
}
