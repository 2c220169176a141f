import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/index.js';
import { buildApp, type App } from '../../src/main/build-app.js';
import { createJobsRuntime } from '../../src/main/jobs-runtime.js';
import { createWebhooksModule, type WebhooksService } from '../../src/modules/webhooks/index.js';
import { createManualClock } from '../../src/platform/clock/index.js';
import { hashToken, hmac } from '../../src/platform/crypto/index.js';
import { createHttpClient } from '../../src/platform/http-client/index.js';
import { createLogger } from '../../src/platform/log/index.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';
import { IDENTITY_TEST_ENV, type Browser } from '../identity/identity-fixtures.js';

/** The real app with the inline queue (`drain`) and an outbound client that may call loopback receivers. */
export async function buildWebhookTestApp(): Promise<{
  app: App;
  database: TestDatabase;
  clock: ReturnType<typeof createManualClock>;
  drain: () => Promise<number>;
  webhooks: WebhooksService;
  sessionFor(userId: string, organizationId: string): Promise<Browser>;
  close(): Promise<void>;
}> {
  const database = await createTestDatabase();
  const config = loadConfig({
    DATA_DIR: mkdtempSync(join(tmpdir(), 'assay-webhooks-')),
    LOG_LEVEL: 'silent',
    ...IDENTITY_TEST_ENV,
  });
  const clock = createManualClock(new Date());
  const secretKey = randomBytes(32);
  const logger = createLogger({ level: 'silent' });
  // Test only: loopback receivers (ignored under production).
  const outboundHttp = createHttpClient({
    production: false,
    allowPrivateAddresses: true,
    clock,
    totalTimeoutMs: 2000,
  });
  const jobs = createJobsRuntime({ config, db: database.db, clock, logger }, { inline: true });
  const app = await buildApp({
    config,
    database,
    logger,
    clock,
    secretKey,
    jobs,
    outboundHttp,
  });
  await app.ready();
  // The same service the app runs (same database, queue and key), for publishing events as other modules will.
  const webhooks = createWebhooksModule({
    db: database.db,
    clock,
    queue: jobs.queue,
    http: outboundHttp,
    secretKey,
  }).service;
  const drain = jobs.drain;
  if (!drain) throw new Error('the inline jobs runtime has no drain');
  return {
    app,
    database,
    clock,
    drain,
    webhooks,
    async sessionFor(userId, organizationId) {
      const cookieValue = randomBytes(32).toString('base64url');
      const now = clock.now().toISOString();
      await database.db
        .insertInto('sessions')
        .values({
          id: hashToken(cookieValue),
          user_id: userId,
          current_organization_id: organizationId,
          created_at: now,
          last_seen_at: now,
          expires_at: new Date(clock.now().getTime() + 7 * 24 * 3600_000).toISOString(),
          reauth_at: now,
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

export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A loopback webhook receiver: records every request and answers with the next queued
 * response (default 204).
 */
export async function startReceiver() {
  const received: ReceivedRequest[] = [];
  const responses: { status: number; headers?: Record<string, string>; body?: string }[] = [];
  let fallback: { status: number; headers?: Record<string, string>; body?: string } = { status: 204 };
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        path: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const next = responses.shift() ?? fallback;
      res.writeHead(next.status, next.headers ?? {}).end(next.body ?? '');
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    /** Answer the next requests with these, in order. */
    respond(...next: typeof responses) {
      responses.push(...next);
    },
    /** Answer with this once the queue is empty. */
    setDefault(response: typeof fallback) {
      fallback = response;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
