import type { Kysely } from 'kysely';

// When the current run of attempts began: ATS deliveries give up 3 days after it (reliability
// §1). Reset by Retry and by re-queueing after credentials are saved, so each run gets 3 days.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('ats_deliveries').addColumn('first_attempt_at', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('ats_deliveries').dropColumn('first_attempt_at').execute();
}
