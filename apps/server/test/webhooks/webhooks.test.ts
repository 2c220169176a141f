import { sql } from 'kysely';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type {
  CreatedWebhookEndpoint,
  RotatedWebhookSecret,
  WebhookDelivery,
  WebhookDeliveryList,
  WebhookEndpointList,
} from '@assay/contracts';
import { RETRY_SCHEDULE_MS, nextRetryDelayMs } from '../../src/modules/webhooks/index.js';
import { testDialect } from '../support/test-db.js';
import { buildOrganization, send, type Browser } from '../identity/identity-fixtures.js';
import { buildWebhookTestApp, startReceiver, type ReceivedRequest } from './webhook-app.js';

type TestApp = Awaited<ReturnType<typeof buildWebhookTestApp>>;
type Receiver = Awaited<ReturnType<typeof startReceiver>>;

/** Verify one received request with the official library, at the test clock's time (5 min tolerance). */
function verifies(secret: string, request: ReceivedRequest, at: Date): boolean {
  vi.setSystemTime(at);
  try {
    new Webhook(secret).verify(request.body, {
      'webhook-id': String(request.headers['webhook-id']),
      'webhook-timestamp': String(request.headers['webhook-timestamp']),
      'webhook-signature': String(request.headers['webhook-signature']),
    });
    return true;
  } catch {
    return false;
  }
}

