import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HTTPMethods, RouteOptions } from 'fastify';
import { loadConfig } from '../../src/config/index.js';
import { createManualClock } from '../../src/platform/clock/index.js';
import { createLogger } from '../../src/platform/log/index.js';
import { hashToken, hmac, newId } from '../../src/platform/crypto/index.js';
import { buildApp, type App } from '../../src/main/build-app.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';
import { IDENTITY_TEST_ENV, type Browser } from './identity-fixtures.js';

export interface ListedRoute {
  method: string;
  url: string;
}

/** The real app plus every route it registered (from Fastify's onRoute) and a way to mint sessions. */
export interface RouteTestApp {
  app: App;
  database: TestDatabase;
  routes: ListedRoute[];
  clock: ReturnType<typeof createManualClock>;
  /** A fresh session for a user (inserted directly; optionally with a fresh re-auth). */
  sessionFor(userId: string, options?: { reauth?: boolean; organizationId?: string }): Promise<Browser>;
  close(): Promise<void>;
}

export async function buildRouteTestApp(): Promise<RouteTestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({
    DATA_DIR: mkdtempSync(join(tmpdir(), 'assay-routes-')),
    LOG_LEVEL: 'silent',
    ...IDENTITY_TEST_ENV,
  });
  const clock = createManualClock(new Date());
  const secretKey = randomBytes(32);
  const routes: ListedRoute[] = [];
  const app = await buildApp({
    config,
    database,
    logger: createLogger({ level: 'silent' }),
    clock,
    secretKey,
    onRoute: (route: RouteOptions) => {
      const methods = ([] as HTTPMethods[]).concat(route.method);
      for (const method of methods) {
        // Fastify adds HEAD for every GET itself.
        if (method === 'HEAD' && route.exposeHeadRoute !== false && methods.length === 1) continue;
        routes.push({ method, url: route.url });
      }
    },
  });
  await app.ready();
  return {
    app,
    database,
    routes,
    clock,
    async sessionFor(userId, options = {}) {
      const cookieValue = randomBytes(32).toString('base64url');
      const now = clock.now();
      await database.db
        .insertInto('sessions')
        .values({
          id: hashToken(cookieValue),
          user_id: userId,
          current_organization_id: options.organizationId ?? null,
          created_at: now.toISOString(),
          last_seen_at: now.toISOString(),
          expires_at: new Date(now.getTime() + 24 * 3600 * 1000).toISOString(),
          reauth_at: options.reauth ? now.toISOString() : null,
        })
        .execute();
      return {
        cookie: `assay_session=${cookieValue}`,
        csrf: hmac(secretKey, `csrf:${cookieValue}`),
        session: {
          user: null,
          memberships: [],
          currentOrganizationId: null,
          csrfToken: null,
          setupRequired: false,
        },
        setCookies: [],
      };
    },
    close: async () => {
      await app.close();
      await database.destroy();
    },
  };
}

export { newId };
