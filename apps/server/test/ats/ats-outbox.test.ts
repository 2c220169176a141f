import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  GIVE_UP_AFTER_MS,
  ORDER_PLACED,
  RETRY_CAP_MS,
  retryDelayMs,
  type AtsDeliveryOutcome,
} from '../../src/modules/ats/index.js';
import { testDialect } from '../support/test-db.js';
import { buildAtsApp, placeOrder, type AtsApp } from './ats-harness.js';

describe(`ATS delivery outbox: planning and delivering (${testDialect})`, () => {
  let t: AtsApp;
  let n = 0;
  beforeAll(async () => {
    t = await buildAtsApp('ats-outbox');
  });
  afterAll(() => t.close());
  beforeEach(() => {
    t.fake.script.length = 0;
    t.fake.state.policy = null;
    t.fake.state.plan = null;
    t.ats.setRandom(() => 0.5);
  });

  /** A new order (its own stream and candidate); returns the order and its rows getter. */
  async function order(email?: string) {
    n += 1;
    const result = await placeOrder(t, {
      orderKey: `https://ats.example.test/outbox/${String(n)}`,
      email: email ?? `outbox-${String(n)}@example.test`,
    });
    if (result.kind !== 'created' && result.kind !== 'rejected') throw new Error(result.kind);
    const rows = () =>
      t.db
        .selectFrom('ats_deliveries')
        .selectAll()
        .where('order_id', '=', result.order.id)
        .orderBy('sequence')
        .execute();
    return { result, rows };
  }

  /** A fresh session (the clock jumps days ahead in these tests). */
  const as = (role: 'admin' | 'recruiter') => t.sessionFor(t.org.users[role].id, t.org.id, true);
  const sentFor = (messageIds: string[]) => t.fake.sent.filter((s) => messageIds.includes(s.messageId));
  const retry = (extra: { afterMs?: number } = {}): AtsDeliveryOutcome => ({
    kind: 'retry',
    error: 'HTTP 503',
    status: 503,
    ...extra,
  });
  const deadMails = () =>
    t.db.selectFrom('mails').select(['id', 'to_address']).where('kind', '=', 'ats.delivery-dead').execute();

  it('backs off 5 s doubling with full jitter, capped at 1 h', () => {
    const half = () => 0.5;
    expect([1, 2, 3, 4, 5].map((a) => retryDelayMs(a, null, half))).toEqual([
      2500, 5000, 10_000, 20_000, 40_000,
    ]);
    expect(retryDelayMs(30, null, half)).toBe(RETRY_CAP_MS / 2);
    expect(retryDelayMs(30, null, () => 0.999_999)).toBeLessThan(RETRY_CAP_MS);
    expect(retryDelayMs(1, null, () => 0)).toBe(0);
    expect(retryDelayMs(1, 120_000, half)).toBe(120_000);
  });

  it('keeps each stream FIFO, retries on schedule, honours Retry-After, resends the same message', async () => {
    t.fake.script.push(retry());
    const start = t.clock.now().getTime();
    const { rows } = await order();
    await t.drain();
    let [ack, state] = await rows();
    expect(ack).toMatchObject({
      kind: 'ack',
      status: 'retry_scheduled',
      attempts: 1,
      last_error: 'HTTP 503',
    });
    expect(new Date(ack?.next_attempt_at ?? '').getTime() - start).toBe(2500);
    // The invitation mail went out meanwhile: its state waits behind the unsent ack.
    expect(state).toMatchObject({ kind: 'state', cause: 'invitations.sent', status: 'pending', attempts: 0 });

    t.fake.script.push(retry({ afterMs: 120_000 }));
    t.clock.advance(2500);
    await t.drain();
    [ack] = await rows();
    expect(ack).toMatchObject({ status: 'retry_scheduled', attempts: 2 });
    expect(new Date(ack?.next_attempt_at ?? '').getTime() - t.clock.now().getTime()).toBe(120_000);

    t.clock.advance(119_000);
    await t.drain();
    expect((await rows())[0]?.status).toBe('retry_scheduled');
    t.clock.advance(1000);
    await t.drain();
    [ack, state] = await rows();
    expect(ack).toMatchObject({ status: 'delivered', attempts: 3 });
    expect(state).toMatchObject({ status: 'delivered', attempts: 1 });
    const calls = sentFor([ack?.message_id ?? '', state?.message_id ?? '']);
    expect(calls.map((c) => [c.kind, c.attempt])).toEqual([
      ['ack', 1],
      ['ack', 2],
      ['ack', 3],
      ['state', 1],
    ]);
    expect(new Set(calls.filter((c) => c.kind === 'ack').map((c) => c.payload)).size).toBe(1);
    const connection = await t.core.connections.get('greenhouse', t.org.id);
    expect(connection).not.toBeNull();
    const row = await t.db
      .selectFrom('ats_connections')
      .select('last_outbound_at')
      .where('organization_id', '=', t.org.id)
      .where('provider', '=', 'greenhouse')
      .executeTakeFirstOrThrow();
    expect(row.last_outbound_at).toBe(t.clock.now().toISOString());
  });

  it('a newer state supersedes an unsent older one of the same stream', async () => {
    t.fake.state.policy = (c) => (c.delivery.cause === 'invitations.sent' ? retry() : { kind: 'delivered' });
    const { result, rows } = await order();
    await t.drain();
    expect((await rows()).map((r) => [r.kind, r.status])).toEqual([
      ['ack', 'delivered'],
      ['state', 'retry_scheduled'],
    ]);
    if (result.kind !== 'created') throw new Error('created expected');
    const cancel = await t.send(
      await as('recruiter'),
      'POST',
      `/api/orgs/${t.org.id}/invitations/${result.invitationId}/cancel`,
      {},
    );
    expect(cancel.statusCode).toBe(200);
    await t.drain();
    const after = await rows();
    expect(after.map((r) => [r.kind, r.cause, r.status])).toEqual([
      ['ack', 'ats.order_placed', 'delivered'],
      ['state', 'invitations.sent', 'superseded'],
      ['state', 'invitations.cancelled', 'delivered'],
    ]);
    const newest = sentFor([after[2]?.message_id ?? '']);
    expect(JSON.parse(newest[0]?.payload ?? '{}')).toMatchObject({ status: 'cancelled', target: 'order' });
    // The superseded row's scheduled job changes nothing.
    const sends = t.fake.sent.length;
    t.clock.advance(60_000);
    await t.drain();
    expect(t.fake.sent.length).toBe(sends);
    expect((await rows())[1]?.status).toBe('superseded');
  });

  it('does not stall when a newer row supersedes the row the stream was waiting on', async () => {
    // ORDER_PLACED plans [result R1, note N1]; a cancellation plans a newer result R2.
    t.fake.state.plan = (cause) =>
      cause === ORDER_PLACED ? ['state', 'note'] : cause === 'invitations.cancelled' ? ['state'] : [];
    t.fake.state.policy = (c) =>
      c.delivery.kind === 'state' && c.delivery.cause === ORDER_PLACED ? retry() : { kind: 'delivered' };
    const { result, rows } = await order();
    if (result.kind !== 'created') throw new Error('created expected');
    await t.drain();
    expect((await rows()).map((r) => [r.kind, r.status])).toEqual([
      ['state', 'retry_scheduled'],
      ['note', 'pending'],
    ]);
    const cancel = await t.send(
      await as('recruiter'),
      'POST',
      `/api/orgs/${t.org.id}/invitations/${result.invitationId}/cancel`,
      {},
    );
    expect(cancel.statusCode).toBe(200);
    await t.drain();
    // R1's retry comes due: its job finds it superseded.
    t.clock.advance(60_000);
    await t.drain();
    const after = await rows();
    expect(after.map((r) => [r.kind, r.cause, r.status])).toEqual([
      ['state', ORDER_PLACED, 'superseded'],
      ['note', ORDER_PLACED, 'delivered'],
      ['state', 'invitations.cancelled', 'delivered'],
    ]);
    expect(sentFor(after.map((r) => r.message_id)).map((c) => [c.kind, c.cause])).toEqual([
      ['state', ORDER_PLACED],
      ['note', ORDER_PLACED],
      ['state', 'invitations.cancelled'],
    ]);
  });

  it('does not stall when the row a job is about to claim is superseded meanwhile', async () => {
    t.fake.state.plan = (cause) => (cause === ORDER_PLACED ? ['state', 'note'] : []);
    const { rows } = await order();
    const [state] = await rows();
    const supersede = (db: typeof t.db) =>
      db
        .updateTable('ats_deliveries')
        .set({ status: 'superseded' })
        .where('id', '=', state?.id ?? '')
        .execute();
    // A concurrent plan supersedes the row after the job read it and before it claims it.
    const build = t.fake.provider.build.bind(t.fake.provider);
    let concurrent: Promise<unknown> = Promise.resolve();
    let releasePlan = () => {};
    if (testDialect === 'postgres') {
      // The plan's transaction holds the row (superseded, uncommitted) until the job builds.
      const gate = new Promise<void>((resolve) => {
        releasePlan = resolve;
      });
      let held = () => {};
      const holding = new Promise<void>((resolve) => {
        held = resolve;
      });
      concurrent = t.db.transaction().execute(async (trx) => {
        await supersede(trx);
        held();
        await gate;
      });
      await holding;
    }
    t.fake.provider.build = (context) => {
      t.fake.provider.build = build;
      // SQLite: one connection, queries run in call order, so this runs before the claim.
      if (testDialect === 'postgres') releasePlan();
      else concurrent = supersede(t.db);
      return build(context);
    };
    try {
      await t.drain();
      await concurrent;
      await t.drain();
    } finally {
      t.fake.provider.build = build;
      releasePlan();
    }
    expect((await rows()).map((r) => [r.kind, r.status])).toEqual([
      ['state', 'superseded'],
      ['note', 'delivered'],
    ]);
    expect(sentFor([state?.message_id ?? ''])).toHaveLength(0);
  });

  it('a newer state supersedes an older dead one, and Retry refuses a state a newer one replaces', async () => {
    t.fake.state.plan = (cause) =>
      cause === ORDER_PLACED || cause === 'invitations.cancelled' ? ['state'] : [];
    t.fake.state.policy = (c) =>
      c.delivery.cause === ORDER_PLACED
        ? { kind: 'permanent', error: 'HTTP 400', status: 400 }
        : { kind: 'delivered' };
    const { result, rows } = await order();
    if (result.kind !== 'created') throw new Error('created expected');
    await t.drain();
    const [older] = await rows();
    expect(older).toMatchObject({ kind: 'state', status: 'dead' });
    const cancel = await t.send(
      await as('recruiter'),
      'POST',
      `/api/orgs/${t.org.id}/invitations/${result.invitationId}/cancel`,
      {},
    );
    expect(cancel.statusCode).toBe(200);
    await t.drain();
    expect((await rows()).map((r) => [r.cause, r.status])).toEqual([
      [ORDER_PLACED, 'superseded'],
      ['invitations.cancelled', 'delivered'],
    ]);
    const admin = await as('admin');
    const retryOlder = () =>
      t.send(admin, 'POST', `/api/orgs/${t.org.id}/integrations/deliveries/${older?.id ?? ''}/retry`, {});
    expect((await retryOlder()).statusCode).toBe(409);
    // A row that went dead before superseding covered dead rows: Retry still refuses it.
    await t.db
      .updateTable('ats_deliveries')
      .set({ status: 'dead' })
      .where('id', '=', older?.id ?? '')
      .execute();
    const refused = await retryOlder();
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({
      error: { code: 'ats.not_retryable', message: expect.stringContaining('newer update') as unknown },
    });
    await t.drain();
    expect((await rows())[0]?.status).toBe('dead');
    expect(sentFor([older?.message_id ?? ''])).toHaveLength(1);
  });

  it('waits with backoff while the connection is activating or in error, then sends', async () => {
    const connection = await t.core.connections.ensure('greenhouse', t.org.id);
    for (const status of ['activating', 'error'] as const) {
      await t.core.connections.setStatus(connection.id, status, 'Token refused: reconnect.');
      try {
        const start = t.clock.now().getTime();
        const { rows } = await order();
        await t.drain();
        const [waiting] = await rows();
        expect(waiting).toMatchObject({ kind: 'ack', status: 'retry_scheduled', attempts: 1 });
        expect(waiting?.last_error).toContain(status === 'activating' ? 'activating' : 'Token refused');
        expect(new Date(waiting?.next_attempt_at ?? '').getTime() - start).toBe(2500);
        expect(sentFor([waiting?.message_id ?? ''])).toHaveLength(0);
        t.clock.advance(2500);
        await t.drain();
        expect((await rows())[0]).toMatchObject({ status: 'retry_scheduled', attempts: 2 });
        await t.core.connections.setStatus(connection.id, 'connected', null);
        t.clock.advance(5000);
        await t.drain();
        expect((await rows())[0]).toMatchObject({ status: 'delivered', attempts: 3 });
        expect(sentFor([waiting?.message_id ?? ''])).toHaveLength(1);
      } finally {
        await t.core.connections.setStatus(connection.id, 'connected', null);
      }
    }
  });

  it('gives up 3 days after the first attempt: dead, one admin notice per connection per hour', async () => {
    t.ats.setRandom(() => 0.999);
    t.fake.state.policy = (c) =>
      c.delivery.kind === 'ack' ? retry() : { kind: 'permanent', error: 'HTTP 422: refused' };
    const mailsBefore = new Set((await deadMails()).map((m) => m.id));
    const start = t.clock.now().getTime();
    const { rows } = await order();
    await t.drain();
    for (let i = 0; i < 200; i++) {
      const [ack] = await rows();
      if (ack?.status !== 'retry_scheduled' || !ack.next_attempt_at) break;
      t.clock.set(new Date(ack.next_attempt_at));
      await t.drain();
    }
    const [ack, state] = await rows();
    expect(ack?.status).toBe('dead');
    expect(ack?.last_error).toContain('gave up after 3 days');
    expect(t.clock.now().getTime() - start).toBeGreaterThanOrEqual(GIVE_UP_AFTER_MS);
    expect(t.clock.now().getTime() - start).toBeLessThan(GIVE_UP_AFTER_MS + RETRY_CAP_MS);
    // Then the stream moves on; its permanent failure is dead too, but not mailed again this hour.
    expect(state).toMatchObject({ status: 'dead', last_error: 'HTTP 422: refused' });
    const mails = (await deadMails()).filter((m) => !mailsBefore.has(m.id));
    expect(mails.map((m) => m.to_address).sort()).toEqual(
      [t.org.users.owner.email, t.org.users.admin.email].sort(),
    );
    const list = await t.send(
      await as('admin'),
      'GET',
      `/api/orgs/${t.org.id}/integrations/deliveries?status=dead`,
    );
    expect(list.json<{ items: { id: string }[] }>().items.map((d) => d.id)).toContain(ack?.id);
  });

  it('waits in needs_credentials and is re-queued, same message and payload, when credentials are saved', async () => {
    t.fake.state.policy = (c) =>
      c.delivery.kind === 'ack'
        ? { kind: 'needs_credentials', error: 'No completion credential.' }
        : { kind: 'delivered' };
    const { rows } = await order();
    await t.drain();
    const [waiting, behind] = await rows();
    // Waiting for a credential is not an attempt.
    expect(waiting).toMatchObject({ status: 'needs_credentials', attempts: 0, first_attempt_at: null });
    expect(behind?.status).toBe('pending');
    const builds = t.fake.builds();
    t.fake.state.policy = null;
    const saved = await t.send(
      await as('admin'),
      'PUT',
      `/api/orgs/${t.org.id}/integrations/greenhouse/credentials`,
      {
        username: 'user',
        password: '',
      },
    );
    expect(saved.statusCode).toBe(200);
    expect((await rows())[0]?.status).toBe('pending');
    await t.drain();
    const [ack, state] = await rows();
    expect(ack).toMatchObject({ status: 'delivered', attempts: 1, message_id: waiting?.message_id });
    expect(state?.status).toBe('delivered');
    const calls = sentFor([ack?.message_id ?? '']);
    expect(calls.map((c) => c.payload)).toEqual([waiting?.payload, waiting?.payload]);
    expect(t.fake.builds()).toBe(builds + 1); // only the state row was built
  });

  it('tells owners and admins when results wait for a credential (once per connection per hour); no outbound touch', async () => {
    t.fake.state.plan = (cause) => (cause === ORDER_PLACED ? ['ack'] : []);
    t.fake.state.policy = () => ({ kind: 'needs_credentials', error: 'No completion credential.' });
    const notices = () =>
      t.db
        .selectFrom('mails')
        .select(['id', 'to_address', 'subject', 'text_body'])
        .where('kind', '=', 'ats.delivery-needs-credentials')
        .execute();
    const lastOutbound = async () =>
      (
        await t.db
          .selectFrom('ats_connections')
          .select('last_outbound_at')
          .where('organization_id', '=', t.org.id)
          .where('provider', '=', 'greenhouse')
          .executeTakeFirstOrThrow()
      ).last_outbound_at;
    // Earlier tests' waiting rows are an hour old now.
    t.clock.advance(2 * 3_600_000);
    const before = new Set((await notices()).map((m) => m.id));
    const outboundBefore = await lastOutbound();
    const first = await order();
    await t.drain();
    expect((await first.rows())[0]).toMatchObject({ status: 'needs_credentials', attempts: 0 });
    const fresh = (await notices()).filter((m) => !before.has(m.id));
    expect(fresh.map((m) => m.to_address).sort()).toEqual(
      [t.org.users.owner.email, t.org.users.admin.email].sort(),
    );
    expect(fresh[0]?.text_body).toContain(
      'Fake ATS results are waiting: enter the completion credential in Settings → Integrations → Fake ATS',
    );
    // A second one within the hour is not mailed; one after a quiet hour is.
    t.clock.advance(10 * 60_000);
    await order();
    await t.drain();
    expect((await notices()).filter((m) => !before.has(m.id))).toHaveLength(2);
    t.clock.advance(3_600_000 + 1000);
    await order();
    await t.drain();
    expect((await notices()).filter((m) => !before.has(m.id))).toHaveLength(4);
    expect(await lastOutbound()).toBe(outboundBefore);

    // A skipped send is not outbound either.
    t.fake.state.policy = () => ({ kind: 'skipped', reason: 'Notes are off.' });
    const skipped = await order();
    await t.drain();
    expect((await skipped.rows())[0]).toMatchObject({ status: 'delivered', last_error: 'Notes are off.' });
    expect(await lastOutbound()).toBe(outboundBefore);

    // Clean up: later tests must not find this connection's streams blocked.
    await t.db
      .updateTable('ats_deliveries')
      .set({ status: 'dead' })
      .where('organization_id', '=', t.org.id)
      .where('status', '=', 'needs_credentials')
      .execute();
  });

  it('ignores a stale outcome (fenced on attempts)', async () => {
    t.fake.script.push(async (c) => {
      // Another worker took the row over meanwhile.
      await t.db
        .updateTable('ats_deliveries')
        .set({ attempts: c.delivery.attempt + 1 })
        .where('id', '=', c.delivery.id)
        .execute();
      return { kind: 'delivered' };
    });
    const { rows } = await order('stale@example.test');
    await t.drain();
    const [ack] = await rows();
    expect(ack).toMatchObject({ status: 'sending', attempts: 2, delivered_at: null });
    expect(t.logs.join('')).toContain('stale ATS delivery outcome ignored');
    // The other worker finishes it (its lease would otherwise make later tests re-send it).
    await t.db
      .updateTable('ats_deliveries')
      .set({ status: 'delivered', lease_until: null })
      .where('id', '=', ack?.id ?? '')
      .execute();
    t.clock.advance(2 * 60_000);
    await t.drain();
  });

  it('re-sends a crashed attempt after its lease, with the same payload bytes and message id', async () => {
    let snapshot: Record<string, unknown> | undefined;
    t.fake.script.push(async (c) => {
      snapshot = await t.db
        .selectFrom('ats_deliveries')
        .selectAll()
        .where('id', '=', c.delivery.id)
        .executeTakeFirst();
      return { kind: 'delivered' };
    });
    // A rejected order: one row in its stream, no invitation.
    const { rows } = await order('not-an-email');
    await t.drain();
    expect(snapshot).toMatchObject({ status: 'sending', attempts: 1 });
    // The worker died before writing the outcome: the row is left as the claim wrote it.
    await t.db
      .updateTable('ats_deliveries')
      .set(snapshot ?? {})
      .where('id', '=', String(snapshot?.id))
      .execute();
    const builds = t.fake.builds();
    const sends = t.fake.sent.length;
    await t.ats.deliver(String(snapshot?.id));
    await t.drain();
    expect(t.fake.sent.length).toBe(sends); // lease still held
    t.clock.advance(2 * 60_000);
    await t.drain();
    const [ack] = await rows();
    expect(ack).toMatchObject({ status: 'delivered', attempts: 2 });
    const calls = sentFor([String(snapshot?.message_id)]);
    expect(calls.map((c) => c.attempt)).toEqual([1, 2]);
    expect(calls[1]?.payload).toBe(calls[0]?.payload);
    expect(calls[1]?.payload).toBe(snapshot?.payload);
    expect(t.fake.builds()).toBe(builds);
  });

  it('plans for a candidate linked to a connected ATS when no order is behind the invitation', async () => {
    const email = 'linked@example.test';
    await order(email); // links the candidate (profile URL from the ATS)
    await t.drain();
    const invite = await t.send(await as('recruiter'), 'POST', `/api/orgs/${t.org.id}/invitations`, {
      testId: t.test.id,
      name: 'Linked Person',
      email,
      confirmDuplicate: true,
    });
    expect(invite.statusCode).toBe(201);
    await t.drain();
    const candidate = await t.db
      .selectFrom('candidates')
      .select('id')
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    const linkRows = await t.db
      .selectFrom('ats_deliveries')
      .selectAll()
      .where('stream', '=', `candidate:${candidate.id}`)
      .execute();
    expect(linkRows.map((r) => [r.kind, r.cause, r.status])).toEqual([
      ['state', 'invitations.sent', 'delivered'],
    ]);
    expect(JSON.parse(linkRows[0]?.payload ?? '{}')).toMatchObject({ target: 'link' });
  });
});
