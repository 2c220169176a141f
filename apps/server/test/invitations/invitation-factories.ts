import type { InvitationStatus } from '@assay/contracts';
import type { Db } from '../../src/db/index.js';
import { hashToken, newId, newSecretToken } from '../../src/platform/crypto/index.js';

/** A published `problems` test of `organizationId` (stored as the tests module stores it). */
export async function makePublishedTest(
  db: Db,
  organizationId: string,
  options: { name?: string; archived?: boolean; published?: boolean; at?: Date } = {},
): Promise<{ id: string; versionId: string; name: string }> {
  const id = newId();
  const versionId = newId();
  const at = (options.at ?? new Date()).toISOString();
  const name = options.name ?? `Test ${id.slice(-5)}`;
  const published = options.published ?? true;
  const common = {
    name,
    kind: 'problems' as const,
    time_limit_minutes: 90,
    validity_days: 7,
    allowed_languages: JSON.stringify(['python3', 'go']),
    instructions: 'Use the standard library only.',
    show_feedback: 0,
  };
  await db
    .insertInto('tests')
    .values({
      ...common,
      id,
      organization_id: organizationId,
      challenges: '[]',
      published_version_id: published ? versionId : null,
      published_version_number: published ? 1 : null,
      has_unpublished_changes: 0,
      archived_at: options.archived ? at : null,
      created_by_user_id: null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  if (published) {
    await db
      .insertInto('test_versions')
      .values({
        ...common,
        id: versionId,
        test_id: id,
        number: 1,
        published_by_user_id: null,
        published_at: at,
      })
      .execute();
  }
  return { id, versionId, name };
}

/** A candidate of `organizationId`. */
export async function makeCandidate(db: Db, organizationId: string): Promise<{ id: string; email: string }> {
  const id = newId();
  const email = `cand-${id}@example.test`;
  const at = new Date().toISOString();
  await db
    .insertInto('candidates')
    .values({
      id,
      organization_id: organizationId,
      name: `Candidate ${id.slice(-4)}`,
      email,
      tags: '[]',
      ats_url: null,
      ats_status: 'none',
      ats_provider: null,
      ats_external_id: null,
      ats_profile_url: null,
      ats_error: null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  return { id, email };
}

/** An invitation (with a new candidate and test) in `status`, with a live link token. */
export async function makeCandidateInvitation(
  db: Db,
  organizationId: string,
  status: InvitationStatus = 'invited',
): Promise<{ id: string; token: string; candidateId: string; testId: string }> {
  const test = await makePublishedTest(db, organizationId);
  const candidate = await makeCandidate(db, organizationId);
  const id = newId();
  const token = newSecretToken('ainv');
  const now = new Date();
  const at = now.toISOString();
  await db
    .insertInto('invitations')
    .values({
      id,
      organization_id: organizationId,
      candidate_id: candidate.id,
      test_id: test.id,
      test_version_id: test.versionId,
      test_name: test.name,
      test_kind: 'problems',
      languages: '["python3"]',
      time_limit_minutes: 90,
      status,
      token_hash: hashToken(token),
      expires_at: new Date(now.getTime() + 7 * 86_400_000).toISOString(),
      extra_time_minutes: 0,
      time_extension_minutes: 0,
      message: null,
      invited_by_user_id: null,
      reinvited_from_id: null,
      score: null,
      created_at: at,
      updated_at: at,
      sent_at: at,
      opened_at: null,
      started_at: null,
      submitted_at: null,
      graded_at: null,
      cancelled_at: status === 'cancelled' ? at : null,
      expired_at: null,
      reminder_sent_at: null,
    })
    .execute();
  return { id, token, candidateId: candidate.id, testId: test.id };
}
