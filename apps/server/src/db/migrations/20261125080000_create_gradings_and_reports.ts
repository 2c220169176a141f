import type { Kysely } from 'kysely';

// Grading runs of a submitted attempt (re-grades add rows), reviewer notes, per-criterion score
// overrides (the automatic score stays in `gradings`) and report share links (token hashes).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('gradings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('attempt_id', 'text', (c) => c.notNull().references('attempts.id').onDelete('cascade'))
    .addColumn('invitation_id', 'text', (c) => c.notNull())
    .addColumn('test_version_id', 'text', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('commit', 'text', (c) => c.notNull())
    .addColumn('score', 'real')
    .addColumn('result', 'text')
    .addColumn('log', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('requested_by_user_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addUniqueConstraint('gradings_attempt_number_uq', ['attempt_id', 'number'])
    .execute();
  await db.schema
    .createIndex('gradings_version_idx')
    .on('gradings')
    .columns(['test_version_id', 'status'])
    .execute();
  await db.schema
    .createIndex('gradings_invitation_idx')
    .on('gradings')
    .columns(['invitation_id', 'number'])
    .execute();
  await db.schema
    .createTable('report_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('invitation_id', 'text', (c) => c.notNull().references('invitations.id').onDelete('cascade'))
    .addColumn('user_id', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('report_notes_invitation_idx')
    .on('report_notes')
    .column('invitation_id')
    .execute();
  await db.schema
    .createTable('report_overrides')
    .addColumn('invitation_id', 'text', (c) => c.notNull().references('invitations.id').onDelete('cascade'))
    .addColumn('criterion_id', 'text', (c) => c.notNull())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('points', 'real', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_overrides_pk', ['invitation_id', 'criterion_id'])
    .execute();
  await db.schema
    .createTable('report_share_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('invitation_id', 'text', (c) => c.notNull().references('invitations.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by_user_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('report_share_links').execute();
  await db.schema.dropTable('report_overrides').execute();
  await db.schema.dropTable('report_notes').execute();
  await db.schema.dropTable('gradings').execute();
}
