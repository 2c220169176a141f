import type { DbOrTrx } from '../../db/index.js';
import type { WebhookDeliveriesTable, WebhookEndpointsTable } from '../../db/schema/webhooks.table.js';

/** All queries on `webhook_endpoints` and `webhook_deliveries`. */

export async function insertEndpoint(db: DbOrTrx, row: WebhookEndpointsTable): Promise<void> {
  await db.insertInto('webhook_endpoints').values(row).execute();
}

export function listEndpoints(db: DbOrTrx, organizationId: string): Promise<WebhookEndpointsTable[]> {
  return db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .execute();
}

export function listEnabledEndpoints(db: DbOrTrx, organizationId: string): Promise<WebhookEndpointsTable[]> {
  return db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('enabled', '=', 1)
    .execute();
}

export function findEndpoint(
  db: DbOrTrx,
  organizationId: string,
  id: string,
): Promise<WebhookEndpointsTable | undefined> {
  return db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function updateEndpoint(
  db: DbOrTrx,
  id: string,
  changes: Partial<Omit<WebhookEndpointsTable, 'id' | 'organization_id' | 'created_at'>>,
): Promise<void> {
  await db.updateTable('webhook_endpoints').set(changes).where('id', '=', id).execute();
}

export async function deleteEndpoint(db: DbOrTrx, organizationId: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('webhook_endpoints')
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function insertDelivery(db: DbOrTrx, row: WebhookDeliveriesTable): Promise<void> {
  await db.insertInto('webhook_deliveries').values(row).execute();
}

export function findDelivery(db: DbOrTrx, id: string): Promise<WebhookDeliveriesTable | undefined> {
  return db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findOrgDelivery(
  db: DbOrTrx,
  organizationId: string,
  id: string,
): Promise<WebhookDeliveriesTable | undefined> {
  return db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export function listDeliveries(
  db: DbOrTrx,
  filter: { organizationId: string; endpointId: string; status?: string; limit: number },
): Promise<WebhookDeliveriesTable[]> {
  let query = db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('organization_id', '=', filter.organizationId)
    .where('endpoint_id', '=', filter.endpointId);
  if (filter.status) query = query.where('status', '=', filter.status);
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
}

/** Update a delivery only if it is still in `expectedStatus` (a stale job run touches 0 rows). */
export async function updateDelivery(
  db: DbOrTrx,
  id: string,
  expectedStatus: string,
  changes: Partial<Omit<WebhookDeliveriesTable, 'id' | 'organization_id' | 'endpoint_id' | 'message_id'>>,
): Promise<boolean> {
  const result = await db
    .updateTable('webhook_deliveries')
    .set(changes)
    .where('id', '=', id)
    .where('status', '=', expectedStatus)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Whether another delivery to the endpoint went dead since `since` (admins get one notice per day). */
export async function hasOtherDeadSince(db: DbOrTrx, endpointId: string, deliveryId: string, since: string) {
  const row = await db
    .selectFrom('webhook_deliveries')
    .select('id')
    .where('endpoint_id', '=', endpointId)
    .where('status', '=', 'dead')
    .where('id', '!=', deliveryId)
    .where('updated_at', '>=', since)
    .executeTakeFirst();
  return row !== undefined;
}
