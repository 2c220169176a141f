import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CandidateErasureSchema } from '@assay/contracts';
import { testDialect } from '../support/test-db.js';
import {
  buildDataRightsApp,
  grepTree,
  newCanary,
  newId,
  rowsContaining,
  type DataRightsApp,
} from '../data-rights/data-rights-app.js';
import { seedTakeHome } from '../data-rights/candidate-factories.js';

/**
 * C5: after "Erase candidate", no copy of a canary planted in the candidate's name, email,
 * invitation message, ATS link, code (repository, drafts), grading output, notes, mails,
 * webhook deliveries, jobs and audit details survives: not in any row, and — SQLite with
 * secure_delete, wal_checkpoint(TRUNCATE) and VACUUM — not in any byte of any file under
 * DATA_DIR (database, WAL, shm, repositories). The audit log keeps `candidates.erased`
 * without personal data; the graded score stays as an anonymous number.
 */
describe(`C5 candidate erasure (${testDialect})`, () => {
  let t: DataRightsApp;
  beforeAll(async () => {
    t = await buildDataRightsApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('leaves 0 canary bytes in the database files and DATA_DIR, and an audit entry without PII', async () => {
    const canary = newCanary();
    const org = await t.organization();
    const test = await t.publishedTest(org.id);
    const name = `Ada ${canary}`;
    const email = `${canary}@example.test`;
    const invite = await t.send(org.as.recruiter, 'POST', `/api/orgs/${org.id}/invitations`, {
      testId: test.id,
      name,
      email,
      message: `Good luck, ${canary}!`,
      tags: [canary],
    });
    expect(invite.statusCode).toBe(201);
    const invitation = invite.json<{ id: string; candidate: { id: string } }>();
    const candidateId = invitation.candidate.id;
    await t.db
      .updateTable('candidates')
      .set({
        ats_url: `https://ats.example.test/candidates/${canary}`,
        ats_status: 'failed',
        ats_error: `Unknown candidate ${canary}`,
      })
      .where('id', '=', candidateId)
      .execute();
    // An unrelated candidate of the same organization, who must keep everything.
    const other = await t.send(org.as.recruiter, 'POST', `/api/orgs/${org.id}/invitations`, {
      testId: test.id,
      name: 'Grace Hopper',
      email: 'grace.hopper@example.test',
    });
    expect(other.statusCode).toBe(201);
    await t.drain(); // both invitation mails are stored (the Mail log copy)
    const { attemptId } = await seedTakeHome(t, {
      organizationId: org.id,
      invitationId: invitation.id,
      candidateName: name,
      canary,
      score: 73,
    });

    // An ATS order for this candidate, a frozen delivery body naming them and a partner error report.
    const at = new Date().toISOString();
    const orderId = newId();
    await t.db
      .insertInto('ats_orders')
      .values({
        id: orderId,
        organization_id: org.id,
        connection_id: null,
        provider: 'greenhouse',
        scope_key: org.id,
        order_key: `https://app.greenhouse.io/integrations/testing_partners/take_home_tests/${canary}`,
        test_id: test.id,
        candidate_email: email,
        candidate_external_id: '4242',
        invitation_id: invitation.id,
        status: 'active',
        reject_reason: null,
        requester: null,
        provider_data: JSON.stringify({ note: canary }),
        created_at: at,
        updated_at: at,
      })
      .execute();
    await t.db
      .insertInto('ats_deliveries')
      .values({
        id: newId(),
        organization_id: org.id,
        connection_id: null,
        provider: 'greenhouse',
        order_id: orderId,
        invitation_id: invitation.id,
        candidate_id: candidateId,
        stream: `order:${orderId}`,
        sequence: 1,
        kind: 'completion',
        cause: 'invitations.graded',
        message_id: newId(),
        payload: JSON.stringify({ summary: `Invitation sent to ${email}` }),
        status: 'dead',
        attempts: 1,
        next_attempt_at: null,
        lease_until: null,
        first_attempt_at: at,
        last_response_status: 500,
        last_error: 'HTTP 500',
        last_response_body: null,
        delivered_at: null,
        created_at: at,
        updated_at: at,
      })
      .execute();
    await t.db
      .insertInto('ats_inbound_errors')
      .values({
        id: newId(),
        organization_id: org.id,
        provider: 'greenhouse',
        invitation_id: invitation.id,
        api_call: 'test_status',
        errors: JSON.stringify([`bad score for ${canary}`]),
        details: JSON.stringify({ candidate_email: email }),
        created_at: at,
      })
      .execute();

    // Positive control: the canary is in rows, in the database files and in the repository.
    expect(await rowsContaining(t.db, canary)).not.toEqual([]);
    const before = grepTree(t.dataDir, canary);
    expect(before.some((path) => path.startsWith('repos/'))).toBe(true);
    if (testDialect === 'sqlite') expect(before.some((path) => path.startsWith('assay.db'))).toBe(true);

    const url = `/api/orgs/${org.id}/candidates/${candidateId}/erase`;
    // A7: outside the re-auth window, below admin, or with the wrong email: nothing is erased.
    const stale = await t.send(org.plain.admin, 'POST', url, { confirmEmail: email });
    expect(stale.statusCode).toBe(403);
    expect(stale.json<{ error: { code: string } }>().error.code).toBe('auth.reauth_required');
    expect((await t.send(org.as.recruiter, 'POST', url, { confirmEmail: email })).statusCode).toBe(403);
    const mismatch = await t.send(org.as.admin, 'POST', url, { confirmEmail: 'someone@example.test' });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.json<{ error: { code: string } }>().error.code).toBe('data_rights.confirmation_mismatch');
    expect(await t.repos.exists(attemptId)).toBe(true);

    const erased = await t.send(org.as.admin, 'POST', url, { confirmEmail: email.toUpperCase() });
    expect(erased.statusCode).toBe(200);
    const body = CandidateErasureSchema.parse(erased.json());
    expect(body).toMatchObject({
      candidateId,
      counts: { invitations: 1, attempts: 1, repositories: 1, anonymousScoresKept: 1 },
    });
    expect(body.counts.mails).toBeGreaterThanOrEqual(2); // the invitation mail and the staff notice
    expect(body.counts.webhookDeliveries).toBe(1);
    expect(body.counts.jobs).toBeGreaterThanOrEqual(1);
    await t.drain(); // the removal job finds nothing left to do

    expect(await t.repos.exists(attemptId)).toBe(false);
    expect(await rowsContaining(t.db, canary)).toEqual([]);
    expect(grepTree(t.dataDir, canary)).toEqual([]);

    const page = await t.send(org.as.admin, 'GET', `/api/orgs/${org.id}/candidates/${candidateId}`);
    expect(page.statusCode).toBe(404);
    const audit = await t.db
      .selectFrom('audit_events')
      .selectAll()
      .where('organization_id', '=', org.id)
      .where('action', '=', 'candidates.erased')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ subject_id: candidateId, actor_user_id: org.users.admin.id });
    expect(JSON.parse(audit[0]?.data ?? '')).toMatchObject({
      reason: 'request',
      invitations: 1,
      attempts: 1,
    });
    const scores = await t.db
      .selectFrom('anonymous_scores')
      .selectAll()
      .where('organization_id', '=', org.id)
      .execute();
    expect(scores).toEqual([
      expect.objectContaining({ test_version_id: test.versionId, score: 73, graded_on: '2026-03-02' }),
    ]);

    // The other candidate keeps their record, invitation and mail.
    const kept = await t.send(org.as.admin, 'GET', `/api/orgs/${org.id}/candidates`);
    expect(kept.json<{ items: { email: string }[] }>().items.map((c) => c.email)).toEqual([
      'grace.hopper@example.test',
    ]);
    const keptMails = await t.db
      .selectFrom('mails')
      .select('id')
      .where('to_address', '=', 'grace.hopper@example.test')
      .execute();
    expect(keptMails).toHaveLength(1);

    // Closed (the last connection checkpoints and removes the WAL): still nothing.
    await t.stop();
    expect(grepTree(t.dataDir, canary)).toEqual([]);
  });
});
