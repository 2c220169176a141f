import type { DbOrTrx } from '../../db/index.js';
import { newId } from '../../platform/crypto/index.js';
import { findAuditEvents, insertAuditEvent, type AuditEventFilter } from './audit.repository.js';

/** What a feature records. `action` is `module.verb` (`identity.login`); never secrets in `data`. */
export interface AuditEventInput {
  organizationId: string | null;
  actorUserId: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  data?: Record<string, unknown>;
  occurredAt: Date;
}

export interface AuditEvent {
  id: string;
  organizationId: string | null;
  actorUserId: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  data: Record<string, unknown>;
  occurredAt: string;
}

/**
 * Append an audit event. Call it with the transaction that makes the change, so the
 * trail and the change commit together.
 */
export async function recordAuditEvent(trx: DbOrTrx, event: AuditEventInput): Promise<void> {
  await insertAuditEvent(trx, {
    id: newId(),
    organization_id: event.organizationId,
    actor_user_id: event.actorUserId,
    action: event.action,
    subject_type: event.subjectType,
    subject_id: event.subjectId,
    data: JSON.stringify(event.data ?? {}),
    occurred_at: event.occurredAt.toISOString(),
  });
}

export type AuditEventQuery = Omit<AuditEventFilter, 'before'> & { cursor?: string };

/**
 * One organization's events, newest first. `nextCursor` is opaque (null on the last page).
 * @throws nothing; an unreadable cursor starts from the newest event.
 */
export async function listAuditEvents(
  db: DbOrTrx,
  query: AuditEventQuery,
): Promise<{ items: AuditEvent[]; nextCursor: string | null }> {
  const { cursor, ...filter } = query;
  const before = cursor === undefined ? undefined : decodeCursor(cursor);
  const rows = await findAuditEvents(db, {
    ...filter,
    ...(before ? { before } : {}),
    limit: filter.limit + 1,
  });
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      id: r.id,
      organizationId: r.organization_id,
      actorUserId: r.actor_user_id,
      action: r.action,
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      data: parseData(r.data),
      occurredAt: r.occurred_at,
    })),
    nextCursor: rows.length > filter.limit && last ? encodeCursor(last.occurred_at, last.id) : null,
  };
}

function parseData(text: string): Record<string, unknown> {
  const value: unknown = JSON.parse(text);
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function encodeCursor(occurredAt: string, id: string): string {
  return Buffer.from(JSON.stringify([occurredAt, id]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { occurredAt: string; id: string } | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && typeof value[0] === 'string' && typeof value[1] === 'string') {
      return { occurredAt: value[0], id: value[1] };
    }
  } catch {
    // fall through: treat as no cursor
  }
  return undefined;
}
