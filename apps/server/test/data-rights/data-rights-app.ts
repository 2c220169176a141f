import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { sql } from 'kysely';
import type { Role } from '@assay/contracts';
import { createDb, migrateToLatest, type Db } from '../../src/db/index.js';
import { newId } from '../../src/platform/crypto/index.js';
import { createRepoStore } from '../../src/platform/git/index.js';
import type { SeededUser } from '../identity/identity-fixtures.js';
import { makePublishedTest } from '../invitations/invitation-factories.js';
import { buildOrgApp, ROLES, type Caller } from '../support/org-app.js';
import { createTestDatabase, testDialect, type TestDatabase } from '../support/test-db.js';

export { ROLES, type Caller } from '../support/org-app.js';

/**
 * The real app with a real DATA_DIR: on SQLite the database file lives in it
 * (`<DATA_DIR>/assay.db`, as `assay serve` keeps it), repositories under `<DATA_DIR>/repos`.
 * Inline job queue, manual clock.
 */
export async function buildDataRightsApp(start = new Date('2026-03-02T09:00:00.000Z')) {
  const dataDir = mkdtempSync(join(tmpdir(), 'assay-data-rights-'));
  let database: TestDatabase;
  if (testDialect === 'sqlite') {
    const handle = createDb({ dialect: 'sqlite', path: join(dataDir, 'assay.db') });
    await migrateToLatest(handle.db);
    database = { ...handle, destroy: () => handle.close() };
  } else {
    database = await createTestDatabase();
  }
  const base = await buildOrgApp({
    name: 'data-rights',
    database,
    dataDir,
    start,
    captureLogs: false,
    sessions: { reauth: true },
  });
  const { db, clock, sessionFor } = base;
  const repos = createRepoStore({ root: join(dataDir, 'repos') });
  let closed = false;

  return {
    ...base,
    repos,
    /** An organization with one member per role; `as` are re-authenticated sessions, `plain` are not. */
    async organization(): Promise<{
      id: string;
      users: Record<Role, SeededUser>;
      as: Record<Role, Caller>;
      plain: Record<Role, Caller>;
    }> {
      const org = await base.organization();
      const plain = {} as Record<Role, Caller>;
      for (const role of ROLES) plain[role] = await sessionFor(org.users[role].id, org.id, false);
      return { ...org, plain };
    },
    publishedTest: (organizationId: string) => makePublishedTest(db, organizationId, { at: clock.now() }),
    /** Close the app and the database (idempotent); the DATA_DIR stays until `close`. */
    async stop() {
      if (closed) return;
      closed = true;
      await base.close();
    },
    async close() {
      if (!closed) {
        closed = true;
        await base.close();
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type DataRightsApp = Awaited<ReturnType<typeof buildDataRightsApp>>;

/** A unique lowercase canary (letters, digits and dashes, so no encoding changes it). */
export function newCanary(): string {
  return `canary-${randomBytes(8).toString('hex')}`;
}

/**
 * Every file under `dir` containing `needle` (case-insensitive): raw bytes, and for zlib
 * streams (git loose objects) the inflated bytes too. Returns the relative paths.
 */
export function grepTree(dir: string, needle: string): string[] {
  const hits: string[] = [];
  const lower = needle.toLowerCase();
  const walk = (path: string, rel: string) => {
    for (const name of readdirSync(path)) {
      const full = join(path, name);
      const relative = rel ? `${rel}/${name}` : name;
      const stat = statSync(full);
      if (stat.isDirectory()) {
        walk(full, relative);
        continue;
      }
      const bytes = readFileSync(full);
      if (contains(bytes, lower)) {
        hits.push(relative);
        continue;
      }
      try {
        if (contains(inflateSync(bytes), lower)) hits.push(`${relative} (inflated)`);
      } catch {
        // not a zlib stream
      }
    }
  };
  walk(dir, '');
  return hits;
}

function contains(bytes: Buffer, lowerNeedle: string): boolean {
  return bytes.toString('latin1').toLowerCase().includes(lowerNeedle);
}

/** Every (table, text column) of the database holding `needle` (case-insensitive), with counts. */
export async function rowsContaining(db: Db, needle: string): Promise<string[]> {
  const columns =
    testDialect === 'sqlite'
      ? await sqliteTextColumns(db)
      : (
          await sql<{ table_name: string; column_name: string }>`
            select table_name, column_name from information_schema.columns
            where table_schema = current_schema() and data_type in ('text', 'character varying')`.execute(db)
        ).rows;
  const found: string[] = [];
  for (const { table_name: table, column_name: column } of columns) {
    const { rows } = await sql<{ n: number | string }>`
      select count(*) as n from ${sql.table(table)}
      where lower(cast(${sql.ref(column)} as text)) like ${`%${needle.toLowerCase()}%`}`.execute(db);
    const n = Number(rows[0]?.n ?? 0);
    if (n > 0) found.push(`${table}.${column}: ${String(n)}`);
  }
  return found;
}

async function sqliteTextColumns(db: Db): Promise<{ table_name: string; column_name: string }[]> {
  const { rows: tables } = await sql<{ name: string }>`
    select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db);
  const out: { table_name: string; column_name: string }[] = [];
  for (const { name } of tables) {
    const { rows } = await sql<{ name: string }>`select name from pragma_table_info(${name})`.execute(db);
    for (const column of rows) out.push({ table_name: name, column_name: column.name });
  }
  return out;
}

export { newId };
