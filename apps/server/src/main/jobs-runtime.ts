import type { Config } from '../config/index.js';
import type { Db } from '../db/index.js';
import type { Clock } from '../platform/clock/index.js';
import {
  createInlineQueue,
  createJobRegistry,
  createOutboxQueue,
  createPgBossQueue,
  type DeadLetters,
  type JobRegistry,
  type JobWorker,
  type Queue,
} from '../platform/jobs/index.js';
import type { Logger } from '../platform/log/index.js';
import { createMailJobs, createSmtpTransport } from '../platform/mail/index.js';

/** The job queue of one process: the adapter `config.jobs.adapter` names, and its worker. */
export interface JobsRuntime {
  queue: Queue;
  deadLetters: DeadLetters;
  worker: JobWorker;
  /** buildApp registers every module's jobs here. */
  registry: JobRegistry;
  /** Ready to enqueue (pg-boss: schema and one queue per registered job). Call after buildApp. */
  start(): Promise<void>;
  close(): Promise<void>;
  /** Inline adapter only (tests): run every due job now. */
  drain?: () => Promise<number>;
}

/**
 * SQLite → the outbox (in-process loop); PostgreSQL → pg-boss; `inline` (tests, the
 * default of buildApp) → the outbox table, run on `drain()`. Mail jobs are registered here.
 */
export function createJobsRuntime(
  deps: { config: Config; db: Db; clock: Clock; logger: Logger },
  options: { inline?: boolean } = {},
): JobsRuntime {
  const { config, db, clock, logger } = deps;
  const registry = createJobRegistry();
  const log = logger.child({ component: 'jobs' });
  const transport = config.mail.smtpUrl ? createSmtpTransport(config.mail.smtpUrl) : null;
  registry.register(
    createMailJobs({
      db,
      clock,
      transport,
      from: config.mail.from,
      messageIdDomain: new URL(config.http.publicUrl).hostname,
    }),
  );
  const closeTransport = () => transport?.close();
  if (options.inline) {
    const inline = createInlineQueue({ db, registry, clock, log });
    return {
      queue: inline,
      deadLetters: inline.deadLetters,
      worker: { start: () => undefined, stop: () => Promise.resolve(), runDue: () => inline.drain() },
      registry,
      drain: () => inline.drain(),
      start: () => Promise.resolve(),
      close: () => Promise.resolve(closeTransport()),
    };
  }
  if (config.db.dialect === 'postgres') {
    const boss = createPgBossQueue({ connectionString: config.db.url, registry, log });
    return {
      ...boss,
      registry,
      close: async () => {
        await boss.close();
        closeTransport();
      },
    };
  }
  const outbox = createOutboxQueue({ db, registry, clock, log });
  return {
    ...outbox,
    registry,
    start: () => Promise.resolve(),
    close: async () => {
      await outbox.worker.stop();
      closeTransport();
    },
  };
}
