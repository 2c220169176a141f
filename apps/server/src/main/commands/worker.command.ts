import { systemClock } from '../../platform/clock/index.js';
import { buildApp } from '../build-app.js';
import { createJobsRuntime } from '../jobs-runtime.js';
import { createLocalRunnerRuntime } from '../runner-runtime.js';
import { openRuntime } from '../runtime.js';

/**
 * `assay worker`: run every registered job, in as many processes as you like (pg-boss),
 * or next to `ASSAY_WORKER=off assay serve` on SQLite. The app is composed (never
 * listened on) so the registry holds exactly the jobs `assay serve` enqueues.
 */
export async function workerCommand(): Promise<number> {
  const runtime = await openRuntime({ migrate: false });
  const { logger, database } = runtime;
  const jobs = createJobsRuntime({ config: runtime.config, db: database.db, clock: systemClock, logger });
  // Grading jobs run here too: the worker needs its own sandbox runner.
  const runner = createLocalRunnerRuntime({ logger, clock: systemClock });
  const app = await buildApp({
    ...runtime,
    clock: systemClock,
    jobs,
    runner: runner.monitor,
    execution: runner.backend,
  });
  await jobs.start();
  jobs.worker.start();
  runner.monitor.start();
  logger.info({ jobs: jobs.registry.names(), database: database.describe }, 'Assay worker is running');
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, 'worker stopping');
      void (async () => {
        await jobs.close();
        await app.close();
        await runner.monitor.stop(); // the runner exits with its pipe, killing its sandboxes
        await database.close();
        resolve(0);
      })();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}
