import { sql } from 'kysely';
import pg from 'pg';
import type { Clock } from '../../../src/platform/clock/index.js';
import {
  createOutboxQueue,
  createPgBossQueue,
  type DeadLetters,
  type JobRegistry,
  type JobWorker,
  type Queue,
} from '../../../src/platform/jobs/index.js';
import { createLogger } from '../../../src/platform/log/index.js';
import { TEST_POSTGRES_URL, testDialect, type TestDatabase } from '../../support/test-db.js';

export type JobView = {
  id: string;
  name: string;
  status: 'pending' | 'running' | 'done' | 'dead';
  attempt: number;
  lastError: string | null;
  /** ms from now (database time on PostgreSQL, the test clock on SQLite) until it is due. */
  dueInMs: number;
};

export interface QueueUnderTest {
  queue: Queue;
  worker: JobWorker;
  deadLetters: DeadLetters;
  /** Make every waiting job due now (instead of sleeping through a backoff). */
  makeDue(): Promise<void>;
  /** Expire every running job's lease (instead of sleeping past it). */
  expireLeases(): Promise<void>;
  jobs(): Promise<JobView[]>;
  /** How a child-process worker connects to the same queue. */
  childEnv: Record<string, string>;
  close(): Promise<void>;
}

/** The current schema of a test database (PostgreSQL), where the app tables live. */
export async function currentSchema(database: TestDatabase): Promise<string> {
  const { rows } = await sql<{ s: string }>`select current_schema() as s`.execute(database.db);
  return rows[0]?.s ?? 'public';
}

/**
 * The production adapter of this test run's dialect: the SQL outbox on SQLite,
 * pg-boss on PostgreSQL, with helpers that backdate timestamps so tests never sleep.
 */
export async function createQueueUnderTest(options: {
  database: TestDatabase;
  registry: JobRegistry;
  clock: Clock;
  dbPath?: string;
}): Promise<QueueUnderTest> {
  const log = createLogger({ level: 'silent' });
  const { database, clock } = options;
  if (testDialect === 'sqlite') {
    const outbox = createOutboxQueue({
      db: database.db,
      registry: options.registry,
      clock,
      log,
      leaseMs: 60_000,
    });
    return {
      ...outbox,
      makeDue: async () => {
        await database.db
          .updateTable('jobs')
          .set({ run_at: clock.now().toISOString() })
          .where('status', '=', 'pending')
          .execute();
      },
      expireLeases: async () => {
        await database.db
          .updateTable('jobs')
          .set({ lease_until: new Date(clock.now().getTime() - 1).toISOString() })
          .where('status', '=', 'running')
          .execute();
      },
      jobs: async () => {
        const rows = await database.db.selectFrom('jobs').selectAll().orderBy('created_at').execute();
        return rows.map((r) => ({
          id: r.id,
          name: r.name,
          status: r.status,
          attempt: r.attempt,
          lastError: r.last_error,
          dueInMs: Date.parse(r.run_at) - clock.now().getTime(),
        }));
      },
      childEnv: { QUEUE_DIALECT: 'sqlite' },
      close: () => outbox.worker.stop(),
    };
  }
  const bossSchema = `${await currentSchema(database)}_boss`;
  const boss = createPgBossQueue({
    connectionString: TEST_POSTGRES_URL,
    schema: bossSchema,
    registry: options.registry,
    log,
    leaseSeconds: 60,
    expireEveryMs: 0,
    supervise: false,
  });
  await boss.start();
  const admin = new pg.Pool({ connectionString: TEST_POSTGRES_URL, max: 1 });
  return {
    queue: boss.queue,
    worker: boss.worker,
    deadLetters: boss.deadLetters,
    makeDue: async () => {
      await admin.query(
        `update ${bossSchema}.job set start_after = now() - interval '1 second' where state in ('created', 'retry')`,
      );
    },
    expireLeases: async () => {
      await admin.query(
        `update ${bossSchema}.job set started_on = now() - interval '1 day' where state = 'active'`,
      );
    },
    jobs: async () => {
      const { rows } = await admin.query<{
        id: string;
        name: string;
        state: string;
        retry_count: number;
        started_on: Date | null;
        last_error: string | null;
        due_in_ms: number;
      }>(
        `select id, name, state, retry_count, started_on, output->>'message' as last_error,
                (extract(epoch from (start_after - now())) * 1000)::float8 as due_in_ms
         from ${bossSchema}.job order by created_on`,
      );
      const status = (s: string): JobView['status'] =>
        s === 'active' ? 'running' : s === 'completed' ? 'done' : s === 'failed' ? 'dead' : 'pending';
      return rows.map((r) => ({
        id: r.id,
        name: r.name,
        status: status(r.state),
        attempt: r.started_on ? r.retry_count + 1 : r.retry_count,
        lastError: r.last_error,
        dueInMs: r.due_in_ms,
      }));
    },
    childEnv: { QUEUE_DIALECT: 'postgres', QUEUE_BOSS_SCHEMA: bossSchema },
    close: async () => {
      await boss.close();
      await admin.query(`drop schema if exists ${bossSchema} cascade`);
      await admin.end();
    },
  };
}
