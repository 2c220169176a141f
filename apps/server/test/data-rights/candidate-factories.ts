import { hashToken, newId, newSecretToken } from '../../src/platform/crypto/index.js';
import { makeWebhookEndpoint } from '../webhooks/webhook-fixtures.js';
import type { DataRightsApp } from './data-rights-app.js';

/**
 * Everything a candidate's take-home leaves behind, each piece holding `canary`: a real
 * repository (starter commit + a commit of the candidate's code), the attempt with an
 * attempt session, drafts and timeline, a graded grading whose log and result echo the code,
 * a reviewer note, a score override, a share link, a webhook delivery, a dead job, an audit
 * event and a staff notification mail. The attempts module builds these rows at Start,
 * save, push and submit; here they are inserted as it stores them.
 */
export async function seedTakeHome(
  t: DataRightsApp,
  input: {
    organizationId: string;
    invitationId: string;
    candidateName: string;
    canary: string;
    score: number;
  },
): Promise<{ attemptId: string; commit: string }> {
  const { db, repos, clock } = t;
  const { organizationId, invitationId, canary } = input;
  const at = clock.now();
  const iso = at.toISOString();
  const attemptId = newId();
  const author = { name: input.candidateName, email: `${canary}@example.test` };
  const initial = await repos.create(
    attemptId,
    [
      { path: 'README.md', data: Buffer.from('# Starter\n') },
      { path: 'src/main.py', data: Buffer.from('print("hello")\n') },
    ],
    { message: 'Starter files', author: { name: 'Assay', email: 'assay@example.test' }, at },
  );
  const commit = await repos.commit(attemptId, {
    parent: initial,
    changes: [{ path: 'src/main.py', data: Buffer.from(`# ${canary}\nprint("${canary}")\n`) }],
    message: `Save ${canary}`,
    author,
    at,
  });
  const invitation = await db
    .selectFrom('invitations')
    .selectAll()
    .where('id', '=', invitationId)
    .executeTakeFirstOrThrow();
  await db
    .insertInto('attempts')
    .values({
      id: attemptId,
      organization_id: organizationId,
      invitation_id: invitationId,
      test_version_id: invitation.test_version_id,
      status: 'submitted',
      started_at: iso,
      initial_commit: initial,
      head_commit: commit,
      head_committed_at: iso,
      last_draft_commit_at: iso,
      git_password_hash: hashToken('git-password'),
      git_password_sealed: 'v1.sealed',
      language: 'python3',
      submitted_at: iso,
      submitted_commit: commit,
      submit_reason: 'candidate',
      created_at: iso,
      updated_at: iso,
    })
    .execute();
  await db
    .insertInto('attempt_sessions')
    .values({
      token_hash: hashToken(newSecretToken('aatt')),
      attempt_id: attemptId,
      created_at: iso,
      expires_at: iso,
    })
    .execute();
  await db
    .insertInto('attempt_drafts')
    .values({
      attempt_id: attemptId,
      path: 'src/draft.py',
      content: `draft = "${canary}"\n`,
      deleted: 0,
      base_commit: commit,
      updated_at: iso,
    })
    .execute();
  await db
    .insertInto('attempt_events')
    .values([
      {
        id: newId(),
        attempt_id: attemptId,
        organization_id: organizationId,
        kind: 'started',
        at: iso,
        data: '{}',
      },
      {
        id: newId(),
        attempt_id: attemptId,
        organization_id: organizationId,
        kind: 'commit',
        at: iso,
        data: JSON.stringify({ commit, message: `Save ${canary}` }),
      },
    ])
    .execute();
  await db
    .insertInto('gradings')
    .values({
      id: newId(),
      organization_id: organizationId,
      attempt_id: attemptId,
      invitation_id: invitationId,
      test_version_id: invitation.test_version_id,
      number: 1,
      status: 'graded',
      commit,
      score: input.score,
      result: JSON.stringify({ criteria: [{ id: 'c1', failed: [{ message: `expected ${canary}` }] }] }),
      log: `Traceback: File "src/main.py", line 1: ${canary}\n`,
      error: null,
      requested_by_user_id: null,
      created_at: iso,
      finished_at: iso,
    })
    .execute();
  await db
    .updateTable('invitations')
    .set({
      status: 'graded',
      score: input.score,
      started_at: iso,
      submitted_at: iso,
      graded_at: iso,
      updated_at: iso,
    })
    .where('id', '=', invitationId)
    .execute();
  await db
    .insertInto('report_notes')
    .values({
      id: newId(),
      organization_id: organizationId,
      invitation_id: invitationId,
      user_id: null,
      body: `Strong: ${canary}`,
      created_at: iso,
    })
    .execute();
  await db
    .insertInto('report_overrides')
    .values({
      invitation_id: invitationId,
      criterion_id: 'c1',
      organization_id: organizationId,
      points: 1,
      reason: `Handled ${canary} well`,
      user_id: null,
      created_at: iso,
    })
    .execute();
  await db
    .insertInto('report_share_links')
    .values({
      id: newId(),
      organization_id: organizationId,
      invitation_id: invitationId,
      token_hash: hashToken(newSecretToken('ashr')),
      created_by_user_id: null,
      created_at: iso,
      expires_at: iso,
      revoked_at: null,
    })
    .execute();
  const endpointId = await makeWebhookEndpoint(db, organizationId);
  await db
    .insertInto('webhook_deliveries')
    .values({
      id: newId(),
      organization_id: organizationId,
      endpoint_id: endpointId,
      message_id: `msg_${newId()}`,
      event_type: 'report.ready',
      payload: JSON.stringify({
        type: 'report.ready',
        data: { invitationId, candidate: input.candidateName },
      }),
      status: 'delivered',
      attempts: 1,
      next_attempt_at: null,
      last_response_status: 200,
      last_error: null,
      last_response_body: `ok ${canary}`,
      last_duration_ms: 3,
      created_at: iso,
      updated_at: iso,
    })
    .execute();
  await db
    .insertInto('jobs')
    .values({
      id: newId(),
      name: 'test.some-job',
      payload: JSON.stringify({ invitationId }),
      organization_id: organizationId,
      status: 'dead',
      attempt: 5,
      max_attempts: 5,
      run_at: iso,
      lease_until: null,
      locked_by: null,
      last_error: `failed on ${canary}`,
      dedupe_key: null,
      created_at: iso,
      updated_at: iso,
    })
    .execute();
  await db
    .insertInto('audit_events')
    .values({
      id: newId(),
      organization_id: organizationId,
      actor_user_id: null,
      action: 'invitations.grading_failed',
      subject_type: 'invitation',
      subject_id: invitationId,
      data: JSON.stringify({ reason: `SyntaxError near ${canary}` }),
      occurred_at: iso,
    })
    .execute();
  // A public API invite's stored answer (Idempotency-Key) repeats the candidate's name.
  const tokenId = newId();
  await db
    .insertInto('api_tokens')
    .values({
      id: tokenId,
      user_id: invitation.invited_by_user_id ?? (await anyUserOf(t, organizationId)),
      organization_id: organizationId,
      name: 'ATS script',
      prefix: 'asy_test',
      token_hash: hashToken(newSecretToken('asy')),
      scopes: '[]',
      created_at: iso,
      expires_at: null,
      last_used_at: null,
      revoked_at: null,
    })
    .execute();
  await db
    .insertInto('api_idempotency_keys')
    .values({
      id: newId(),
      organization_id: organizationId,
      token_id: tokenId,
      idempotency_key: newId(),
      request_hash: hashToken('request'),
      status: 'done',
      response_status: 201,
      response_body: JSON.stringify({ id: invitationId, candidate: { name: input.candidateName } }),
      created_at: iso,
      expires_at: iso,
    })
    .execute();
  await db
    .insertInto('mails')
    .values({
      id: newId(),
      organization_id: organizationId,
      to_address: 'recruiter@example.test',
      kind: 'notifications.submitted',
      subject: `${input.candidateName} submitted`,
      text_body: `${input.candidateName} submitted their test.`,
      html_body: `<p>${input.candidateName} submitted their test.</p>`,
      status: 'stored',
      attempts: 1,
      last_error: null,
      created_at: iso,
      updated_at: iso,
      sent_at: iso,
    })
    .execute();
  return { attemptId, commit };
}

async function anyUserOf(t: DataRightsApp, organizationId: string): Promise<string> {
  const row = await t.db
    .selectFrom('memberships')
    .select('user_id')
    .where('organization_id', '=', organizationId)
    .executeTakeFirstOrThrow();
  return row.user_id;
}
