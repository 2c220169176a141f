import { sql, type Kysely } from 'kysely';

// The SQLite job outbox (embedded mode). On PostgreSQL pg-boss keeps its own tables;
// the table exists there too so one migration set serves both dialects.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('organization_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('run_at', 'text', (c) => c.notNull())
    .addColumn('lease_until', 'text')
    .addColumn('locked_by', 'text')
    .addColumn('last_error', 'text')
    .addColumn('dedupe_key', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('jobs_due_idx').on('jobs').columns(['status', 'run_at']).execute();
  await db.schema
    .createIndex('jobs_org_status_idx')
    .on('jobs')
    .columns(['organization_id', 'status', 'updated_at'])
    .execute();
  // One pending/running job per (name, dedupe key); done and dead rows do not block a new one.
  await db.schema
    .createIndex('jobs_dedupe_uq')
    .on('jobs')
    .columns(['name', 'dedupe_key'])
    .unique()
    .where(sql.ref('status'), 'in', ['pending', 'running'])
    .where(sql.ref('dedupe_key'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('jobs').execute();
}
