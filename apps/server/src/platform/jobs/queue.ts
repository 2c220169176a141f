import type { z } from 'zod';
import type { DbOrTrx } from '../../db/index.js';
import type { Logger } from '../log/index.js';

/**
 * The job queue port. Adapters: SQLite outbox + in-process loop (embedded), pg-boss
 * (PostgreSQL, `assay worker`), inline (tests). Delivery is at-least-once: handlers
 * must be idempotent (re-read state, skip what is done, key side effects on business ids).
 */

/** How a job is named and what its payload looks like (ids only). Declared in `<module>.jobs.ts`. */
export interface JobRef<P> {
  /** `module.verb-noun`, e.g. `mail.send-message`. */
  readonly name: string;
  readonly payload: z.ZodType<P>;
}

export interface RetryPolicy {
  /** Attempts in total, including the first. Default 5. */
  maxAttempts: number;
  /** Delay before attempt `attempt + 1` (attempt starts at 1), in ms, jitter included. */
  delayMs(attempt: number): number;
}

export interface JobContext {
  jobId: string;
  /** 1 for the first run. */
  attempt: number;
  /** Aborted when the worker is stopping or the lease was lost. */
  signal: AbortSignal;
  log: Logger;
}

/** A job a module can run: declared in `<module>.jobs.ts`, composed into the registry by `main`. */
export interface JobDefinition<P> extends JobRef<P> {
  handler(payload: P, ctx: JobContext): Promise<void>;
  retry?: RetryPolicy;
  /**
   * Called when the job went dead without its handler finishing its last attempt (the worker
   * died holding the lease): the module's chance to record the failure its handler would have
   * (e.g. grading → `grading_failed`). Idempotent; errors are logged.
   */
  onLost?(payload: P, error: string): Promise<void>;
}

export interface EnqueueOptions {
  /** Not before this time. */
  runAt?: Date;
  /** Deduplication key: a second enqueue with the same name + key while one is pending is a no-op. */
  key?: string;
  /** The organization the job works for: its admins see it under Failed jobs if it dies. */
  organizationId?: string | null;
}

/**
 * Thrown by a handler when retrying cannot help (e.g. SMTP 5xx): the job goes
 * straight to `dead` with this message as its last error.
 */
export class PermanentJobError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentJobError';
  }
}

export interface Queue {
  /**
   * Enqueue in the caller's transaction (transactional outbox): the job exists iff the
   * transaction commits.
   */
  enqueue<P>(trx: DbOrTrx, job: JobRef<P>, payload: P, options?: EnqueueOptions): Promise<void>;
}

/** A job that gave up, as the admin Failed jobs view shows it. */
export interface DeadJob {
  id: string;
  name: string;
  organizationId: string | null;
  attempts: number;
  lastError: string | null;
  failedAt: string;
}

/** Dead-letter access for admins, implemented by each adapter on its own storage. */
export interface DeadLetters {
  listDeadJobs(filter: { organizationId: string; limit: number }): Promise<DeadJob[]>;
  /** Re-queue one dead job of this organization. Returns false when there is no such dead job. */
  retryDeadJob(target: { organizationId: string; jobId: string }): Promise<boolean>;
  /** Queue depth and dead jobs (metrics). */
  countJobs(): Promise<{ pending: number; dead: number }>;
}

/** What runs jobs: the in-process loop or `assay worker`. */
export interface JobWorker {
  /** Start polling in the background. */
  start(): void;
  /** Stop claiming; wait for the job in hand (up to the grace period), then release it. */
  stop(): Promise<void>;
  /** Run due jobs now, up to `max`; returns how many ran (tests, inline drain). */
  runDue(max?: number): Promise<number>;
}
