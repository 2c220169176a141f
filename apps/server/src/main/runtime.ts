import { loadConfig, processEnv, ConfigError, type Config } from '../config/index.js';
import { createDb, migrateToLatest, type DbHandle } from '../db/index.js';
import { createLogger, type Logger } from '../platform/log/index.js';
import { resolveSecretKey } from './secret-key.js';

/** Load config or exit listing every invalid variable. */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig(processEnv());
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
}

export interface Runtime {
  config: Config;
  logger: Logger;
  database: DbHandle;
  secretKey: Buffer;
}

/**
 * Open what every long-running command needs. Embedded SQLite applies pending
 * migrations itself; on PostgreSQL run `assay migrate` first.
 */
export async function openRuntime(options: { migrate: boolean; config?: Config }): Promise<Runtime> {
  const config = options.config ?? loadConfigOrExit();
  const logger = createLogger({ level: config.log.level });
  const secretKey = resolveSecretKey(config);
  const database = createDb(
    config.db.dialect === 'sqlite'
      ? { dialect: 'sqlite', path: config.db.path }
      : { dialect: 'postgres', url: config.db.url },
    logger,
  );
  if (options.migrate && config.db.dialect === 'sqlite') {
    const applied = await migrateToLatest(database.db);
    if (applied.length > 0) logger.info({ applied }, 'applied migrations');
  }
  return { config, logger, database, secretKey };
}
