import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { createReportsModule, type RegradePort, type ReportActor } from '../../src/modules/reports/index.js';
import { createManualClock } from '../../src/platform/clock/index.js';
import { buildOrganization } from '../identity/identity-fixtures.js';
import { createTestDatabase, testDialect, type TestDatabase } from '../support/test-db.js';
import { criterion, makeAttempt, makeGrading, makeReportInvitation } from './report-factories.js';

/** The reports service with fake grading and invitation ports that record their calls. */
describe(`reports service: re-grade through the grading port (${testDialect})`, () => {
  let database: TestDatabase;
  const clock = createManualClock(new Date('2026-03-02T09:00:00.000Z'));
  const regrades: { actor: ReportActor; organizationId: string; invitationId: string }[] = [];
  const grading: RegradePort = {
    regrade(actor, organizationId, invitationId) {
      regrades.push({ actor, organizationId, invitationId });
      return Promise.resolve({ gradingId: 'g2', number: 2 });
    },
  };
  const scores: number[] = [];
  let reports: ReturnType<typeof createReportsModule>['service'];

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = loadConfig({
      DATA_DIR: mkdtempSync(join(tmpdir(), 'assay-reports-svc-')),
      LOG_LEVEL: 'silent',
      PUBLIC_URL: 'https://assay.example.test/',
    });
    reports = createReportsModule({
      db: database.db,
      clock,
      config,
      grading,
      invitations: {
        updateScore: (_trx, _id, score) => {
          scores.push(score);
          return Promise.resolve();
        },
      },
    }).service;
  });
  afterAll(async () => {
    await database.destroy();
  });

  it('asks the grading module to re-grade a submitted attempt and answers the report (a pending run keeps the scores)', async () => {
    const org = await buildOrganization(database.db, []);
    const at = new Date('2026-03-02T07:00:00.000Z');
    const inv = await makeReportInvitation(database.db, org.id, { status: 'submitted', at });
    const ref = { id: inv.id, organizationId: org.id, testVersionId: inv.test.versionId };
    const attemptId = await makeAttempt(database.db, ref, {
      at,
      initialCommit: '1'.repeat(40),
      headCommit: '2'.repeat(40),
      submittedCommit: '2'.repeat(40),
    });
    await makeGrading(database.db, ref, attemptId, { at, criteria: [criterion('a', 1, 0.5)] });
    const recruiter = { userId: null, role: 'recruiter' as const };

    await expect(reports.regrade({ userId: null, role: 'reviewer' }, org.id, inv.id)).rejects.toMatchObject({
      code: 'auth.forbidden',
    });
    expect(regrades).toEqual([]);
    await reports.regrade(recruiter, org.id, inv.id);
    expect(regrades).toEqual([{ actor: recruiter, organizationId: org.id, invitationId: inv.id }]);

    // What the grading module then stores: run #2, pending. The report keeps run #1's scores.
    await makeGrading(database.db, ref, attemptId, { at, number: 2, status: 'pending' });
    const report = await reports.getReport(org.id, inv.id);
    expect(report.grading).toMatchObject({ status: 'pending', number: 2, automaticScore: 50, score: 50 });
    expect(report.criteria.map((c) => c.id)).toEqual(['a']);
    expect(report.timeline.map((e) => e.kind)).toContain('regrade');
    expect(reports.reportUrl(inv.id)).toBe(`https://assay.example.test/reports/${inv.id}`);

    // Another organization's invitation: not found, and no call.
    const otherOrg = await buildOrganization(database.db, []);
    await expect(reports.regrade(recruiter, otherOrg.id, inv.id)).rejects.toMatchObject({
      code: 'resource.not_found',
    });
    expect(regrades).toHaveLength(1);
  });

  it('the code view without a repository store is a clear 503, not a crash', async () => {
    const org = await buildOrganization(database.db, []);
    const at = new Date('2026-03-02T07:00:00.000Z');
    const inv = await makeReportInvitation(database.db, org.id, { status: 'started', at });
    await makeAttempt(
      database.db,
      { id: inv.id, organizationId: org.id, testVersionId: inv.test.versionId },
      {
        at,
        initialCommit: '1'.repeat(40),
        headCommit: '2'.repeat(40),
      },
    );
    await expect(reports.code(org.id, inv.id)).rejects.toMatchObject({ code: 'service.unavailable' });
  });
});
