import { sql, type Kysely } from 'kysely';

// Candidates (one per email per organization) and their invitations to a test.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('candidates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('ats_url', 'text')
    .addColumn('ats_status', 'text', (c) => c.notNull().defaultTo('none'))
    .addColumn('ats_provider', 'text')
    .addColumn('ats_external_id', 'text')
    .addColumn('ats_profile_url', 'text')
    .addColumn('ats_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // One record per email per organization, whatever the case of the address.
  await sql`create unique index candidates_org_email_uq on candidates (organization_id, lower(email))`.execute(
    db,
  );

  await db.schema
    .createTable('invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('candidate_id', 'text', (c) => c.notNull().references('candidates.id').onDelete('cascade'))
    .addColumn('test_id', 'text', (c) => c.notNull())
    .addColumn('test_version_id', 'text', (c) => c.notNull())
    .addColumn('test_name', 'text', (c) => c.notNull())
    .addColumn('test_kind', 'text', (c) => c.notNull())
    .addColumn('languages', 'text', (c) => c.notNull())
    .addColumn('time_limit_minutes', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    // Null until the invitation mail issues a link (only the hash is stored).
    .addColumn('token_hash', 'text', (c) => c.unique())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('extra_time_minutes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('time_extension_minutes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('message', 'text')
    .addColumn('invited_by_user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('reinvited_from_id', 'text')
    .addColumn('score', 'real')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('opened_at', 'text')
    .addColumn('started_at', 'text')
    .addColumn('submitted_at', 'text')
    .addColumn('graded_at', 'text')
    .addColumn('cancelled_at', 'text')
    .addColumn('expired_at', 'text')
    .addColumn('reminder_sent_at', 'text')
    .execute();
  await db.schema
    .createIndex('invitations_org_created_idx')
    .on('invitations')
    .columns(['organization_id', 'created_at', 'id'])
    .execute();
  await db.schema.createIndex('invitations_candidate_idx').on('invitations').column('candidate_id').execute();
  await db.schema
    .createIndex('invitations_status_expiry_idx')
    .on('invitations')
    .columns(['status', 'expires_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('invitations').execute();
  await db.schema.dropTable('candidates').execute();
}
