import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../../src/db/index.js';
import type { JobDefinition } from '../../../src/platform/jobs/index.js';

/** Tables the crash tests check invariants in (created by the test, not by migrations). */
export async function createCrashTables(db: Db): Promise<void> {
  await sql`create table crash_runs (business_id text not null, attempt integer not null, pid integer not null)`.execute(
    db,
  );
  await sql`create table crash_effects (business_id text primary key, applied_by integer not null)`.execute(
    db,
  );
}

/**
 * An idempotent handler keyed on a business id: it records each run, optionally blocks
 * (so the test can kill or stop the process mid-job), then applies its effect at most
 * once (insert … on conflict do nothing on the business id).
 */
export function crashJob(
  db: Db,
  options: { blockMs: number; announce: (line: string) => void },
): JobDefinition<{ businessId: string }> {
  return {
    name: 'test.crash-effect',
    payload: z.object({ businessId: z.string() }),
    async handler({ businessId }, ctx) {
      await sql`insert into crash_runs (business_id, attempt, pid) values (${businessId}, ${ctx.attempt}, ${process.pid})`.execute(
        db,
      );
      options.announce(`START ${businessId} ${ctx.attempt}`);
      if (options.blockMs > 0) await new Promise((r) => setTimeout(r, options.blockMs));
      await sql`insert into crash_effects (business_id, applied_by) values (${businessId}, ${process.pid}) on conflict do nothing`.execute(
        db,
      );
      options.announce(`EFFECT ${businessId}`);
    },
  };
}
