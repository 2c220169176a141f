import type { Kysely } from 'kysely';

// Candidate attempts: one per invitation (created by Start), the candidate's attempt sessions
// (cookie hashes), IDE drafts not yet committed to the attempt's git repository, and the
// attempt timeline (commits, pushes, runs, submission).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('invitation_id', 'text', (c) =>
      c.notNull().unique().references('invitations.id').onDelete('cascade'),
    )
    .addColumn('test_version_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('initial_commit', 'text', (c) => c.notNull())
    .addColumn('head_commit', 'text', (c) => c.notNull())
    .addColumn('head_committed_at', 'text', (c) => c.notNull())
    .addColumn('last_draft_commit_at', 'text')
    .addColumn('git_password_hash', 'text', (c) => c.notNull())
    .addColumn('git_password_sealed', 'text', (c) => c.notNull())
    .addColumn('language', 'text')
    .addColumn('submitted_at', 'text')
    .addColumn('submitted_commit', 'text')
    .addColumn('submit_reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('attempts_org_idx')
    .on('attempts')
    .columns(['organization_id', 'started_at'])
    .execute();
  await db.schema
    .createTable('attempt_sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('attempt_id', 'text', (c) => c.notNull().references('attempts.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('attempt_sessions_attempt_idx')
    .on('attempt_sessions')
    .column('attempt_id')
    .execute();
  await db.schema
    .createTable('attempt_drafts')
    .addColumn('attempt_id', 'text', (c) => c.notNull().references('attempts.id').onDelete('cascade'))
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('content', 'text')
    .addColumn('deleted', 'integer', (c) => c.notNull())
    .addColumn('base_commit', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('attempt_drafts_pk', ['attempt_id', 'path'])
    .execute();
  await db.schema
    .createTable('attempt_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('attempt_id', 'text', (c) => c.notNull().references('attempts.id').onDelete('cascade'))
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('attempt_events_attempt_idx')
    .on('attempt_events')
    .columns(['attempt_id', 'at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('attempt_events').execute();
  await db.schema.dropTable('attempt_drafts').execute();
  await db.schema.dropTable('attempt_sessions').execute();
  await db.schema.dropTable('attempts').execute();
}
