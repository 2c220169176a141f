import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEvents, recordAuditEvent } from '../../src/modules/audit/index.js';
import { createTestDatabase, testDialect, type TestDatabase } from '../support/test-db.js';

describe(`audit events (${testDialect})`, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.destroy();
  });

  it('records events in the caller transaction and lists them newest first with filters and pages', async () => {
    const base = Date.parse('2026-02-01T00:00:00.000Z');
    await database.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 5; i++) {
        await recordAuditEvent(trx, {
          organizationId: 'org-a',
          actorUserId: 'user-1',
          action: i % 2 === 0 ? 'identity.login' : 'members.role_changed',
          subjectType: 'user',
          subjectId: `u${i}`,
          data: { i },
          occurredAt: new Date(base + i * 1000),
        });
      }
      await recordAuditEvent(trx, {
        organizationId: 'org-b',
        actorUserId: null,
        action: 'identity.login',
        subjectType: 'user',
        subjectId: null,
        occurredAt: new Date(base),
      });
    });
    const first = await listAuditEvents(database.db, { organizationId: 'org-a', limit: 2 });
    expect(first.items.map((e) => e.subjectId)).toEqual(['u4', 'u3']);
    expect(first.items[0]).toMatchObject({ action: 'identity.login', data: { i: 4 }, actorUserId: 'user-1' });
    expect(first.nextCursor).not.toBeNull();
    const second = await listAuditEvents(database.db, {
      organizationId: 'org-a',
      limit: 2,
      cursor: first.nextCursor ?? '',
    });
    expect(second.items.map((e) => e.subjectId)).toEqual(['u2', 'u1']);
    const logins = await listAuditEvents(database.db, {
      organizationId: 'org-a',
      action: 'identity.login',
      limit: 10,
    });
    expect(logins.items.map((e) => e.subjectId)).toEqual(['u4', 'u2', 'u0']);
    expect(logins.nextCursor).toBeNull();
    const other = await listAuditEvents(database.db, { organizationId: 'org-b', limit: 10 });
    expect(other.items).toHaveLength(1);
    expect(other.items[0]?.data).toEqual({});
  });
});
