import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Role } from '@assay/contracts';
import { loadConfig } from '../../src/config/index.js';
import { buildApp, type App } from '../../src/main/build-app.js';
import { createJobsRuntime } from '../../src/main/jobs-runtime.js';
import { createManualClock } from '../../src/platform/clock/index.js';
import { hashToken, hmac } from '../../src/platform/crypto/index.js';
import { createLogger } from '../../src/platform/log/index.js';
import {
  addMembership,
  buildOrganization,
  IDENTITY_TEST_ENV,
  type SeededUser,
} from '../identity/identity-fixtures.js';
import { createTestDatabase } from '../support/test-db.js';

export const PUBLIC_URL = 'https://assay.example.test';
export const ROLES = ['owner', 'admin', 'recruiter', 'reviewer'] as const;

export interface Caller {
  cookie: string;
  csrf: string;
}

/** The real app (inline queue, manual clock, captured logs) on a fresh database, with DATA_DIR exposed. */
export async function buildReportsApp() {
  const database = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'assay-reports-'));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'debug', PUBLIC_URL, ...IDENTITY_TEST_ENV });
  const clock = createManualClock(new Date('2026-03-02T09:00:00.000Z'));
  const logs: string[] = [];
  const logger = createLogger({
    level: 'trace',
    destination: new Writable({
      write(chunk: Buffer, _enc, done) {
        logs.push(chunk.toString('utf8'));
        done();
      },
    }),
  });
  const secretKey = randomBytes(32);
  const jobs = createJobsRuntime({ config, db: database.db, clock, logger }, { inline: true });
  const app: App = await buildApp({ config, database, logger, clock, secretKey, jobs });
  await app.ready();
  const db = database.db;

  async function sessionFor(userId: string, organizationId: string): Promise<Caller> {
    const cookieValue = randomBytes(32).toString('base64url');
    const now = clock.now();
    await db
      .insertInto('sessions')
      .values({
        id: hashToken(cookieValue),
        user_id: userId,
        current_organization_id: organizationId,
        created_at: now.toISOString(),
        last_seen_at: now.toISOString(),
        expires_at: new Date(now.getTime() + 30 * 86_400_000).toISOString(),
        reauth_at: null,
      })
      .execute();
    return { cookie: `assay_session=${cookieValue}`, csrf: hmac(secretKey, `csrf:${cookieValue}`) };
  }

  return {
    app,
    db,
    dialect: database.dialect,
    clock,
    logs,
    dataDir,
    sessionFor,
    addMembership: (organizationId: string, userId: string, role: Role) =>
      addMembership(db, organizationId, userId, role),
    async organization(): Promise<{ id: string; users: Record<Role, SeededUser>; as: Record<Role, Caller> }> {
      const org = await buildOrganization(db, ROLES);
      const as = {} as Record<Role, Caller>;
      for (const role of ROLES) as[role] = await sessionFor(org.users[role].id, org.id);
      return { id: org.id, users: org.users, as };
    },
    /** As the web client sends it: cookie, and for writes JSON + x-csrf-token. */
    send(caller: Caller | null, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown) {
      const headers: Record<string, string> = {};
      if (caller) headers.cookie = caller.cookie;
      if (method !== 'GET') {
        headers['content-type'] = 'application/json';
        if (caller) headers['x-csrf-token'] = caller.csrf;
      }
      return app.inject({
        method,
        url,
        headers,
        ...(method !== 'GET' ? { payload: JSON.stringify(payload ?? {}) } : {}),
      });
    },
    close: async () => {
      await app.close();
      await database.destroy();
    },
  };
}

export type ReportsApp = Awaited<ReturnType<typeof buildReportsApp>>;
