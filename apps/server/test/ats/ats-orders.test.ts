import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCandidate, makePublishedTest } from '../invitations/invitation-factories.js';
import { testDialect } from '../support/test-db.js';
import { buildAtsApp, placeOrder, type AtsApp } from './ats-harness.js';

describe(`ATS orders.place (${testDialect})`, () => {
  let t: AtsApp;
  beforeAll(async () => {
    t = await buildAtsApp('ats-orders');
  });
  afterAll(() => t.close());

  const invitationMails = (to: string) =>
    t.db
      .selectFrom('mails')
      .select('id')
      .where('kind', '=', 'invitations.invitation')
      .where('to_address', '=', to)
      .execute();

  it('creates the order, the invitation, the resolved ATS link and the ORDER_PLACED delivery together', async () => {
    const result = await placeOrder(t, { orderKey: 'https://ats.example.test/orders/created' });
    if (result.kind !== 'created') throw new Error(`expected created, got ${result.kind}`);
    expect(result.order).toMatchObject({
      status: 'active',
      invitationId: result.invitationId,
      testId: t.test.id,
    });
    const invitation = await t.db
      .selectFrom('invitations')
      .selectAll()
      .where('id', '=', result.invitationId)
      .executeTakeFirstOrThrow();
    expect(invitation.invited_by_user_id).toBeNull();
    const candidate = await t.db
      .selectFrom('candidates')
      .selectAll()
      .where('id', '=', invitation.candidate_id)
      .executeTakeFirstOrThrow();
    expect(candidate).toMatchObject({
      name: 'Ada Lovelace',
      ats_status: 'linked',
      ats_provider: 'greenhouse',
      ats_external_id: '4242',
      ats_profile_url: 'https://app.greenhouse.io/people/4242',
    });
    const planned = await t.db
      .selectFrom('ats_deliveries')
      .selectAll()
      .where('order_id', '=', result.order.id)
      .execute();
    expect(planned.map((d) => [d.kind, d.cause, d.status])).toEqual([['ack', 'ats.order_placed', 'pending']]);
    await t.drain();
    expect(await invitationMails('ada@example.test')).toHaveLength(1);
  });

  it('invites the candidate already linked to the same ATS candidate id, keeping its record (Greenhouse §8.3)', async () => {
    // A candidate an admin linked by hand to Greenhouse candidate 9001.
    const known = await makeCandidate(t.db, t.org.id);
    await t.db
      .updateTable('candidates')
      .set({
        ats_url: 'https://app.greenhouse.io/people/9001',
        ats_status: 'linked',
        ats_provider: 'greenhouse',
        ats_external_id: '9001',
        ats_profile_url: 'https://app.greenhouse.io/people/9001',
      })
      .where('id', '=', known.id)
      .execute();
    const before = await t.db
      .selectFrom('candidates')
      .selectAll()
      .where('id', '=', known.id)
      .executeTakeFirstOrThrow();
    const connection = await t.core.connections.ensure('greenhouse', t.org.id);
    const result = await t.core.orders.place({
      provider: 'greenhouse',
      organizationId: t.org.id,
      connectionId: connection.id,
      scopeKey: t.org.id,
      orderKey: 'https://ats.example.test/take_home_tests/known',
      testId: t.test.id,
      candidate: {
        firstName: 'Other',
        lastName: 'Name',
        email: 'other-address@example.test',
        externalId: '9001',
        profileUrl: 'https://app.greenhouse.io/people/9001',
      },
    });
    if (result.kind !== 'created') throw new Error(`expected created, got ${result.kind}`);
    const invitation = await t.db
      .selectFrom('invitations')
      .select('candidate_id')
      .where('id', '=', result.invitationId)
      .executeTakeFirstOrThrow();
    expect(invitation.candidate_id).toBe(known.id);
    const after = await t.db
      .selectFrom('candidates')
      .selectAll()
      .where('id', '=', known.id)
      .executeTakeFirstOrThrow();
    expect(after).toMatchObject({ name: before.name, email: before.email, ats_external_id: '9001' });
    const stray = await t.db
      .selectFrom('candidates')
      .select('id')
      .where('email', '=', 'other-address@example.test')
      .execute();
    expect(stray).toHaveLength(0);
    // Another organization's candidate with that id is not used.
    const foreign = await makeCandidate(t.db, t.other.id);
    await t.db
      .updateTable('candidates')
      .set({ ats_status: 'linked', ats_provider: 'greenhouse', ats_external_id: '9002' })
      .where('id', '=', foreign.id)
      .execute();
    const second = await t.core.orders.place({
      provider: 'greenhouse',
      organizationId: t.org.id,
      connectionId: connection.id,
      scopeKey: t.org.id,
      orderKey: 'https://ats.example.test/take_home_tests/foreign',
      testId: t.test.id,
      candidate: { firstName: 'New', lastName: 'Person', email: 'new-9002@example.test', externalId: '9002' },
    });
    if (second.kind !== 'created') throw new Error(`expected created, got ${second.kind}`);
    const secondInvitation = await t.db
      .selectFrom('invitations as i')
      .innerJoin('candidates as c', 'c.id', 'i.candidate_id')
      .select(['c.id', 'c.email', 'c.organization_id'])
      .where('i.id', '=', second.invitationId)
      .executeTakeFirstOrThrow();
    expect(secondInvitation).toMatchObject({ email: 'new-9002@example.test', organization_id: t.org.id });
    await t.drain();
    expect(await invitationMails(before.email)).toHaveLength(1);
    expect(await invitationMails('other-address@example.test')).toHaveLength(0);
  });

  it('answers repeat for the same key, test and email (any case), conflict otherwise', async () => {
    const key = 'https://ats.example.test/orders/repeat';
    const first = await placeOrder(t, { orderKey: key, email: 'grace@example.test' });
    expect(first.kind).toBe('created');
    const again = await placeOrder(t, { orderKey: key, email: 'Grace@Example.test' });
    expect(again.kind).toBe('repeat');
    const otherTest = await makePublishedTest(t.db, t.org.id);
    expect(
      (await placeOrder(t, { orderKey: key, testId: otherTest.id, email: 'grace@example.test' })).kind,
    ).toBe('conflict');
    expect((await placeOrder(t, { orderKey: key, email: 'someone@example.test' })).kind).toBe('conflict');
    const count = await t.db.selectFrom('ats_orders').select('id').where('order_key', '=', key).execute();
    expect(count).toHaveLength(1);
  });

  it('stores an order with an invalid email as rejected and plans ORDER_REJECTED', async () => {
    const result = await placeOrder(t, {
      orderKey: 'https://ats.example.test/orders/bad-email',
      email: 'not-an-email',
    });
    if (result.kind !== 'rejected') throw new Error(`expected rejected, got ${result.kind}`);
    expect(result.reason).toBe('The candidate\'s email address "not-an-email" is not valid.');
    expect(result.order).toMatchObject({ status: 'rejected', invitationId: null });
    const planned = await t.db
      .selectFrom('ats_deliveries')
      .select(['kind', 'cause'])
      .where('order_id', '=', result.order.id)
      .execute();
    expect(planned).toEqual([{ kind: 'ack', cause: 'ats.order_rejected' }]);
  });

  it("answers test_not_found for unknown, unpublished, archived and other organizations' tests (nothing stored)", async () => {
    const unpublished = await makePublishedTest(t.db, t.org.id, { published: false });
    const archived = await makePublishedTest(t.db, t.org.id, { archived: true });
    const foreign = await makePublishedTest(t.db, t.other.id);
    for (const testId of ['missing', unpublished.id, archived.id, foreign.id]) {
      const result = await placeOrder(t, {
        orderKey: `https://ats.example.test/orders/nf-${testId}`,
        testId,
      });
      expect(result.kind).toBe('test_not_found');
    }
    const stored = await t.db
      .selectFrom('ats_orders')
      .select('id')
      .where('order_key', 'like', '%/nf-%')
      .execute();
    expect(stored).toHaveLength(0);
  });

  it('50 concurrent identical orders make exactly one invitation and one mail', async () => {
    const key = 'https://ats.example.test/orders/concurrent';
    const email = 'concurrent@example.test';
    const results = await Promise.all(
      Array.from({ length: 50 }, () => placeOrder(t, { orderKey: key, email })),
    );
    const kinds = results.map((r) => r.kind);
    expect(kinds.filter((k) => k === 'created')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'repeat')).toHaveLength(49);
    const candidate = await t.db
      .selectFrom('candidates')
      .select('id')
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    const invitations = await t.db
      .selectFrom('invitations')
      .select('id')
      .where('candidate_id', '=', candidate.id)
      .execute();
    expect(invitations).toHaveLength(1);
    await t.drain();
    expect(await invitationMails(email)).toHaveLength(1);
  });
});
