import type { Updateable } from 'kysely';
import type { Database, DbOrTrx } from '../../db/index.js';
import type {
  AtsAccessTokensTable,
  AtsApiKeysTable,
  AtsConnectionsTable,
  AtsDeliveriesTable,
  AtsDeliveryStatus,
  AtsInboundErrorsTable,
  AtsOrdersTable,
  AtsProviderId,
} from '../../db/schema/ats.table.js';

/** All queries of the ATS core (`ats_*` tables, plus the reads it needs of candidates and invitations). */

// ---- Keys -----------------------------------------------------------------------------------

export async function insertKey(db: DbOrTrx, row: AtsApiKeysTable): Promise<void> {
  await db.insertInto('ats_api_keys').values(row).execute();
}

export async function revokeActiveKeys(
  db: DbOrTrx,
  organizationId: string,
  provider: AtsProviderId,
  at: string,
): Promise<number> {
  const result = await db
    .updateTable('ats_api_keys')
    .set({ revoked_at: at })
    .where('organization_id', '=', organizationId)
    .where('provider', '=', provider)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function revokeKey(
  db: DbOrTrx,
  organizationId: string,
  provider: AtsProviderId,
  keyId: string,
  at: string,
): Promise<boolean> {
  const result = await db
    .updateTable('ats_api_keys')
    .set({ revoked_at: at })
    .where('organization_id', '=', organizationId)
    .where('provider', '=', provider)
    .where('id', '=', keyId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export function listActiveKeys(
  db: DbOrTrx,
  organizationId: string,
  provider: AtsProviderId,
): Promise<AtsApiKeysTable[]> {
  return db
    .selectFrom('ats_api_keys')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('provider', '=', provider)
    .where('revoked_at', 'is', null)
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .execute();
}

export function findKeyByHash(db: DbOrTrx, provider: AtsProviderId, keyHash: string) {
  return db
    .selectFrom('ats_api_keys as k')
    .innerJoin('organizations as o', 'o.id', 'k.organization_id')
    .selectAll('k')
    .select('o.name as organization_name')
    .where('k.provider', '=', provider)
    .where('k.key_hash', '=', keyHash)
    .executeTakeFirst();
}

export async function touchKey(db: DbOrTrx, id: string, at: string, ifBefore: string): Promise<void> {
  await db
    .updateTable('ats_api_keys')
    .set({ last_used_at: at })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', ifBefore)]))
    .execute();
}

// ---- Connections and tokens ------------------------------------------------------------------

export function findConnection(
  db: DbOrTrx,
  provider: AtsProviderId,
  organizationId: string,
): Promise<AtsConnectionsTable | undefined> {
  return db
    .selectFrom('ats_connections')
    .selectAll()
    .where('provider', '=', provider)
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
}

export function findConnectionById(db: DbOrTrx, id: string): Promise<AtsConnectionsTable | undefined> {
  return db.selectFrom('ats_connections').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findConnectionByAccount(
  db: DbOrTrx,
  provider: AtsProviderId,
  externalAccountId: string,
): Promise<AtsConnectionsTable | undefined> {
  return db
    .selectFrom('ats_connections')
    .selectAll()
    .where('provider', '=', provider)
    .where('external_account_id', '=', externalAccountId)
    .executeTakeFirst();
}

export function findConnectionByClientId(
  db: DbOrTrx,
  provider: AtsProviderId,
  clientId: string,
): Promise<AtsConnectionsTable | undefined> {
  return db
    .selectFrom('ats_connections')
    .selectAll()
    .where('provider', '=', provider)
    .where('inbound_client_id', '=', clientId)
    .executeTakeFirst();
}

export async function insertConnection(db: DbOrTrx, row: AtsConnectionsTable): Promise<void> {
  await db.insertInto('ats_connections').values(row).execute();
}

export async function updateConnection(
  db: DbOrTrx,
  id: string,
  changes: Updateable<Database['ats_connections']>,
): Promise<void> {
  await db.updateTable('ats_connections').set(changes).where('id', '=', id).execute();
}

export async function insertToken(db: DbOrTrx, row: AtsAccessTokensTable): Promise<void> {
  await db.insertInto('ats_access_tokens').values(row).execute();
}

export function findTokenConnection(db: DbOrTrx, provider: AtsProviderId, tokenHash: string, now: string) {
  return db
    .selectFrom('ats_access_tokens as t')
    .innerJoin('ats_connections as c', 'c.id', 't.connection_id')
    .selectAll('c')
    .select('t.token_hash')
    .where('c.provider', '=', provider)
    .where('t.token_hash', '=', tokenHash)
    .where('t.revoked_at', 'is', null)
    .where('t.expires_at', '>', now)
    .executeTakeFirst();
}

/** The connection of a revoked (by a disable or disconnect), unexpired token. */
export function findRevokedTokenConnection(
  db: DbOrTrx,
  provider: AtsProviderId,
  tokenHash: string,
  now: string,
) {
  return db
    .selectFrom('ats_access_tokens as t')
    .innerJoin('ats_connections as c', 'c.id', 't.connection_id')
    .selectAll('c')
    .select('t.token_hash')
    .where('c.provider', '=', provider)
    .where('t.token_hash', '=', tokenHash)
    .where('t.revoked_at', 'is not', null)
    .where('t.expires_at', '>', now)
    .executeTakeFirst();
}

/** Revoke the connection's live tokens (the rows stay, so a repeated disable is still recognised). */
export async function revokeTokens(db: DbOrTrx, connectionId: string, at: string): Promise<void> {
  await db
    .updateTable('ats_access_tokens')
    .set({ revoked_at: at })
    .where('connection_id', '=', connectionId)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function deleteTokens(db: DbOrTrx, connectionId: string): Promise<void> {
  await db.deleteFrom('ats_access_tokens').where('connection_id', '=', connectionId).execute();
}

// ---- Orders ---------------------------------------------------------------------------------

export async function insertOrder(db: DbOrTrx, row: AtsOrdersTable): Promise<void> {
  await db.insertInto('ats_orders').values(row).execute();
}

export async function updateOrder(
  db: DbOrTrx,
  id: string,
  changes: Updateable<Database['ats_orders']>,
): Promise<void> {
  await db.updateTable('ats_orders').set(changes).where('id', '=', id).execute();
}

export function findOrderById(db: DbOrTrx, id: string): Promise<AtsOrdersTable | undefined> {
  return db.selectFrom('ats_orders').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findOrderByKey(
  db: DbOrTrx,
  provider: AtsProviderId,
  scopeKey: string,
  orderKey: string,
): Promise<AtsOrdersTable | undefined> {
  return db
    .selectFrom('ats_orders')
    .selectAll()
    .where('provider', '=', provider)
    .where('scope_key', '=', scopeKey)
    .where('order_key', '=', orderKey)
    .executeTakeFirst();
}

export function findActiveOrderByInvitation(
  db: DbOrTrx,
  invitationId: string,
): Promise<AtsOrdersTable | undefined> {
  return (
    db
      .selectFrom('ats_orders')
      .selectAll()
      .where('invitation_id', '=', invitationId)
      .where('status', '=', 'active')
      // No ORDER BY: every order creates its own invitation, and sorting made SQLite scan the
      // organization's orders by date instead of using the invitation index.
      .executeTakeFirst()
  );
}

export async function findOrderByInvitation(
  db: DbOrTrx,
  provider: AtsProviderId,
  organizationId: string,
  invitationId: string,
): Promise<AtsOrdersTable | undefined> {
  // By invitation only, then the tenant and provider checked on the row: with them in the WHERE
  // clause SQLite's planner picks `ats_orders_org_idx` and walks every order of the organization.
  const rows = await db
    .selectFrom('ats_orders')
    .selectAll()
    .where('invitation_id', '=', invitationId)
    .execute();
  return rows.find((r) => r.provider === provider && r.organization_id === organizationId);
}

export async function closeActiveOrders(db: DbOrTrx, connectionId: string, at: string): Promise<void> {
  await db
    .updateTable('ats_orders')
    .set({ status: 'closed', updated_at: at })
    .where('connection_id', '=', connectionId)
    .where('status', '=', 'active')
    .execute();
}

// ---- Deliveries ------------------------------------------------------------------------------

export async function insertDelivery(db: DbOrTrx, row: AtsDeliveriesTable): Promise<void> {
  await db.insertInto('ats_deliveries').values(row).execute();
}

export async function maxSequence(db: DbOrTrx, stream: string): Promise<number> {
  const row = await db
    .selectFrom('ats_deliveries')
    .select((eb) => eb.fn.max<number | string | null>('sequence').as('max'))
    .where('stream', '=', stream)
    .executeTakeFirst();
  return Number(row?.max ?? 0);
}

/** Mark older rows of `stream` and `kind` in `statuses` superseded. */
export async function supersede(
  db: DbOrTrx,
  stream: string,
  kind: string,
  statuses: readonly AtsDeliveryStatus[],
  at: string,
): Promise<void> {
  await db
    .updateTable('ats_deliveries')
    .set({ status: 'superseded', next_attempt_at: null, lease_until: null, updated_at: at })
    .where('stream', '=', stream)
    .where('kind', '=', kind)
    .where('status', 'in', statuses)
    .execute();
}

/** Whether `stream` holds a row of `kind` planned after `sequence` (whatever its status). */
export async function hasNewerOfKind(
  db: DbOrTrx,
  stream: string,
  kind: string,
  sequence: number,
): Promise<boolean> {
  const row = await db
    .selectFrom('ats_deliveries')
    .select('id')
    .where('stream', '=', stream)
    .where('kind', '=', kind)
    .where('sequence', '>', sequence)
    .executeTakeFirst();
  return row !== undefined;
}

export function findDelivery(db: DbOrTrx, id: string): Promise<AtsDeliveriesTable | undefined> {
  return db.selectFrom('ats_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findOrgDelivery(
  db: DbOrTrx,
  organizationId: string,
  id: string,
): Promise<AtsDeliveriesTable | undefined> {
  return db
    .selectFrom('ats_deliveries')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Whether a row before `sequence` in `stream` is still unsent (FIFO). */
export async function hasUnsentBefore(
  db: DbOrTrx,
  stream: string,
  sequence: number,
  statuses: readonly AtsDeliveryStatus[],
): Promise<boolean> {
  const row = await db
    .selectFrom('ats_deliveries')
    .select('id')
    .where('stream', '=', stream)
    .where('sequence', '<', sequence)
    .where('status', 'in', statuses)
    .executeTakeFirst();
  return row !== undefined;
}

/** The oldest row of `stream` in one of `statuses`. */
export function firstInStream(
  db: DbOrTrx,
  stream: string,
  statuses: readonly AtsDeliveryStatus[],
): Promise<AtsDeliveriesTable | undefined> {
  return db
    .selectFrom('ats_deliveries')
    .selectAll()
    .where('stream', '=', stream)
    .where('status', 'in', statuses)
    .orderBy('sequence', 'asc')
    .executeTakeFirst();
}

/**
 * Update a delivery only while it is still in `expected` (status and attempts): a stale worker
 * or a concurrent job run changes 0 rows.
 */
export async function updateDeliveryIf(
  db: DbOrTrx,
  id: string,
  expected: { status: AtsDeliveryStatus | readonly AtsDeliveryStatus[]; attempts?: number },
  changes: Updateable<Database['ats_deliveries']>,
): Promise<boolean> {
  let query = db.updateTable('ats_deliveries').set(changes).where('id', '=', id);
  query =
    typeof expected.status === 'string'
      ? query.where('status', '=', expected.status)
      : query.where('status', 'in', expected.status);
  if (expected.attempts !== undefined) query = query.where('attempts', '=', expected.attempts);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export function listConnectionDeliveries(
  db: DbOrTrx,
  connectionId: string,
  statuses: readonly AtsDeliveryStatus[],
): Promise<AtsDeliveriesTable[]> {
  return db
    .selectFrom('ats_deliveries')
    .selectAll()
    .where('connection_id', '=', connectionId)
    .where('status', 'in', statuses)
    .orderBy('stream')
    .orderBy('sequence')
    .execute();
}

export async function countFailing(
  db: DbOrTrx,
  organizationId: string,
  provider: AtsProviderId,
): Promise<number> {
  const row = await db
    .selectFrom('ats_deliveries')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('organization_id', '=', organizationId)
    .where('provider', '=', provider)
    .where('status', 'in', ['dead', 'needs_credentials'])
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export type DeliveryListRow = AtsDeliveriesTable & {
  candidate_name: string | null;
  test_name: string | null;
};

export async function listDeliveries(
  db: DbOrTrx,
  filter: {
    organizationId: string;
    provider?: AtsProviderId | undefined;
    status?: AtsDeliveryStatus | undefined;
    limit: number;
    offset: number;
  },
): Promise<{ rows: DeliveryListRow[]; total: number }> {
  let base = db.selectFrom('ats_deliveries as d').where('d.organization_id', '=', filter.organizationId);
  if (filter.provider) base = base.where('d.provider', '=', filter.provider);
  if (filter.status) base = base.where('d.status', '=', filter.status);
  const count = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  const rows = await base
    .leftJoin('invitations as i', 'i.id', 'd.invitation_id')
    .leftJoin('candidates as c', 'c.id', 'i.candidate_id')
    .selectAll('d')
    .select(['c.name as candidate_name', 'i.test_name as test_name'])
    .orderBy('d.created_at', 'desc')
    .orderBy('d.id', 'desc')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
  return { rows, total: Number(count?.n ?? 0) };
}

/** One delivery with its candidate and test names. */
export function findDeliveryListRow(
  db: DbOrTrx,
  organizationId: string,
  id: string,
): Promise<DeliveryListRow | undefined> {
  return db
    .selectFrom('ats_deliveries as d')
    .leftJoin('invitations as i', 'i.id', 'd.invitation_id')
    .leftJoin('candidates as c', 'c.id', 'i.candidate_id')
    .selectAll('d')
    .select(['c.name as candidate_name', 'i.test_name as test_name'])
    .where('d.organization_id', '=', organizationId)
    .where('d.id', '=', id)
    .executeTakeFirst();
}

/**
 * Whether another delivery of the connection entered `status` (`dead`, `needs_credentials`)
 * since `since` and is still in it (one admin notice per connection per hour).
 */
export async function hasOtherInStatusSince(
  db: DbOrTrx,
  connectionId: string,
  deliveryId: string,
  status: AtsDeliveryStatus,
  since: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('ats_deliveries')
    .select('id')
    .where('connection_id', '=', connectionId)
    .where('status', '=', status)
    .where('id', '!=', deliveryId)
    .where('updated_at', '>=', since)
    .executeTakeFirst();
  return row !== undefined;
}

/** Serialize planners of one stream (PostgreSQL row lock on the order or candidate; SQLite serializes anyway). */
export async function lockStreamOwner(db: DbOrTrx, table: 'ats_orders' | 'candidates', id: string) {
  await db.selectFrom(table).select('id').where('id', '=', id).forUpdate().execute();
}

// ---- Candidates and invitations (read only) --------------------------------------------------

export function findCandidate(db: DbOrTrx, candidateId: string) {
  return db
    .selectFrom('candidates')
    .select([
      'id',
      'organization_id',
      'ats_status',
      'ats_provider',
      'ats_external_id',
      'ats_profile_url',
      'ats_url',
    ])
    .where('id', '=', candidateId)
    .executeTakeFirst();
}

/** The organization's candidate linked to `provider`'s candidate `externalId` (the most recently updated). */
export function findCandidateByAtsId(
  db: DbOrTrx,
  organizationId: string,
  provider: AtsProviderId,
  externalId: string,
) {
  return db
    .selectFrom('candidates')
    .select(['id'])
    .where('organization_id', '=', organizationId)
    .where('ats_provider', '=', provider)
    .where('ats_external_id', '=', externalId)
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

export function findInvitationCandidate(db: DbOrTrx, invitationId: string) {
  return db
    .selectFrom('invitations as i')
    .innerJoin('candidates as c', 'c.id', 'i.candidate_id')
    .select([
      'c.id',
      'c.organization_id',
      'c.ats_status',
      'c.ats_provider',
      'c.ats_external_id',
      'c.ats_profile_url',
      'c.ats_url',
    ])
    .where('i.id', '=', invitationId)
    .executeTakeFirst();
}

/** Who cancelled the invitation in Assay (audit log), when a member did. */
export async function findCancelledBy(db: DbOrTrx, invitationId: string): Promise<string | null> {
  const row = await db
    .selectFrom('audit_events as a')
    .innerJoin('users as u', 'u.id', 'a.actor_user_id')
    .select('u.name')
    .where('a.subject_type', '=', 'invitation')
    .where('a.subject_id', '=', invitationId)
    .where('a.action', '=', 'invitations.cancelled')
    .orderBy('a.occurred_at', 'desc')
    .executeTakeFirst();
  return row?.name ?? null;
}

// ---- Inbound errors --------------------------------------------------------------------------

export async function insertInboundError(db: DbOrTrx, row: AtsInboundErrorsTable): Promise<void> {
  await db.insertInto('ats_inbound_errors').values(row).execute();
}

export async function hasOtherInboundErrorSince(
  db: DbOrTrx,
  organizationId: string,
  id: string,
  since: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('ats_inbound_errors')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('id', '!=', id)
    .where('created_at', '>=', since)
    .executeTakeFirst();
  return row !== undefined;
}

export function listInboundErrors(
  db: DbOrTrx,
  organizationId: string,
  limit: number,
): Promise<AtsInboundErrorsTable[]> {
  return db
    .selectFrom('ats_inbound_errors')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/**
 * Record a partner call, at most once a minute per connection (partners poll read-only routes
 * such as `test_status`; a write per call would serialize them on SQLite). Returns whether it wrote.
 */
export async function touchConnectionInbound(
  db: DbOrTrx,
  connectionId: string,
  at: string,
  unlessSince: string,
): Promise<boolean> {
  const result = await db
    .updateTable('ats_connections')
    .set({ last_inbound_at: at })
    .where('id', '=', connectionId)
    .where((eb) => eb.or([eb('last_inbound_at', 'is', null), eb('last_inbound_at', '<', unlessSince)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
