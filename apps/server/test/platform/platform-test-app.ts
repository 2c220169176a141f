import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DestinationStream } from 'pino';
import { loadConfig, type Env } from '../../src/config/index.js';
import { createManualClock } from '../../src/platform/clock/index.js';
import { createLogger } from '../../src/platform/log/index.js';
import type { Metrics } from '../../src/platform/metrics/index.js';
import { buildApp, type App } from '../../src/main/build-app.js';
import { createTestDatabase } from '../support/test-db.js';

export interface PlatformTestApp {
  app: App;
  close(): Promise<void>;
}

/**
 * The real app (buildApp) with extra test-only routes added before `ready()`, so platform
 * behaviour (limits, content types, headers) is checked on routes shaped like the modules' ones.
 */
export async function buildPlatformTestApp(
  options: {
    env?: Env;
    routes?: (app: App) => void;
    webRoot?: string;
    metrics?: Metrics;
    logDestination?: DestinationStream;
  } = {},
): Promise<PlatformTestApp> {
  const database = await createTestDatabase({ migrate: false });
  const dataDir = mkdtempSync(join(tmpdir(), 'assay-platform-'));
  const app = await buildApp({
    config: loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...options.env }),
    database,
    logger: options.logDestination
      ? createLogger({ level: 'info', destination: options.logDestination })
      : createLogger({ level: 'silent' }),
    clock: createManualClock(),
    secretKey: randomBytes(32),
    webRoot: options.webRoot ?? join(dataDir, 'no-web-build'),
    ...(options.metrics ? { metrics: options.metrics } : {}),
  });
  options.routes?.(app);
  await app.ready();
  return {
    app,
    close: async () => {
      await app.close();
      await database.destroy();
    },
  };
}
