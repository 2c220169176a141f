// A worker in its own process for the crash tests: `kill -9`, SIGSTOP/SIGCONT and SIGTERM
// hit a real process. Configured only through the environment the test passes.
import { createDb } from '../../../src/db/index.js';
import { systemClock } from '../../../src/platform/clock/index.js';
import {
  createJobRegistry,
  createOutboxQueue,
  createPgBossQueue,
  type JobWorker,
} from '../../../src/platform/jobs/index.js';
import { createLogger } from '../../../src/platform/log/index.js';
import { crashJob } from './crash-jobs.js';

const env = process.env;
const announce = (line: string) => process.stdout.write(`${line}\n`);
const database =
  env.QUEUE_DIALECT === 'sqlite'
    ? createDb({ dialect: 'sqlite', path: env.QUEUE_DB_PATH ?? '' })
    : createDb({
        dialect: 'postgres',
        url: env.QUEUE_PG_URL ?? '',
        schema: env.QUEUE_PG_SCHEMA ?? '',
        poolSize: 2,
      });
const registry = createJobRegistry([
  crashJob(database.db, { blockMs: Number(env.CRASH_BLOCK_MS ?? 0), announce }),
]);
// Warnings go to stdout as JSON lines so the test can see stale completions being ignored.
const log = createLogger({ level: 'warn' });
const graceMs = Number(env.CRASH_GRACE_MS ?? 10_000);

let worker: JobWorker;
let close = async () => {};
if (env.QUEUE_DIALECT === 'sqlite') {
  worker = createOutboxQueue({
    db: database.db,
    registry,
    clock: systemClock,
    log,
    leaseMs: 60_000,
    pollMs: 50,
    graceMs,
  }).worker;
} else {
  const boss = createPgBossQueue({
    connectionString: env.QUEUE_PG_URL ?? '',
    schema: env.QUEUE_BOSS_SCHEMA ?? '',
    registry,
    log,
    leaseSeconds: 60,
    pollMs: 50,
    graceMs,
    supervise: false,
  });
  await boss.start();
  worker = boss.worker;
  close = () => boss.close();
}
process.once('SIGTERM', () => {
  void (async () => {
    await worker.stop();
    await close();
    await database.close();
    announce('STOPPED');
    process.exit(0);
  })();
});
worker.start();
announce('READY');
