import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/index.js';
import { createDb } from '../db/index.js';
import { systemClock } from '../platform/clock/index.js';
import { createLogger } from '../platform/log/index.js';
import { buildApp } from './build-app.js';

/** Where the committed spec lives (compared by test/platform/openapi.test.ts). */
export const COMMITTED_OPENAPI_PATH = new URL('../../openapi.json', import.meta.url);

/**
 * Build the app with neutral settings and return its OpenAPI document, serialized the way
 * it is committed. Nothing environment-specific may end up in it.
 */
export async function generateOpenApiDocument(): Promise<string> {
  const database = createDb({ dialect: 'sqlite', path: ':memory:' });
  const app = await buildApp({
    config: loadConfig({ DATA_DIR: join(tmpdir(), 'assay-openapi'), LOG_LEVEL: 'silent' }),
    database,
    logger: createLogger({ level: 'silent' }),
    clock: systemClock,
    secretKey: randomBytes(32),
    webRoot: join(tmpdir(), 'assay-openapi-no-web'),
  });
  try {
    await app.ready();
    return `${JSON.stringify(app.swagger(), null, 2)}\n`;
  } finally {
    await app.close();
    await database.close();
  }
}
