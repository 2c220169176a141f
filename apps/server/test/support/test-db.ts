import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDb, migrateToLatest, type DbHandle } from '../../src/db/index.js';

/** Which dialect this test process runs on: `ASSAY_TEST_DIALECT=sqlite|postgres` (default sqlite). */
export const testDialect: 'sqlite' | 'postgres' =
  process.env.ASSAY_TEST_DIALECT === 'postgres' ? 'postgres' : 'sqlite';

export const TEST_POSTGRES_URL =
  process.env.ASSAY_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase extends DbHandle {
  /** Drop the schema / delete the file. */
  destroy(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: a temp SQLite file, or a fresh
 * PostgreSQL schema in the `test` database. Factories create their own organizations,
 * so tests in one file can share it without truncation.
 */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  if (testDialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'assay-test-db-'));
    const handle = createDb({ dialect: 'sqlite', path: join(dir, 'assay.db') });
    if (options.migrate !== false) await migrateToLatest(handle.db);
    return {
      ...handle,
      destroy: async () => {
        await handle.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const handle = createDb({ dialect: 'postgres', url: TEST_POSTGRES_URL, schema, poolSize: 4 });
  if (options.migrate !== false) await migrateToLatest(handle.db);
  return {
    ...handle,
    destroy: async () => {
      await handle.close();
      const c = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    },
  };
}
