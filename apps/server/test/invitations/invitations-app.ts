import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Role } from '@assay/contracts';
import { loadConfig } from '../../src/config/index.js';
import { buildApp, type App } from '../../src/main/build-app.js';
import { createJobsRuntime, type JobsRuntime } from '../../src/main/jobs-runtime.js';
import { createManualClock } from '../../src/platform/clock/index.js';
import { hashToken, hmac } from '../../src/platform/crypto/index.js';
import { createLogger } from '../../src/platform/log/index.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';
import { makePublishedTest } from './invitation-factories.js';
import { buildOrganization, IDENTITY_TEST_ENV, type SeededUser } from '../identity/identity-fixtures.js';

export const PUBLIC_URL = 'https://assay.example.test';
export const ROLES = ['owner', 'admin', 'recruiter', 'reviewer'] as const;

/** A signed-in caller: cookie + CSRF token, as the web client sends them. */
export interface Caller {
  cookie: string;
  csrf: string;
}

/**
 * The real app on a fresh database with the inline job queue the test drains, a manual
 * clock and every log line captured (C1: no token in logs).
 */
export async function buildInvitationsApp() {
  const database: TestDatabase = await createTestDatabase();
  const config = loadConfig({
    DATA_DIR: mkdtempSync(join(tmpdir(), 'assay-invitations-')),
    LOG_LEVEL: 'debug',
    PUBLIC_URL,
    ...IDENTITY_TEST_ENV,
  });
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
  const jobs: JobsRuntime = createJobsRuntime({ config, db: database.db, clock, logger }, { inline: true });
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
    database,
    clock,
    logs,
    drain: async () => {
      if (!jobs.drain) throw new Error('inline jobs expected');
      return jobs.drain();
    },
    sessionFor,
    /** An organization with one member per role, and their sessions. */
    async organization(): Promise<{ id: string; users: Record<Role, SeededUser>; as: Record<Role, Caller> }> {
      const org = await buildOrganization(db, ROLES);
      const as = {} as Record<Role, Caller>;
      for (const role of ROLES) as[role] = await sessionFor(org.users[role].id, org.id);
      return { id: org.id, users: org.users, as };
    },
    /** A published test of `organizationId` (inserted directly, as the tests module stores it). */
    publishedTest: (
      organizationId: string,
      options: { name?: string; archived?: boolean; published?: boolean } = {},
    ) => makePublishedTest(db, organizationId, { ...options, at: clock.now() }),
    /** Send as the web client does: cookie, and for writes JSON + x-csrf-token. */
    send(caller: Caller | null, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) {
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
    /** Mails sent to `to`, newest last. */
    async mailsTo(to: string) {
      return db
        .selectFrom('mails')
        .selectAll()
        .where('to_address', '=', to)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
    },
    close: async () => {
      await app.close();
      await database.destroy();
    },
  };
}

export type InvitationsApp = Awaited<ReturnType<typeof buildInvitationsApp>>;

/** The link token in a mail body (`…/take#token=<token>`). */
export function tokenFromMail(text: string): string {
  const match = /\/take#token=([A-Za-z0-9_-]+)/.exec(text);
  if (!match?.[1]) throw new Error(`no invitation link in mail: ${text}`);
  return match[1];
}
