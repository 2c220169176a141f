import type { Kysely } from 'kysely';

// Data rights: a per-organization retention period after which candidates are erased
// automatically (null = keep), and the anonymous scores erasure leaves behind for the
// per-test-version statistics (no candidate, invitation or attempt id; the day only).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('organizations').addColumn('candidate_retention_days', 'integer').execute();
  await db.schema
    .createTable('anonymous_scores')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('test_id', 'text', (c) => c.notNull())
    .addColumn('test_version_id', 'text', (c) => c.notNull())
    .addColumn('score', 'real', (c) => c.notNull())
    .addColumn('graded_on', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('anonymous_scores_version_idx')
    .on('anonymous_scores')
    .column('test_version_id')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('anonymous_scores').execute();
  await db.schema.alterTable('organizations').dropColumn('candidate_retention_days').execute();
}
