import type { Kysely } from 'kysely';

// The provider-neutral ATS core (modules/ats): API keys ATSs present to us, one connection per
// organization and provider, the access tokens we issue partners, orders (inbound test
// requests, deduplicated on the partner's callback URL), the delivery outbox and the error
// reports partners send us. Provider-specific data lives in JSON text columns.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ats_api_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('display_prefix', 'text', (c) => c.notNull())
    .addColumn('created_by_user_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema
    .createIndex('ats_api_keys_org_idx')
    .on('ats_api_keys')
    .columns(['organization_id', 'provider', 'created_at'])
    .execute();

  await db.schema
    .createTable('ats_connections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_reason', 'text')
    .addColumn('external_account_id', 'text')
    .addColumn('inbound_client_id', 'text', (c) => c.unique())
    .addColumn('inbound_client_secret_hash', 'text')
    .addColumn('credentials_sealed', 'text')
    .addColumn('provider_data', 'text', (c) => c.notNull())
    .addColumn('connected_at', 'text')
    .addColumn('last_inbound_at', 'text')
    .addColumn('last_outbound_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('ats_connections_org_provider_key', ['organization_id', 'provider'])
    .addUniqueConstraint('ats_connections_account_key', ['provider', 'external_account_id'])
    .execute();

  await db.schema
    .createTable('ats_access_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('connection_id', 'text', (c) =>
      c.notNull().references('ats_connections.id').onDelete('cascade'),
    )
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema
    .createIndex('ats_access_tokens_connection_idx')
    .on('ats_access_tokens')
    .columns(['connection_id', 'expires_at'])
    .execute();

  await db.schema
    .createTable('ats_orders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('connection_id', 'text', (c) => c.references('ats_connections.id').onDelete('set null'))
    .addColumn('provider', 'text', (c) => c.notNull())
    // SmartRecruiters: the companyId; Greenhouse: the organization id.
    .addColumn('scope_key', 'text', (c) => c.notNull())
    // SmartRecruiters: resultCallbackURL; Greenhouse: the send_test `url`.
    .addColumn('order_key', 'text', (c) => c.notNull())
    .addColumn('test_id', 'text', (c) => c.notNull())
    .addColumn('candidate_email', 'text', (c) => c.notNull())
    .addColumn('candidate_external_id', 'text')
    .addColumn('invitation_id', 'text', (c) => c.references('invitations.id').onDelete('set null'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reject_reason', 'text')
    .addColumn('requester', 'text')
    .addColumn('provider_data', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('ats_orders_key', ['provider', 'scope_key', 'order_key'])
    .execute();
  await db.schema.createIndex('ats_orders_invitation_idx').on('ats_orders').column('invitation_id').execute();
  await db.schema
    .createIndex('ats_orders_org_idx')
    .on('ats_orders')
    .columns(['organization_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('ats_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('connection_id', 'text', (c) => c.references('ats_connections.id').onDelete('set null'))
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('order_id', 'text', (c) => c.references('ats_orders.id').onDelete('cascade'))
    .addColumn('invitation_id', 'text')
    .addColumn('candidate_id', 'text')
    // FIFO per stream (`order:<id>` or `candidate:<id>`), by `sequence`.
    .addColumn('stream', 'text', (c) => c.notNull())
    .addColumn('sequence', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('cause', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull())
    // What was sent: frozen at the first attempt, so every retry sends the same bytes.
    .addColumn('payload', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('last_response_status', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('last_response_body', 'text')
    .addColumn('delivered_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('ats_deliveries_stream_sequence_key', ['stream', 'sequence'])
    .execute();
  await db.schema
    .createIndex('ats_deliveries_org_status_idx')
    .on('ats_deliveries')
    .columns(['organization_id', 'status', 'created_at'])
    .execute();
  await db.schema
    .createIndex('ats_deliveries_invitation_idx')
    .on('ats_deliveries')
    .column('invitation_id')
    .execute();

  await db.schema
    .createTable('ats_inbound_errors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('invitation_id', 'text')
    .addColumn('api_call', 'text', (c) => c.notNull())
    .addColumn('errors', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('ats_inbound_errors_org_idx')
    .on('ats_inbound_errors')
    .columns(['organization_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('ats_inbound_errors').execute();
  await db.schema.dropTable('ats_deliveries').execute();
  await db.schema.dropTable('ats_orders').execute();
  await db.schema.dropTable('ats_access_tokens').execute();
  await db.schema.dropTable('ats_connections').execute();
  await db.schema.dropTable('ats_api_keys').execute();
}
