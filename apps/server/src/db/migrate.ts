import { Migrator, PostgresAdapter, sql, type MigrationResultSet } from 'kysely';
import type { Db } from './create-db.js';
import { migrations } from './migrations/index.js';

async function migrator(db: Db): Promise<Migrator> {
  // Kysely looks for its migration tables in every schema unless told which one; on
  // PostgreSQL pin it to the current schema, or another schema's tables (parallel test
  // schemas, other apps) would be taken for ours.
  let migrationTableSchema: string | undefined;
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
    migrationTableSchema = rows[0]?.schema;
  }
  return new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  });
}

function unwrap(result: MigrationResultSet): string[] {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const err = result.error instanceof Error ? result.error : new Error(JSON.stringify(result.error));
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${err.message}`, {
      cause: err,
    });
  }
  return (result.results ?? []).map((r) => r.migrationName);
}

/** Apply every pending migration. Returns the names applied. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  return unwrap(await (await migrator(db)).migrateToLatest());
}

/** Undo the most recent migration. Returns the names undone. */
export async function migrateDown(db: Db): Promise<string[]> {
  return unwrap(await (await migrator(db)).migrateDown());
}

/** Names of migrations not yet applied. */
export async function pendingMigrations(db: Db): Promise<string[]> {
  const all = await (await migrator(db)).getMigrations();
  return all.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
