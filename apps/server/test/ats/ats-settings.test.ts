import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Integration, IntegrationDeliveryList, IssuedIntegrationKey } from '@assay/contracts';
import { hashToken } from '../../src/platform/crypto/index.js';
import { integrationState } from '../../src/modules/ats/index.js';
import { testDialect } from '../support/test-db.js';
import { makeDeadAtsDelivery } from './ats-fixtures.js';
import { buildAtsApp, deliveries, placeOrder, type AtsApp } from './ats-harness.js';

describe(`ATS settings: keys, state, credentials, disconnect, deliveries (${testDialect})`, () => {
  let t: AtsApp;
  beforeAll(async () => {
    t = await buildAtsApp('ats-settings');
  });
  afterAll(() => t.close());

  const base = () => `/api/orgs/${t.org.id}/integrations`;

  async function card(provider: string): Promise<Integration> {
    const res = await t.send(t.org.as.admin, 'GET', base());
    expect(res.statusCode).toBe(200);
    const found = res.json<{ items: Integration[] }>().items.find((i) => i.provider === provider);
    if (!found) throw new Error(`no ${provider} card`);
    return found;
  }

  async function issue(provider: string): Promise<IssuedIntegrationKey> {
    const res = await t.send(t.org.as.owner, 'POST', `${base()}/${provider}/keys`, {});
    expect(res.statusCode).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    return res.json();
  }

  /** Every text of every ATS row and audit event, to look for secrets. */
  async function everything(): Promise<string> {
    const tables = [
      'ats_api_keys',
      'ats_connections',
      'ats_access_tokens',
      'ats_orders',
      'ats_deliveries',
      'audit_events',
      'jobs',
    ] as const;
    const dumps = await Promise.all(tables.map((name) => t.db.selectFrom(name).selectAll().execute()));
    return JSON.stringify(dumps);
  }

  it('SmartRecruiters: a new key replaces the previous one at once; the DB keeps only hashes', async () => {
    expect((await card('smartrecruiters')).state).toBe('not_connected');
    const first = await issue('smartrecruiters');
    const second = await issue('smartrecruiters');
    expect(second.key).toMatch(/^assay_sr_[0-9A-Za-z]{40,}$/);
    expect(second.integration.keys).toHaveLength(1);
    expect(second.integration.keys[0]?.displayPrefix).toBe(`${second.key.slice(0, 13)}…`);
    expect(second.integration.state).toBe('waiting');
    expect(await t.core.keys.authenticate('smartrecruiters', first.key)).toBeNull();
    const auth = await t.core.keys.authenticate('smartrecruiters', second.key);
    expect(auth?.organizationId).toBe(t.org.id);
    const dump = await everything();
    expect(dump).not.toContain(first.key);
    expect(dump).not.toContain(second.key);
    expect(dump).toContain(hashToken(second.key));
    // The key is shown once: the list never carries it.
    expect(JSON.stringify(await card('smartrecruiters'))).not.toContain(second.key);
  });

  it('Greenhouse: keys add up; revoked keys stop authenticating; last use is recorded', async () => {
    const a = await issue('greenhouse');
    const b = await issue('greenhouse');
    expect(b.integration.keys).toHaveLength(2);
    expect(b.key.length).toBeLessThan(171);
    expect((await t.core.keys.authenticate('greenhouse', a.key))?.organizationId).toBe(t.org.id);
    expect(await t.core.keys.authenticate('smartrecruiters', a.key)).toBeNull();
    expect(await t.core.keys.authenticate('greenhouse', `${a.key.slice(0, -1)}x`)).toBeNull();
    const keyA = b.integration.keys.find((k) => a.key.startsWith(k.displayPrefix.slice(0, -1)));
    if (!keyA) throw new Error('key A not listed');
    expect((await card('greenhouse')).keys.find((k) => k.id === keyA.id)?.lastUsedAt).not.toBeNull();
    const revoked = await t.send(t.org.as.admin, 'DELETE', `${base()}/greenhouse/keys/${keyA.id}`);
    expect(revoked.statusCode).toBe(204);
    expect(await t.core.keys.authenticate('greenhouse', a.key)).toBeNull();
    expect(await t.core.keys.authenticate('greenhouse', b.key)).not.toBeNull();
    const again = await t.send(t.org.as.admin, 'DELETE', `${base()}/greenhouse/keys/${keyA.id}`);
    expect(again.statusCode).toBe(404);
    const audit = await t.db
      .selectFrom('audit_events')
      .select('action')
      .where('organization_id', '=', t.org.id)
      .where('action', 'in', ['ats.key_issued', 'ats.key_revoked'])
      .execute();
    expect(audit.filter((e) => e.action === 'ats.key_issued').length).toBeGreaterThanOrEqual(4);
    expect(audit.filter((e) => e.action === 'ats.key_revoked')).toHaveLength(1);
  });

  it('needs a recent re-authentication to issue a key', async () => {
    const stale = await t.sessionFor(t.org.users.owner.id, t.org.id, false);
    const res = await t.send(stale, 'POST', `${base()}/greenhouse/keys`, {});
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: { code: 'auth.reauth_required' } });
  });

  it('records partner calls at most once a minute, so read-only partner calls stay reads', async () => {
    const org = await t.organization();
    const lastInbound = async () =>
      (
        await t.db
          .selectFrom('ats_connections')
          .select('last_inbound_at')
          .where('organization_id', '=', org.id)
          .executeTakeFirstOrThrow()
      ).last_inbound_at;
    const connection = await t.core.connections.ensure('greenhouse', org.id);
    const first = t.clock.now().toISOString();
    expect(await lastInbound()).toBe(first);
    t.clock.advance(30_000);
    await t.core.connections.ensure('greenhouse', org.id);
    await t.core.connections.touchInbound(connection.id);
    expect(await lastInbound()).toBe(first);
    t.clock.advance(31_000);
    await t.core.connections.touchInbound(connection.id);
    expect(await lastInbound()).toBe(t.clock.now().toISOString());
  });

  it('derives the card state from keys and the connection', async () => {
    expect(integrationState('smartrecruiters', undefined, 0)).toBe('not_connected');
    expect(integrationState('smartrecruiters', undefined, 1)).toBe('waiting');
    expect(integrationState('smartrecruiters', { status: 'activating', last_inbound_at: null }, 0)).toBe(
      'activating',
    );
    expect(integrationState('smartrecruiters', { status: 'error', last_inbound_at: null }, 0)).toBe('error');
    expect(integrationState('smartrecruiters', { status: 'disconnected', last_inbound_at: null }, 0)).toBe(
      'not_connected',
    );
    expect(integrationState('greenhouse', { status: 'connected', last_inbound_at: null }, 1)).toBe('waiting');
    expect(integrationState('greenhouse', { status: 'connected', last_inbound_at: 'x' }, 1)).toBe(
      'connected',
    );

    // Through the app: Greenhouse waits for its first call, then is connected.
    expect((await card('greenhouse')).state).toBe('waiting');
    await t.core.connections.ensure('greenhouse', t.org.id);
    expect((await card('greenhouse')).state).toBe('connected');
    // SmartRecruiters: bound → activating → connected / error.
    const bound = await t.core.connections.bind({
      provider: 'smartrecruiters',
      organizationId: t.org.id,
      externalAccountId: 'company-1',
      inboundClientId: 'client-b',
      inboundClientSecret: 'secret-b-value',
      credentials: { clientId: 'c-id', clientSecret: 'c-secret-value' },
    });
    if (bound.kind !== 'bound') throw new Error('not bound');
    expect((await card('smartrecruiters')).state).toBe('activating');
    await t.core.connections.setStatus(bound.connection.id, 'error', 'Token refused: reconnect.');
    expect(await card('smartrecruiters')).toMatchObject({
      state: 'error',
      statusReason: 'Token refused: reconnect.',
    });
    await t.core.connections.setStatus(bound.connection.id, 'connected', null);
    expect(await card('smartrecruiters')).toMatchObject({
      state: 'connected',
      externalAccountId: 'company-1',
    });
    // Another organization cannot take the account.
    const elsewhere = await t.core.connections.bind({
      provider: 'smartrecruiters',
      organizationId: t.other.id,
      externalAccountId: 'company-1',
      inboundClientId: 'client-x',
      inboundClientSecret: 'secret-x',
      credentials: { clientId: 'x', clientSecret: 'y' },
    });
    expect(elsewhere.kind).toBe('bound_elsewhere');
    expect((await t.core.connections.verifyClient('smartrecruiters', 'client-b', 'secret-b-value'))?.id).toBe(
      bound.connection.id,
    );
    expect(await t.core.connections.verifyClient('smartrecruiters', 'client-b', 'wrong')).toBeNull();
    const token = await t.core.connections.issueAccessToken(bound.connection.id, 60);
    expect((await t.core.connections.authenticateAccessToken('smartrecruiters', token))?.credentials).toEqual(
      {
        clientId: 'c-id',
        clientSecret: 'c-secret-value',
      },
    );
    t.clock.advance(61_000);
    expect(await t.core.connections.authenticateAccessToken('smartrecruiters', token)).toBeNull();
    const dump = await everything();
    expect(dump).not.toContain('c-secret-value');
    expect(dump).not.toContain('secret-b-value');
    expect(dump).not.toContain(token);
  });

  it('a reconnect of the same organization turns Notes back on and clears the status reason', async () => {
    const input = {
      provider: 'smartrecruiters' as const,
      organizationId: t.other.id,
      externalAccountId: 'company-notes',
      inboundClientId: 'client-notes-1',
      inboundClientSecret: 'secret-notes-1',
      credentials: { clientId: 'c-notes', clientSecret: 'c-notes-secret' },
    };
    const first = await t.core.connections.bind(input);
    if (first.kind !== 'bound') throw new Error('not bound');
    await t.core.connections.setStatus(first.connection.id, 'connected', null);
    // A 403 on a Note turned Notes off (what the SmartRecruiters client's outcome patches).
    await t.core.connections.updateData(first.connection.id, { notesDisabled: true, kept: 'yes' });
    await t.core.connections.setStatus(first.connection.id, 'connected', 'Notes are off.');
    const again = await t.core.connections.bind({ ...input, inboundClientId: 'client-notes-2' });
    if (again.kind !== 'bound') throw new Error('not bound');
    expect(again.connection.id).toBe(first.connection.id);
    expect(again.connection.providerData).toEqual({ kept: 'yes' });
    expect(again.connection.statusReason).toBeNull();
    const stored = await t.core.connections.get('smartrecruiters', t.other.id);
    expect(stored?.providerData.notesDisabled).toBeUndefined();
  });

  it('a partner disable revokes tokens but keeps them, so a repeated disable still finds its connection', async () => {
    const bound = await t.core.connections.bind({
      provider: 'smartrecruiters',
      organizationId: t.other.id,
      externalAccountId: 'company-disable',
      inboundClientId: 'client-disable',
      inboundClientSecret: 'secret-disable',
      credentials: { clientId: 'c-d', clientSecret: 'c-d-secret' },
    });
    if (bound.kind !== 'bound') throw new Error('not bound');
    const id = bound.connection.id;
    await t.core.connections.setStatus(id, 'connected', null);
    const token = await t.core.connections.issueAccessToken(id, 3600);
    const shortLived = await t.core.connections.issueAccessToken(id, 60);
    const revokedAuth = (provider: 'smartrecruiters' | 'greenhouse', raw: string) => {
      const connections = t.core.connections;
      if (!connections.authenticateRevokedAccessToken)
        throw new Error('authenticateRevokedAccessToken missing');
      return connections.authenticateRevokedAccessToken(provider, raw);
    };
    // A live token is not a revoked one.
    expect(await revokedAuth('smartrecruiters', token)).toBeNull();

    await t.core.connections.disable(id, 'disabled by SmartRecruiters');
    expect(await t.core.connections.authenticateAccessToken('smartrecruiters', token)).toBeNull();
    const again = await revokedAuth('smartrecruiters', token);
    expect(again).toMatchObject({ id, status: 'disconnected', organizationId: t.other.id });
    expect(await revokedAuth('greenhouse', token)).toBeNull();
    expect(await revokedAuth('smartrecruiters', 'never-issued-token-value-xyz')).toBeNull();
    const rows = await t.db
      .selectFrom('ats_access_tokens')
      .select(['revoked_at'])
      .where('connection_id', '=', id)
      .execute();
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.revoked_at !== null)).toBe(true);
    // Expired: null.
    t.clock.advance(61_000);
    expect(await revokedAuth('smartrecruiters', shortLived)).toBeNull();
    expect(await revokedAuth('smartrecruiters', token)).not.toBeNull();
    // Reconnected: old tokens are gone for good.
    await t.core.connections.bind({
      provider: 'smartrecruiters',
      organizationId: t.other.id,
      externalAccountId: 'company-disable',
      inboundClientId: 'client-disable-2',
      inboundClientSecret: 'secret-disable-2',
      credentials: { clientId: 'c-d', clientSecret: 'c-d-secret' },
    });
    expect(await revokedAuth('smartrecruiters', token)).toBeNull();
  });

  it('saves the outbound credential sealed (400 where a provider takes none or it is invalid)', async () => {
    const none = await t.send(t.org.as.admin, 'PUT', `${base()}/smartrecruiters/credentials`, {
      username: 'u',
      password: 'p',
    });
    expect(none.statusCode).toBe(400);
    expect(none.json()).toMatchObject({ error: { code: 'ats.credentials_not_accepted' } });
    const blank = await t.send(t.org.as.admin, 'PUT', `${base()}/greenhouse/credentials`, { username: ' ' });
    expect(blank.statusCode).toBe(400);
    const res = await t.send(t.org.as.admin, 'PUT', `${base()}/greenhouse/credentials`, {
      username: 'gh-completion-user',
      password: 'gh-password-canary',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<Integration>().outboundCredential).toEqual({ username: 'gh-c…' });
    expect(await everything()).not.toContain('gh-password-canary');
    const view = await t.core.connections.get('greenhouse', t.org.id);
    expect(view?.credentials).toEqual({ username: 'gh-completion-user', password: 'gh-password-canary' });
  });

  it('lists deliveries (admins only, own organization) and retries a dead one with the same message id', async () => {
    const recruiter = await t.send(t.org.as.recruiter, 'GET', `${base()}/deliveries`);
    expect(recruiter.statusCode).toBe(403);
    const id = await makeDeadAtsDelivery(t.db, t.org.id);
    const before = await t.db
      .selectFrom('ats_deliveries')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const list = await t.send(t.org.as.admin, 'GET', `${base()}/deliveries?status=dead`);
    expect(list.statusCode).toBe(200);
    const body = list.json<IntegrationDeliveryList>();
    expect(body.items.map((d) => d.id)).toContain(id);
    expect(body.items.find((d) => d.id === id)?.summary).toBe('completion: {}');
    const otherOrg = await t.send(
      t.other.as.admin,
      'POST',
      `/api/orgs/${t.other.id}/integrations/deliveries/${id}/retry`,
      {},
    );
    expect(otherOrg.statusCode).toBe(404);
    const asReviewer = await t.send(t.org.as.reviewer, 'POST', `${base()}/deliveries/${id}/retry`, {});
    expect(asReviewer.statusCode).toBe(403);
    const retried = await t.send(t.org.as.admin, 'POST', `${base()}/deliveries/${id}/retry`, {});
    expect(retried.statusCode).toBe(202);
    expect(retried.json()).toMatchObject({ id, status: 'pending', messageId: before.message_id });
    const after = await t.db
      .selectFrom('ats_deliveries')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(after.payload).toBe(before.payload);
    const twice = await t.send(t.org.as.admin, 'POST', `${base()}/deliveries/${id}/retry`, {});
    expect(twice.statusCode).toBe(409);
  });

  it('disconnects: keys revoked, credentials and tokens gone, unsent deliveries dead', async () => {
    const placed = await placeOrder(t, { orderKey: 'https://ats.example.test/take_home_tests/disconnect' });
    expect(placed.kind).toBe('created');
    const unsent = (await deliveries(t)).filter((d) => d.status === 'pending' && d.order_id !== null);
    expect(unsent.length).toBeGreaterThan(0);
    const res = await t.send(t.org.as.owner, 'DELETE', `${base()}/greenhouse`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ state: 'not_connected', keys: [], outboundCredential: null });
    const connection = await t.db
      .selectFrom('ats_connections')
      .selectAll()
      .where('organization_id', '=', t.org.id)
      .where('provider', '=', 'greenhouse')
      .executeTakeFirstOrThrow();
    expect(connection).toMatchObject({
      status: 'disconnected',
      credentials_sealed: null,
      status_reason: 'Disconnected in Assay',
    });
    for (const row of await deliveries(t)) {
      if (unsent.some((u) => u.id === row.id))
        expect(row).toMatchObject({ status: 'dead', last_error: 'Disconnected in Assay' });
    }
    const order = await t.db
      .selectFrom('ats_orders')
      .select('status')
      .where('order_key', 'like', '%disconnect')
      .executeTakeFirstOrThrow();
    expect(order.status).toBe('closed');
  });
});
