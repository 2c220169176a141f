export {
  PermanentJobError,
  type DeadJob,
  type DeadLetters,
  type EnqueueOptions,
  type JobContext,
  type JobDefinition,
  type JobRef,
  type JobWorker,
  type Queue,
  type RetryPolicy,
} from './queue.js';
export { createJobRegistry, type AnyJobDefinition, type JobRegistry } from './job-registry.js';
export { defaultRetryPolicy, exponentialBackoff } from './retry-policy.js';
export { createOutboxQueue, type OutboxQueue, type OutboxQueueOptions } from './outbox-queue.js';
export { createInlineQueue, type InlineQueue } from './inline-queue.js';
export { createPgBossQueue, type PgBossQueue, type PgBossQueueOptions } from './pgboss-queue.js';
