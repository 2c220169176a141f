import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEventList, FailedJobList, MailDetail, MailLog } from '@assay/contracts';
import { newId } from '../../src/platform/crypto/index.js';
import { createMailQueue } from '../../src/platform/mail/index.js';
import { recordAuditEvent } from '../../src/modules/audit/index.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';
import { testDialect } from '../support/test-db.js';
import { buildOrganization, login, type Browser } from '../identity/identity-fixtures.js';

describe(`admin views: mail log, audit log, failed jobs (${testDialect})`, () => {
  let t: TestApp;
  let org: Awaited<ReturnType<typeof buildOrganization<'owner' | 'admin' | 'recruiter' | 'reviewer'>>>;
  let other: Awaited<ReturnType<typeof buildOrganization<'owner'>>>;
  let admin: Browser;
  let reviewer: Browser;
  let mailId = '';
  let otherMailId = '';
  const deadJobId = newId();
  const otherDeadJobId = newId();

  const get = (who: Browser | null, url: string) =>
    t.app.inject({ method: 'GET', url, headers: who ? { cookie: who.cookie } : {} });
  const post = (who: Browser, url: string) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'content-type': 'application/json' },
      payload: {},
    });

  beforeAll(async () => {
    t = await buildTestApp();
    const { db } = t.database;
    org = await buildOrganization(db, ['owner', 'admin', 'recruiter', 'reviewer']);
    other = await buildOrganization(db, ['owner']);
    admin = await login(t.app, org.users.admin.email);
    reviewer = await login(t.app, org.users.reviewer.email);
    const noQueue = { enqueue: () => Promise.resolve() };
    mailId = (
      await createMailQueue({ queue: noQueue, clock: t.clock }).queueMail(db, {
        organizationId: org.id,
        to: 'cand@example.com',
        kind: 'invitations.invite',
        subject: 'Your test',
        text: 'Open https://x.test/i/tok',
        html: '<p>Open</p>',
      })
    ).mailId;
    otherMailId = (
      await createMailQueue({ queue: noQueue, clock: t.clock }).queueMail(db, {
        organizationId: other.id,
        to: 'x@example.com',
        kind: 'k',
        subject: 'Other org',
        text: 't',
        html: 'h',
      })
    ).mailId;
    await recordAuditEvent(db, {
      organizationId: org.id,
      actorUserId: org.users.owner.id,
      action: 'members.role_changed',
      subjectType: 'user',
      subjectId: org.users.admin.id,
      data: { to: 'admin' },
      occurredAt: new Date('2026-01-02T00:00:00.000Z'),
    });
    const now = new Date().toISOString();
    for (const [id, organizationId] of [
      [deadJobId, org.id],
      [otherDeadJobId, other.id],
    ] as const) {
      await db
        .insertInto('jobs')
        .values({
          id,
          name: 'mail.send-message',
          payload: JSON.stringify({ mailId: 'missing' }),
          organization_id: organizationId,
          status: 'dead',
          attempt: 5,
          max_attempts: 5,
          run_at: now,
          lease_until: null,
          locked_by: null,
          last_error: 'SMTP 550: rejected',
          dedupe_key: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists the mail log without bodies and shows one mail with bodies', async () => {
    const list = await get(admin, `/api/orgs/${org.id}/admin/mails`);
    expect(list.statusCode).toBe(200);
    const body = list.json<MailLog>();
    expect(body.items).toEqual([
      expect.objectContaining({ id: mailId, to: 'cand@example.com', status: 'queued' }),
    ]);
    expect(JSON.stringify(body)).not.toContain('https://x.test/i/tok');
    const detail = await get(admin, `/api/orgs/${org.id}/admin/mails/${mailId}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.headers['cache-control']).toBe('no-store');
    expect(detail.json<MailDetail>()).toMatchObject({
      id: mailId,
      text: 'Open https://x.test/i/tok',
      html: '<p>Open</p>',
    });
  });

  it('lists the audit log with filters', async () => {
    const res = await get(
      admin,
      `/api/orgs/${org.id}/admin/audit-events?action=members.role_changed&limit=10`,
    );
    expect(res.statusCode).toBe(200);
    expect(res.json<AuditEventList>().items).toEqual([
      expect.objectContaining({ action: 'members.role_changed', data: { to: 'admin' } }),
    ]);
    const none = await get(admin, `/api/orgs/${org.id}/admin/audit-events?action=identity.login`);
    expect(none.json<AuditEventList>().items).toEqual([]);
    expect((await get(admin, `/api/orgs/${org.id}/admin/audit-events?limit=0`)).statusCode).toBe(400);
  });

  it('lists failed jobs and retries one, recording it in the audit log', async () => {
    const res = await get(admin, `/api/orgs/${org.id}/admin/failed-jobs`);
    expect(res.json<FailedJobList>().items).toEqual([
      expect.objectContaining({ id: deadJobId, name: 'mail.send-message', lastError: 'SMTP 550: rejected' }),
    ]);
    expect(
      (await post(admin, `/api/orgs/${org.id}/admin/failed-jobs/${otherDeadJobId}/retry`)).statusCode,
    ).toBe(404);
    const retry = await post(admin, `/api/orgs/${org.id}/admin/failed-jobs/${deadJobId}/retry`);
    expect(retry.statusCode).toBe(204);
    expect((await get(admin, `/api/orgs/${org.id}/admin/failed-jobs`)).json<FailedJobList>().items).toEqual(
      [],
    );
    expect((await post(admin, `/api/orgs/${org.id}/admin/failed-jobs/${deadJobId}/retry`)).statusCode).toBe(
      404,
    );
    const audit = await get(admin, `/api/orgs/${org.id}/admin/audit-events?action=admin.job_retried`);
    expect(audit.json<AuditEventList>().items).toEqual([
      expect.objectContaining({ subjectId: deadJobId, actorUserId: org.users.admin.id }),
    ]);
  });

  it('refuses anonymous (401), below admin (403) and other organizations (404)', async () => {
    for (const path of ['mails', `mails/${mailId}`, 'audit-events', 'failed-jobs']) {
      expect((await get(null, `/api/orgs/${org.id}/admin/${path}`)).statusCode).toBe(401);
      expect((await get(reviewer, `/api/orgs/${org.id}/admin/${path}`)).statusCode).toBe(403);
      expect((await get(admin, `/api/orgs/${other.id}/admin/${path}`)).statusCode).toBe(404);
    }
    expect(
      (await post(reviewer, `/api/orgs/${org.id}/admin/failed-jobs/${deadJobId}/retry`)).statusCode,
    ).toBe(403);
    // Another organization's mail through our organization's URL: 404, not its content.
    const foreign = await get(admin, `/api/orgs/${org.id}/admin/mails/${otherMailId}`);
    expect(foreign.statusCode).toBe(404);
  });

  it('has no routes that change or delete audit events (append-only)', async () => {
    for (const method of ['PATCH', 'PUT', 'DELETE'] as const) {
      const res = await t.app.inject({
        method,
        url: `/api/orgs/${org.id}/admin/audit-events`,
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json' },
        payload: {},
      });
      expect(res.statusCode).toBe(404);
    }
  });
});
