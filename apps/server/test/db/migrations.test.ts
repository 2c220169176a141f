import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDown, migrateToLatest, pendingMigrations } from '../../src/db/index.js';
import { migrations } from '../../src/db/migrations/index.js';
import { createTestDatabase, testDialect, type TestDatabase } from '../support/test-db.js';

const names = Object.keys(migrations);

/** This database's tables (on PostgreSQL: this test's schema only; other test files run beside it). */
async function tableNames(database: TestDatabase): Promise<string[]> {
  const schema =
    testDialect === 'postgres'
      ? (await sql<{ s: string }>`select current_schema() as s`.execute(database.db)).rows[0]?.s
      : undefined;
  const tables = await database.db.introspection.getTables();
  return tables
    .filter((t) => schema === undefined || t.schema === schema)
    .map((t) => t.name)
    .filter((n) => !n.startsWith('kysely_'));
}

describe(`migrations (${testDialect})`, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
  });
  afterAll(async () => {
    await database.destroy();
  });

  it('are named YYYYMMDDHHmmss_verb_object and listed in order', () => {
    for (const name of names) expect(name).toMatch(/^\d{14}_[a-z]+(_[a-z0-9]+)+$/);
    expect([...names].sort()).toEqual(names);
  });

  it('apply up, step all the way down one by one, and apply up again', async () => {
    expect(await pendingMigrations(database.db)).toEqual(names);
    expect(await migrateToLatest(database.db)).toEqual(names);
    expect(await pendingMigrations(database.db)).toEqual([]);
    const tables = await tableNames(database);
    expect(tables).toEqual(
      expect.arrayContaining(['organizations', 'users', 'jobs', 'mails', 'audit_events']),
    );

    for (const name of [...names].reverse()) {
      expect(await migrateDown(database.db)).toEqual([name]);
    }
    expect(await tableNames(database)).toEqual([]);
    expect(await migrateToLatest(database.db)).toEqual(names);
    expect((await tableNames(database)).sort()).toEqual(tables.sort());
  });
});
