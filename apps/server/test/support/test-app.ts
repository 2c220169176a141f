import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Env } from '../../src/config/index.js';
import { createManualClock } from '../../src/platform/clock/index.js';
import { createLogger } from '../../src/platform/log/index.js';
import { buildApp, type App } from '../../src/main/build-app.js';
import { createTestDatabase, type TestDatabase } from './test-db.js';

export interface TestApp {
  app: App;
  database: TestDatabase;
  clock: ReturnType<typeof createManualClock>;
  close(): Promise<void>;
}

/**
 * The real app on a fresh database (the dialect of this test run), driven with
 * `app.inject` — integration tests never listen on a port.
 */
export async function buildTestApp(env: Env = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'assay-test-data-'));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env });
  const clock = createManualClock(new Date());
  const app = await buildApp({
    config,
    database,
    logger: createLogger({ level: 'silent' }),
    clock,
    secretKey: randomBytes(32),
  });
  await app.ready();
  return {
    app,
    database,
    clock,
    close: async () => {
      await app.close();
      await database.destroy();
    },
  };
}
