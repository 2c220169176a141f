import { systemClock } from '../platform/clock/index.js';
import { pendingMigrations } from '../db/index.js';
import { buildApp } from './build-app.js';
import { createJobsRuntime } from './jobs-runtime.js';
import { createLocalRunnerRuntime } from './runner-runtime.js';
import { openRuntime } from './runtime.js';
import { writePidFile } from './sqlite-backup.js';
import { syncBuiltInChallenges } from '../modules/challenges/index.js';

/** `assay serve`: the API, the web app and (embedded) the job loop, in one process. */
export async function serve(): Promise<number> {
  const runtime = await openRuntime({ migrate: true });
  const { config, logger, database } = runtime;
  const pending = await pendingMigrations(database.db);
  if (pending.length > 0) {
    logger.error({ pending }, 'database has pending migrations: run `assay migrate` first');
    await database.close();
    return 1;
  }
  await syncBuiltInChallenges({
    db: database.db,
    dialect: database.dialect,
    clock: systemClock,
    config,
    logger,
  });
  const jobs = createJobsRuntime({ config, db: database.db, clock: systemClock, logger });
  // One runner child: the monitor (health) and the app (candidate runs, grading) share it.
  const { monitor: runner, backend: execution } = createLocalRunnerRuntime({ logger, clock: systemClock });
  const app = await buildApp({ ...runtime, clock: systemClock, jobs, runner, execution });
  await jobs.start();
  // ASSAY_WORKER=off: jobs run in separate `assay worker` processes.
  if (config.jobs.inProcessWorker) jobs.worker.start();
  // Lets `assay restore` refuse to replace the database under a running server.
  const removePidFile = writePidFile(config.dataDir);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await app.close();
    await jobs.close(); // hands the job in hand back for immediate pickup (Q3)
    await runner.stop(); // the runner exits with its pipe, killing its sandboxes
    await database.close();
    removePidFile();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  await app.listen({ port: config.http.port, host: config.http.host });
  runner.start();
  logger.info({ url: config.http.publicUrl, database: database.describe }, 'Assay is listening');
  return new Promise<number>(() => undefined); // runs until a signal
}
