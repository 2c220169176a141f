import type { DbOrTrx } from '../../db/index.js';
import type { AuditEventsTable } from '../../db/schema/audit-events.table.js';

export type AuditEventRow = AuditEventsTable;

/** Append one audit event (the table is append-only: no update or delete exists). */
export async function insertAuditEvent(db: DbOrTrx, row: AuditEventRow): Promise<void> {
  await db.insertInto('audit_events').values(row).execute();
}

export interface AuditEventFilter {
  organizationId: string;
  action?: string;
  actorUserId?: string;
  subjectType?: string;
  subjectId?: string;
  /** ISO timestamps, inclusive lower and exclusive upper bound. */
  from?: string;
  to?: string;
  /** Keyset cursor: rows strictly older than this (occurred_at, id). */
  before?: { occurredAt: string; id: string };
  limit: number;
}

/** One organization's events, newest first, filtered, keyset-paginated. */
export async function findAuditEvents(db: DbOrTrx, filter: AuditEventFilter): Promise<AuditEventRow[]> {
  let query = db.selectFrom('audit_events').selectAll().where('organization_id', '=', filter.organizationId);
  if (filter.action !== undefined) query = query.where('action', '=', filter.action);
  if (filter.actorUserId !== undefined) query = query.where('actor_user_id', '=', filter.actorUserId);
  if (filter.subjectType !== undefined) query = query.where('subject_type', '=', filter.subjectType);
  if (filter.subjectId !== undefined) query = query.where('subject_id', '=', filter.subjectId);
  if (filter.from !== undefined) query = query.where('occurred_at', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('occurred_at', '<', filter.to);
  const before = filter.before;
  if (before !== undefined) {
    query = query.where((eb) =>
      eb.or([
        eb('occurred_at', '<', before.occurredAt),
        eb.and([eb('occurred_at', '=', before.occurredAt), eb('id', '<', before.id)]),
      ]),
    );
  }
  return query.orderBy('occurred_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
}