describe(`outgoing webhooks (R4, R6, R10) (${testDialect})`, () => {
  let t: TestApp;
  let receiver: Receiver;
  let org: Awaited<ReturnType<typeof buildOrganization<'owner' | 'admin' | 'recruiter'>>>;
  let other: Awaited<ReturnType<typeof buildOrganization<'owner'>>>;
  let admin: Browser;

  beforeAll(async () => {
    // Only Date is faked (for the library's timestamp check); timers and sockets stay real.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date());
    t = await buildWebhookTestApp();
    receiver = await startReceiver();
    org = await buildOrganization(t.database.db, ['owner', 'admin', 'recruiter']);
    other = await buildOrganization(t.database.db, ['owner']);
  });
  afterAll(async () => {
    vi.useRealTimers();
    await receiver.close();
    await t.close();
  });
  afterEach(() => {
    receiver.received.length = 0;
    receiver.setDefault({ status: 204 });
  });

  const base = () => `/api/orgs/${org.id}/webhooks`;

  async function freshAdmin(): Promise<Browser> {
    admin = await t.sessionFor(org.users.admin.id, org.id);
    return admin;
  }

  async function createEndpoint(events: string[], path = '/hook'): Promise<CreatedWebhookEndpoint> {
    const res = await send(t.app, await freshAdmin(), 'POST', base(), {
      url: `${receiver.url}${path}`,
      events,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<CreatedWebhookEndpoint>();
  }

  function publish(type: 'invitation.created' | 'report.ready', data: Record<string, unknown>) {
    return t.database.db
      .transaction()
      .execute((trx) => t.webhooks.publishEvent(trx, { organizationId: org.id, type, data }));
  }

  async function deliveries(endpointId: string): Promise<WebhookDelivery[]> {
    const res = await send(t.app, await freshAdmin(), 'GET', `${base()}/${endpointId}/deliveries`);
    expect(res.statusCode).toBe(200);
    return res.json<WebhookDeliveryList>().items;
  }

  it('validates URLs with the SSRF guard at save time', async () => {
    for (const url of [
      'http://169.254.169.254/latest',
      'file:///etc/passwd',
      'http://10.0.0.1/',
      'http://user:pw@example.com/',
    ]) {
      const res = await send(t.app, await freshAdmin(), 'POST', base(), { url, events: ['report.ready'] });
      expect(res.statusCode, url).toBe(400);
      expect(res.json<{ error: { code: string } }>().error.code).toBe('webhooks.invalid_url');
    }
  });

  it('shows the secret once and stores it sealed; create needs re-auth', async () => {
    const stale = await t.sessionFor(org.users.admin.id, org.id);
    await t.database.db.updateTable('sessions').set({ reauth_at: null }).execute();
    const refused = await send(t.app, stale, 'POST', base(), {
      url: `${receiver.url}/x`,
      events: ['report.ready'],
    });
    expect(refused.statusCode).toBe(403);
    const created = await createEndpoint(['report.ready']);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const list = await send(t.app, admin, 'GET', base());
    expect(list.body).not.toContain(created.secret);
    expect(list.json<WebhookEndpointList>().items.map((e) => e.id)).toContain(created.endpoint.id);
    const rows = await sql<Record<string, unknown>>`select * from webhook_endpoints`.execute(t.database.db);
    const dump = JSON.stringify(rows.rows);
    expect(dump).not.toContain(created.secret);
    expect(dump).not.toContain(created.secret.slice(6));
    await send(t.app, await freshAdmin(), 'PATCH', `${base()}/${created.endpoint.id}`, { enabled: false });
  });

  it('signs every delivery the Standard Webhooks way; the library verifies 100%; filters by event', async () => {
    const reports = await createEndpoint(['report.ready'], '/reports');
    const invites = await createEndpoint(['invitation.created'], '/invites');
    for (let i = 0; i < 10; i++) {
      expect(await publish('report.ready', { reportId: `r${i}`, score: i })).toBeGreaterThanOrEqual(1);
    }
    expect(await publish('invitation.created', { invitationId: 'i1' })).toBeGreaterThanOrEqual(1);
    await t.drain();
    const toReports = receiver.received.filter((r) => r.path === '/reports');
    const toInvites = receiver.received.filter((r) => r.path === '/invites');
    expect(toReports).toHaveLength(10);
    expect(toInvites).toHaveLength(1);
    for (const r of toReports) {
      expect(verifies(reports.secret, r, t.clock.now())).toBe(true);
      expect(verifies(invites.secret, r, t.clock.now())).toBe(false);
      expect(r.headers['content-type']).toBe('application/json');
      const body = JSON.parse(r.body) as { type: string; timestamp: string; data: { reportId: string } };
      expect(body.type).toBe('report.ready');
      expect(body.data.reportId).toMatch(/^r\d$/);
    }
    expect(verifies(invites.secret, toInvites[0] as ReceivedRequest, t.clock.now())).toBe(true);
    // A tampered body fails.
    const tampered = { ...(toReports[0] as ReceivedRequest), body: '{"type":"report.ready","data":{}}' };
    expect(verifies(reports.secret, tampered, t.clock.now())).toBe(false);
    const log = await deliveries(reports.endpoint.id);
    expect(log).toHaveLength(10);
    expect(
      log.every((d) => d.status === 'delivered' && d.attempts === 1 && d.lastResponseStatus === 204),
    ).toBe(true);
    expect(new Set(toReports.map((r) => r.headers['webhook-id']))).toEqual(
      new Set(log.map((d) => d.messageId)),
    );
    await send(t.app, await freshAdmin(), 'PATCH', `${base()}/${invites.endpoint.id}`, { enabled: false });
    await send(t.app, await freshAdmin(), 'PATCH', `${base()}/${reports.endpoint.id}`, { enabled: false });
  });

  it('signs with the old and the new secret during rotation, then with the new one only (R10)', async () => {
    const created = await createEndpoint(['report.ready'], '/rotating');
    const rotated = await send(
      t.app,
      await freshAdmin(),
      'POST',
      `${base()}/${created.endpoint.id}/rotate-secret`,
      {},
    );
    expect(rotated.statusCode).toBe(200);
    const { secret: newSecret } = rotated.json<RotatedWebhookSecret>();
    expect(newSecret).not.toBe(created.secret);
    await publish('report.ready', { reportId: 'rot' });
    await t.drain();
    const during = receiver.received.filter((r) => r.path === '/rotating');
    expect(during).toHaveLength(1);
    const request = during[0] as ReceivedRequest;
    expect(String(request.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verifies(created.secret, request, t.clock.now())).toBe(true);
    expect(verifies(newSecret, request, t.clock.now())).toBe(true);

    t.clock.advance(24 * 3600_000 + 1000);
    receiver.received.length = 0;
    await publish('report.ready', { reportId: 'after' });
    await t.drain();
    const after = receiver.received.filter((r) => r.path === '/rotating')[0] as ReceivedRequest;
    expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(verifies(newSecret, after, t.clock.now())).toBe(true);
    expect(verifies(created.secret, after, t.clock.now())).toBe(false);
    await send(t.app, await freshAdmin(), 'PATCH', `${base()}/${created.endpoint.id}`, { enabled: false });
  });

  it('classifies answers (R4): 2xx delivered, 3xx/429/5xx retried, other 4xx dead, 410 dead + endpoint disabled', async () => {
    const cases: { status: number; expected: WebhookDelivery['status'] }[] = [
      { status: 200, expected: 'delivered' },
      { status: 202, expected: 'delivered' },
      { status: 301, expected: 'failed' },
      { status: 302, expected: 'failed' },
      { status: 408, expected: 'failed' },
      { status: 429, expected: 'failed' },
      { status: 500, expected: 'failed' },
      { status: 502, expected: 'failed' },
      { status: 503, expected: 'failed' },
      { status: 504, expected: 'failed' },
      { status: 400, expected: 'dead' },
      { status: 401, expected: 'dead' },
      { status: 404, expected: 'dead' },
      { status: 422, expected: 'dead' },
      { status: 410, expected: 'dead' },
    ];
    for (const { status, expected } of cases) {
      const endpoint = await createEndpoint(['report.ready'], `/status-${status}`);
      receiver.respond({
        status,
        headers: status >= 300 && status < 400 ? { location: '/elsewhere' } : {},
        body: `answer ${status}`,
      });
      await publish('report.ready', { status });
      await t.drain();
      const [delivery] = await deliveries(endpoint.endpoint.id);
      expect(delivery?.status, String(status)).toBe(expected);
      expect(delivery?.lastResponseStatus).toBe(status);
      expect(delivery?.lastResponseBody).toBe(`answer ${status}`);
      const list = (await send(t.app, admin, 'GET', base())).json<WebhookEndpointList>().items;
      const stored = list.find((e) => e.id === endpoint.endpoint.id);
      expect(stored?.enabled, String(status)).toBe(status !== 410);
      if (status === 410) expect(stored?.disabledReason).toMatch(/410/);
      await send(t.app, await freshAdmin(), 'PATCH', `${base()}/${endpoint.endpoint.id}`, { enabled: false });
    }
    // 3xx is never followed.
    expect(receiver.received.some((r) => r.path === '/elsewhere')).toBe(false);
  });

  it('retries on the Standard Webhooks schedule with jitter and Retry-After, then dead; Retry reuses the message id (R6)', async () => {
    const endpoint = await createEndpoint(['report.ready'], '/flaky');
    receiver.setDefault({ status: 503 });
    await publish('report.ready', { reportId: 'flaky' });
    await t.drain();
    const seen: ReceivedRequest[] = [...receiver.received];
    for (let attempt = 1; attempt < RETRY_SCHEDULE_MS.length; attempt++) {
      const [delivery] = await deliveries(endpoint.endpoint.id);
      expect(delivery).toMatchObject({ status: 'failed', attempts: attempt });
      const delay = new Date(delivery?.nextAttemptAt ?? 0).getTime() - t.clock.now().getTime();
      const planned = RETRY_SCHEDULE_MS[attempt] ?? 0;
      expect(delay).toBeGreaterThanOrEqual(Math.floor(planned * 0.9));
      expect(delay).toBeLessThanOrEqual(Math.ceil(planned * 1.1));
      // Not before its time.
      receiver.received.length = 0;
      if (delay > 1000) {
        t.clock.advance(delay - 1000);
        await t.drain();
        expect(receiver.received).toHaveLength(0);
        t.clock.advance(1000);
      } else {
        t.clock.advance(delay);
      }
      await t.drain();
      expect(receiver.received).toHaveLength(1);
      seen.push(...receiver.received);
    }
    expect(seen).toHaveLength(RETRY_SCHEDULE_MS.length);
    const [dead] = await deliveries(endpoint.endpoint.id);
    expect(dead).toMatchObject({
      status: 'dead',
      attempts: RETRY_SCHEDULE_MS.length,
      lastResponseStatus: 503,
    });
    expect(new Set(seen.map((r) => r.headers['webhook-id']))).toEqual(new Set([dead?.messageId]));
    expect(new Set(seen.map((r) => r.headers['webhook-timestamp'])).size).toBe(seen.length);
    expect(new Set(seen.map((r) => r.body)).size).toBe(1);
    // Owners and admins are told (R6), once.
    const notices = await t.database.db
      .selectFrom('mails')
      .select(['to_address', 'text_body'])
      .where('organization_id', '=', org.id)
      .where('kind', '=', 'webhooks.delivery-dead')
      .execute();
    const aboutFlaky = notices.filter((m) => m.text_body.includes('/flaky'));
    expect(aboutFlaky.map((m) => m.to_address).sort()).toEqual(
      [org.users.admin.email, org.users.owner.email].sort(),
    );

    // Other organizations cannot see or retry it; a recruiter cannot.
    const foreign = await t.sessionFor(other.users.owner.id, other.id);
    const retryUrl = (orgId: string) => `/api/orgs/${orgId}/webhooks/deliveries/${dead?.id ?? ''}/retry`;
    expect((await send(t.app, foreign, 'POST', retryUrl(other.id), {})).statusCode).toBe(404);
    expect((await send(t.app, foreign, 'POST', retryUrl(org.id), {})).statusCode).toBe(404);
    const recruiter = await t.sessionFor(org.users.recruiter.id, org.id);
    expect((await send(t.app, recruiter, 'POST', retryUrl(org.id), {})).statusCode).toBe(403);

    receiver.setDefault({ status: 200 });
    receiver.received.length = 0;
    const retried = await send(t.app, await freshAdmin(), 'POST', retryUrl(org.id), {});
    expect(retried.statusCode).toBe(202);
    await t.drain();
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]?.headers['webhook-id']).toBe(dead?.messageId);
    expect(verifies(endpoint.secret, receiver.received[0] as ReceivedRequest, t.clock.now())).toBe(true);
    const [done] = await deliveries(endpoint.endpoint.id);
    expect(done?.status).toBe('delivered');
    expect((await send(t.app, await freshAdmin(), 'POST', retryUrl(org.id), {})).statusCode).toBe(409);
    await send(t.app, await freshAdmin(), 'PATCH', `${base()}/${endpoint.endpoint.id}`, { enabled: false });
  });

  it('honours Retry-After and computes the schedule', async () => {
    const endpoint = await createEndpoint(['report.ready'], '/throttled');
    receiver.respond({ status: 429, headers: { 'retry-after': '7200' } });
    await publish('report.ready', {});
    await t.drain();
    const [delivery] = await deliveries(endpoint.endpoint.id);
    const delay = new Date(delivery?.nextAttemptAt ?? 0).getTime() - t.clock.now().getTime();
    expect(delay).toBe(7200_000);
    expect(nextRetryDelayMs(1, null, () => 0.5)).toBe(5000);
    expect(nextRetryDelayMs(1, null, () => 0)).toBe(4500);
    expect(nextRetryDelayMs(1, null, () => 1)).toBe(5500);
    expect(nextRetryDelayMs(RETRY_SCHEDULE_MS.length, null)).toBeNull();
    expect(nextRetryDelayMs(1, 48 * 3600_000, () => 0.5)).toBe(24 * 3600_000);
    await send(t.app, await freshAdmin(), 'PATCH', `${base()}/${endpoint.endpoint.id}`, { enabled: false });
  });

  it('test-sends to one endpoint and deletes endpoints; other organizations get 404', async () => {
    const endpoint = await createEndpoint(['invitation.created'], '/test-send');
    const res = await send(t.app, await freshAdmin(), 'POST', `${base()}/${endpoint.endpoint.id}/test`, {});
    expect(res.statusCode).toBe(202);
    expect(res.json<WebhookDelivery>().eventType).toBe('webhook.test');
    await t.drain();
    const got = receiver.received.filter((r) => r.path === '/test-send');
    expect(got).toHaveLength(1);
    expect(verifies(endpoint.secret, got[0] as ReceivedRequest, t.clock.now())).toBe(true);
    const foreign = await t.sessionFor(other.users.owner.id, other.id);
    expect(
      (await send(t.app, foreign, 'GET', `/api/orgs/${other.id}/webhooks/${endpoint.endpoint.id}/deliveries`))
        .statusCode,
    ).toBe(404);
    expect(
      (await send(t.app, foreign, 'DELETE', `/api/orgs/${org.id}/webhooks/${endpoint.endpoint.id}`))
        .statusCode,
    ).toBe(404);
    expect(
      (await send(t.app, await freshAdmin(), 'DELETE', `${base()}/${endpoint.endpoint.id}`)).statusCode,
    ).toBe(204);
    expect(
      (await send(t.app, admin, 'GET', base())).json<WebhookEndpointList>().items.map((e) => e.id),
    ).not.toContain(endpoint.endpoint.id);
  });
});
