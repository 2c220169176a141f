import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedWebhookEndpoint, Invitation, InvitationWebhookData } from '@assay/contracts';
import { InvitationWebhookDataSchema } from '@assay/contracts';
import { testDialect } from '../support/test-db.js';
import { buildApiTestApp, PUBLIC_URL, type ApiTestApp } from '../public-api/api-harness.js';
import { startReceiver, type ReceivedRequest } from './webhook-app.js';

type Receiver = Awaited<ReturnType<typeof startReceiver>>;
type Org = Awaited<ReturnType<ApiTestApp['organization']>>;

interface Event {
  type: string;
  timestamp: string;
  data: InvitationWebhookData;
}

describe(`invitation webhook events (${testDialect})`, () => {
  let t: ApiTestApp;
  let receiver: Receiver;
  let org: Org;
  let other: Org;
  let all: CreatedWebhookEndpoint;
  let reportsOnly: CreatedWebhookEndpoint;
  let testId: string;
  let n = 0;

  beforeAll(async () => {
    t = await buildApiTestApp();
    receiver = await startReceiver();
    org = await t.organization();
    other = await t.organization();
    testId = (await t.publishedTest(org.id, { name: 'Backend take-home' })).id;
    all = await createEndpoint(org, '/all', [
      'invitation.created',
      'invitation.started',
      'invitation.submitted',
      'invitation.expired',
      'invitation.revoked',
      'report.ready',
    ]);
    reportsOnly = await createEndpoint(org, '/reports', ['report.ready']);
    // Another organization's endpoint hears nothing of this one's invitations.
    await createEndpoint(other, '/other', ['invitation.created', 'invitation.revoked', 'report.ready']);
  });
  afterAll(async () => {
    await receiver.close();
    await t.close();
  });
  afterEach(() => {
    receiver.received.length = 0;
  });

  async function createEndpoint(o: Org, path: string, events: string[]): Promise<CreatedWebhookEndpoint> {
    const res = await t.send(o.as.admin, 'POST', `/api/orgs/${o.id}/webhooks`, {
      url: `${receiver.url}${path}`,
      events,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<CreatedWebhookEndpoint>();
  }

  /** Verify with the official library (the clock runs at real time) and parse. */
  function verified(secret: string, request: ReceivedRequest): Event {
    const payload = new Webhook(secret).verify(request.body, {
      'webhook-id': String(request.headers['webhook-id']),
      'webhook-timestamp': String(request.headers['webhook-timestamp']),
      'webhook-signature': String(request.headers['webhook-signature']),
    }) as Event;
    InvitationWebhookDataSchema.strict().parse(payload.data);
    return payload;
  }

  const at = (path: string) => receiver.received.filter((r) => r.path === path);

  async function inviteByWeb(): Promise<Invitation & { email: string }> {
    const email = `cand${String(++n)}@example.test`;
    const res = await t.send(org.as.recruiter, 'POST', `/api/orgs/${org.id}/invitations`, {
      testId,
      name: 'Ada Lovelace',
      email,
    });
    expect(res.statusCode, res.body).toBe(201);
    return { ...res.json<Invitation>(), email };
  }

  it('invitation.created and invitation.revoked reach a subscribed endpoint, signed, without the candidate email or name', async () => {
    const invitation = await inviteByWeb();
    const cancel = await t.send(
      org.as.recruiter,
      'POST',
      `/api/orgs/${org.id}/invitations/${invitation.id}/cancel`,
      {},
    );
    expect(cancel.statusCode, cancel.body).toBe(200);
    await t.drain();

    const events = at('/all').map((r) => verified(all.secret, r));
    expect(events.map((e) => e.type)).toEqual(['invitation.created', 'invitation.revoked']);
    const [created, revoked] = events;
    expect(created?.data).toMatchObject({
      invitationId: invitation.id,
      organizationId: org.id,
      candidateId: invitation.candidate.id,
      test: { id: testId, name: 'Backend take-home', versionId: invitation.test.versionId },
      status: 'invited',
      score: null,
      reportUrl: `${PUBLIC_URL}/reports/${invitation.id}`,
      cancelledAt: null,
    });
    expect(revoked?.data).toMatchObject({ invitationId: invitation.id, status: 'cancelled' });
    expect(revoked?.data.cancelledAt).not.toBeNull();
    for (const r of at('/all')) {
      expect(r.body).not.toContain(invitation.email);
      expect(r.body).not.toContain('Ada Lovelace');
    }
    // Filtered out: the report.ready-only endpoint and the other organization's endpoint.
    expect(at('/reports')).toEqual([]);
    expect(at('/other')).toEqual([]);
  });

  it('started, submitted and graded publish invitation.started, invitation.submitted and report.ready with the score', async () => {
    const inv = await t.stages.inviteCandidate(
      { userId: org.users.recruiter.id, role: 'recruiter' },
      org.id,
      {
        testId,
        name: 'Grace Hopper',
        email: `cand${String(++n)}@example.test`,
      },
    );
    await t.stages.markStarted(inv.id);
    await t.stages.markSubmitted(inv.id);
    await t.stages.markGraded(inv.id, 87.5);
    await t.drain();

    const events = at('/all').map((r) => verified(all.secret, r));
    expect(events.map((e) => e.type)).toEqual([
      'invitation.created',
      'invitation.started',
      'invitation.submitted',
      'report.ready',
    ]);
    const ready = events[3];
    expect(ready?.data).toMatchObject({
      invitationId: inv.id,
      status: 'graded',
      score: 87.5,
      reportUrl: `${PUBLIC_URL}/reports/${inv.id}`,
    });
    expect(ready?.data.startedAt).not.toBeNull();
    expect(ready?.data.submittedAt).not.toBeNull();
    expect(ready?.data.gradedAt).not.toBeNull();
    expect(ready?.data.rescored).toBeUndefined();

    const onlyReports = at('/reports').map((r) => verified(reportsOnly.secret, r));
    expect(onlyReports.map((e) => e.type)).toEqual(['report.ready']);
    expect(at('/other')).toEqual([]);

    // A re-grade or an override: report.ready again, marked as rescored.
    receiver.received.length = 0;
    await t.db.transaction().execute((trx) => t.stages.updateScore(trx, inv.id, 92, { override: true }));
    await t.drain();
    const again = at('/all').map((r) => verified(all.secret, r));
    expect(again.map((e) => [e.type, e.data.score, e.data.rescored])).toEqual([['report.ready', 92, true]]);
  });

  it('internal changes (sent, opened, extended) publish nothing; a rolled-back change publishes nothing', async () => {
    const inv = await inviteByWeb();
    await t.drain(); // sends the invitation mail (invitations.sent)
    receiver.received.length = 0;
    const res = await t.send(
      org.as.recruiter,
      'POST',
      `/api/orgs/${org.id}/invitations/${inv.id}/extend-time`,
      { minutes: 15 },
    );
    expect(res.statusCode, res.body).toBe(200);
    // markSubmitted from `invited` is refused: nothing is published for it.
    await expect(t.stages.markSubmitted(inv.id)).rejects.toMatchObject({ code: 'invitations.invalid_state' });
    await t.drain();
    expect(receiver.received).toEqual([]);
    const deliveries = await t.db
      .selectFrom('webhook_deliveries')
      .select('event_type')
      .where('endpoint_id', '=', all.endpoint.id)
      .where('payload', 'like', `%${inv.id}%`)
      .execute();
    expect(deliveries.map((d) => d.event_type)).toEqual(['invitation.created']);
  });

  it('the expiry sweep publishes invitation.expired', async () => {
    const inv = await inviteByWeb();
    await t.drain();
    receiver.received.length = 0;
    t.clock.advance(8 * 86_400_000);
    try {
      await t.stages.sweep();
      await t.drain();
    } finally {
      t.clock.advance(-8 * 86_400_000);
    }
    const bodies = at('/all').map((r) => JSON.parse(r.body) as Event);
    expect(bodies.filter((e) => e.data.invitationId === inv.id).map((e) => [e.type, e.data.status])).toEqual([
      ['invitation.expired', 'expired'],
    ]);
  });
});
