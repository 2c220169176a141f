import type { Kysely } from 'kysely';

// The challenge library (built-in + imported, immutable versions) and tests (draft + published
// immutable versions pinned to challenge versions).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('challenges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // NULL: Assay's built-in library, visible to every organization.
    .addColumn('organization_id', 'text', (c) => c.references('organizations.id').onDelete('cascade'))
    // organization_id, or 'builtin': NULLs are distinct in unique indexes on both dialects.
    .addColumn('owner_key', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('latest_version_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('challenges_owner_slug_unique', ['owner_key', 'slug'])
    .execute();
  await db.schema
    .createTable('challenge_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('challenge_id', 'text', (c) => c.notNull().references('challenges.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('difficulty', 'text')
    .addColumn('languages', 'text', (c) => c.notNull())
    .addColumn('suggested_minutes', 'integer')
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('manifest', 'text', (c) => c.notNull())
    .addColumn('statement_markdown', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('files_path', 'text', (c) => c.notNull())
    .addColumn('created_by_user_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('challenge_versions_number_unique', ['challenge_id', 'number'])
    .execute();
  await db.schema
    .createTable('tests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('challenges', 'text', (c) => c.notNull())
    .addColumn('time_limit_minutes', 'integer', (c) => c.notNull())
    .addColumn('validity_days', 'integer', (c) => c.notNull())
    .addColumn('allowed_languages', 'text', (c) => c.notNull())
    .addColumn('instructions', 'text', (c) => c.notNull())
    .addColumn('show_feedback', 'integer', (c) => c.notNull())
    .addColumn('published_version_id', 'text')
    .addColumn('published_version_number', 'integer')
    .addColumn('has_unpublished_changes', 'integer', (c) => c.notNull())
    .addColumn('archived_at', 'text')
    .addColumn('created_by_user_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('tests_org_updated_idx')
    .on('tests')
    .columns(['organization_id', 'updated_at'])
    .execute();
  await db.schema
    .createTable('test_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('test_id', 'text', (c) => c.notNull().references('tests.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('time_limit_minutes', 'integer', (c) => c.notNull())
    .addColumn('validity_days', 'integer', (c) => c.notNull())
    .addColumn('allowed_languages', 'text', (c) => c.notNull())
    .addColumn('instructions', 'text', (c) => c.notNull())
    .addColumn('show_feedback', 'integer', (c) => c.notNull())
    .addColumn('published_by_user_id', 'text')
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('test_versions_number_unique', ['test_id', 'number'])
    .execute();
  await db.schema
    .createTable('test_version_challenges')
    .addColumn('test_version_id', 'text', (c) =>
      c.notNull().references('test_versions.id').onDelete('cascade'),
    )
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('challenge_version_id', 'text', (c) => c.notNull().references('challenge_versions.id'))
    .addColumn('weight', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('test_version_challenges_pk', ['test_version_id', 'position'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('test_version_challenges').execute();
  await db.schema.dropTable('test_versions').execute();
  await db.schema.dropTable('tests').execute();
  await db.schema.dropTable('challenge_versions').execute();
  await db.schema.dropTable('challenges').execute();
}
