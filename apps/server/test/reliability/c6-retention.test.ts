import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrganizationSettingsSchema } from '@assay/contracts';
import { newId } from '../../src/platform/crypto/index.js';
import { testDialect } from '../support/test-db.js';
import { seedTakeHome } from '../data-rights/candidate-factories.js';
import {
  buildDataRightsApp,
  newCanary,
  rowsContaining,
  type DataRightsApp,
} from '../data-rights/data-rights-app.js';

const DAY = 86_400_000;
const T0 = new Date('2026-03-02T09:00:00.000Z');

/**
 * C6: with a retention period, the daily sweep erases exactly the candidates whose record and
 * invitations have been idle longer than the period and who have nothing in progress; a rerun
 * changes nothing; a crash between the erasure and the repository removal is finished by the
 * removal job. Injected clock throughout.
 */
describe(`C6 candidate retention (${testDialect})`, () => {
  let t: DataRightsApp;
  beforeAll(async () => {
    t = await buildDataRightsApp(T0);
  });
  afterAll(async () => {
    await t.close();
  });

  const at = (days: number) => t.clock.set(new Date(T0.getTime() + days * DAY));

  it('validates the retention period in the organization settings (admin; 30–3650 days or none)', async () => {
    const org = await t.organization();
    const url = `/api/orgs/${org.id}/settings`;
    const initial = await t.send(org.as.admin, 'GET', url);
    expect(OrganizationSettingsSchema.parse(initial.json()).candidateRetentionDays).toBeNull();
    for (const bad of [29, 3651, 45.5, '90']) {
      const res = await t.send(org.as.admin, 'PATCH', url, { candidateRetentionDays: bad });
      expect(res.statusCode, String(bad)).toBe(400);
      expect(res.json<{ error: { code: string } }>().error.code).toBe('request.invalid');
    }
    expect((await t.send(org.as.recruiter, 'PATCH', url, { candidateRetentionDays: 90 })).statusCode).toBe(
      403,
    );
    const set = await t.send(org.as.admin, 'PATCH', url, { candidateRetentionDays: 90 });
    expect(set.statusCode).toBe(200);
    expect(OrganizationSettingsSchema.parse(set.json()).candidateRetentionDays).toBe(90);
    // Branding and the period are independent fields of the same form.
    const branding = await t.send(org.as.admin, 'PATCH', url, { accentColor: '#112233', logoUrl: null });
    expect(OrganizationSettingsSchema.parse(branding.json())).toMatchObject({
      accentColor: '#112233',
      candidateRetentionDays: 90,
    });
    const cleared = await t.send(org.as.owner, 'PATCH', url, { candidateRetentionDays: null });
    expect(OrganizationSettingsSchema.parse(cleared.json()).candidateRetentionDays).toBeNull();
  });

  it('erases only candidates idle past the period with nothing in progress; reruns change nothing', async () => {
    at(0);
    const org = await t.organization();
    const keeper = await t.organization(); // no retention period: keeps everything
    const set = await t.send(org.as.admin, 'PATCH', `/api/orgs/${org.id}/settings`, {
      candidateRetentionDays: 30,
    });
    expect(set.statusCode).toBe(200);
    const test = await t.publishedTest(org.id);
    const keeperTest = await t.publishedTest(keeper.id);
    const invite = async (
      orgId: string,
      testId: string,
      recruiter: typeof org.as.recruiter,
      label: string,
    ) => {
      const canary = newCanary();
      const res = await t.send(recruiter, 'POST', `/api/orgs/${orgId}/invitations`, {
        testId,
        name: `${label} ${canary}`,
        email: `${canary}@example.test`,
      });
      expect(res.statusCode).toBe(201);
      const body = res.json<{ id: string; candidate: { id: string } }>();
      return { canary, invitationId: body.id, candidateId: body.candidate.id, name: `${label} ${canary}` };
    };

    // Day 0: a graded take-home (with a repository), an invitation that will lapse, one that
    // was started and is still in progress, and the same in the organization without retention.
    const graded = await invite(org.id, test.id, org.as.recruiter, 'Graded');
    const { attemptId } = await seedTakeHome(t, {
      organizationId: org.id,
      invitationId: graded.invitationId,
      candidateName: graded.name,
      canary: graded.canary,
      score: 81,
    });
    const lapsed = await invite(org.id, test.id, org.as.recruiter, 'Lapsed');
    const inProgress = await invite(org.id, test.id, org.as.recruiter, 'Started');
    await t.db
      .updateTable('invitations')
      .set({ status: 'started', started_at: t.clock.now().toISOString() })
      .where('id', '=', inProgress.invitationId)
      .execute();
    const elsewhere = await invite(keeper.id, keeperTest.id, keeper.as.recruiter, 'Elsewhere');
    await t.drain();

    // Day 8: the invitations sweep expires the lapsed invitation (its last activity).
    at(8);
    await t.drain();
    const lapsedRow = await t.db
      .selectFrom('invitations')
      .select(['status', 'updated_at'])
      .where('id', '=', lapsed.invitationId)
      .executeTakeFirstOrThrow();
    expect(lapsedRow.status).toBe('expired');

    // Day 20: a new candidate whose invitation lapses on day 28: fresh at day 39.
    at(20);
    const recruiter = await t.sessionFor(org.users.recruiter.id, org.id, false); // day-0 sessions timed out
    const fresh = await invite(org.id, test.id, recruiter, 'Fresh');
    at(28);
    await t.drain();

    // Day 29: nobody has been idle for 30 days yet (the graded candidate's last activity is day 0).
    at(29);
    await t.drain();
    expect(await candidateIds(org.id)).toEqual(
      [graded, lapsed, inProgress, fresh].map((c) => c.candidateId).sort(),
    );

    // Day 39: graded (idle since day 0) and lapsed (idle since day 8) are past 30 days.
    at(39);
    await t.drain();
    expect(await candidateIds(org.id)).toEqual([inProgress, fresh].map((c) => c.candidateId).sort());
    expect(await candidateIds(keeper.id)).toEqual([elsewhere.candidateId]);
    expect(await t.repos.exists(attemptId)).toBe(false);
    for (const gone of [graded, lapsed]) expect(await rowsContaining(t.db, gone.canary)).toEqual([]);
    expect(await rowsContaining(t.db, fresh.canary)).not.toEqual([]);
    const audit = await t.db
      .selectFrom('audit_events')
      .selectAll()
      .where('organization_id', '=', org.id)
      .where('action', '=', 'candidates.erased')
      .orderBy('subject_id')
      .execute();
    expect(audit.map((a) => a.subject_id)).toEqual([graded.candidateId, lapsed.candidateId].sort());
    for (const row of audit) {
      expect(row.actor_user_id).toBeNull();
      expect(JSON.parse(row.data)).toMatchObject({ reason: 'retention' });
    }
    const scores = await t.db
      .selectFrom('anonymous_scores')
      .select(['score', 'test_version_id'])
      .where('organization_id', '=', org.id)
      .execute();
    expect(scores).toEqual([{ score: 81, test_version_id: test.versionId }]);

    // Reruns (the next days' sweeps, and a duplicate run of today's) erase nothing more.
    await t.db.insertInto('jobs').values(sweepJob(t.clock.now().toISOString())).execute();
    at(40);
    await t.drain();
    at(41);
    await t.drain();
    expect(await candidateIds(org.id)).toEqual([inProgress, fresh].map((c) => c.candidateId).sort());
    const erasedAgain = await t.db
      .selectFrom('audit_events')
      .select('id')
      .where('organization_id', '=', org.id)
      .where('action', '=', 'candidates.erased')
      .execute();
    expect(erasedAgain).toHaveLength(2);

    // Day 59: the fresh candidate (idle since day 28) goes too; the started one never does.
    at(59);
    await t.drain();
    expect(await candidateIds(org.id)).toEqual([inProgress.candidateId]);
  });

  it('a crash after the erasure commit leaves the removal job, which removes the repository', async () => {
    const attemptId = newId();
    await t.repos.create(attemptId, [{ path: 'a.txt', data: Buffer.from('left behind') }], {
      message: 'orphan',
      author: { name: 'Assay', email: 'assay@example.test' },
      at: t.clock.now(),
    });
    const now = t.clock.now().toISOString();
    await t.db
      .insertInto('jobs')
      .values({
        id: newId(),
        name: 'data-rights.remove-attempt-files',
        payload: JSON.stringify({ attemptIds: [attemptId, newId()] }),
        organization_id: null,
        status: 'pending',
        attempt: 0,
        max_attempts: 5,
        run_at: now,
        lease_until: null,
        locked_by: null,
        last_error: null,
        dedupe_key: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await t.drain();
    expect(await t.repos.exists(attemptId)).toBe(false);
    const job = await t.db
      .selectFrom('jobs')
      .select('status')
      .where('name', '=', 'data-rights.remove-attempt-files')
      .where('payload', 'like', `%${attemptId}%`)
      .executeTakeFirstOrThrow();
    expect(job.status).toBe('done');
  });

  async function candidateIds(organizationId: string): Promise<string[]> {
    const rows = await t.db
      .selectFrom('candidates')
      .select('id')
      .where('organization_id', '=', organizationId)
      .execute();
    return rows.map((r) => r.id).sort();
  }

  function sweepJob(runAt: string) {
    return {
      id: newId(),
      name: 'data-rights.retention-sweep',
      payload: '{}',
      organization_id: null,
      status: 'pending' as const,
      attempt: 0,
      max_attempts: 5,
      run_at: runAt,
      lease_until: null,
      locked_by: null,
      last_error: null,
      dedupe_key: null,
      created_at: runAt,
      updated_at: runAt,
    };
  }
});
