import type { Db } from '../../db/index.js';
import type { Clock } from '../clock/index.js';
import type { Logger } from '../log/index.js';
import type { JobRegistry } from './job-registry.js';
import { createOutboxQueue } from './outbox-queue.js';
import type { DeadLetters, Queue } from './queue.js';

export interface InlineQueue extends Queue {
  /**
   * Run every job due by the (test) clock, including jobs those jobs enqueue, until none
   * is left. Failed jobs are rescheduled by their retry policy, so advance the clock and
   * drain again to retry them. Returns how many attempts ran.
   */
  drain(): Promise<number>;
  deadLetters: DeadLetters;
}

/**
 * The test adapter: jobs go into the `jobs` table in the caller's transaction (so a
 * rolled-back transaction leaves none), and run when the test calls `drain()`.
 */
export function createInlineQueue(options: {
  db: Db;
  registry: JobRegistry;
  clock: Clock;
  log: Logger;
}): InlineQueue {
  const { queue, worker, deadLetters } = createOutboxQueue({ ...options, workerId: 'inline' });
  return {
    enqueue: (trx, job, payload, opts) => queue.enqueue(trx, job, payload, opts),
    drain: () => worker.runDue(10_000),
    deadLetters,
  };
}
