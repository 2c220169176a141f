import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiTokenScope, OrganizationSettings, Role } from '@assay/contracts';
import { loadConfig } from '../../src/config/index.js';
import { buildApp, type App } from '../../src/main/build-app.js';
import { createJobsRuntime } from '../../src/main/jobs-runtime.js';
import { createCandidatesModule } from '../../src/modules/candidates/index.js';
import { createChallengesModule } from '../../src/modules/challenges/index.js';
import { createApiTokensService } from '../../src/modules/identity/api-tokens.service.js';
import { createInvitationsModule } from '../../src/modules/invitations/index.js';
import { createNotificationsModule } from '../../src/modules/notifications/index.js';
import { publishInvitationEvents } from '../../src/modules/public-api/index.js';
import { createWebhooksModule } from '../../src/modules/webhooks/index.js';
import { createManualClock } from '../../src/platform/clock/index.js';
import { hashToken, hmac } from '../../src/platform/crypto/index.js';
import { createHttpClient } from '../../src/platform/http-client/index.js';
import { createLogger } from '../../src/platform/log/index.js';
import { createMailQueue, renderMail } from '../../src/platform/mail/index.js';
import { createTestDatabase } from '../support/test-db.js';
import { IDENTITY_TEST_ENV, buildOrganization, type SeededUser } from '../identity/identity-fixtures.js';
import { makePublishedTest } from '../invitations/invitation-factories.js';

export const PUBLIC_URL = 'https://assay.example.test';
export const ROLES = ['owner', 'admin', 'recruiter', 'reviewer'] as const;

/** A signed-in browser: cookie + CSRF token. */
export interface Caller {
  cookie: string;
  csrf: string;
}

/**
 * The real app (inline queue the test drains, manual clock at the real time so signatures
 * verify, outbound HTTP allowed to loopback receivers), plus `stages`: a second invitations
 * service on the same database and queue with the same listeners `buildApp` subscribes
 * (`publishInvitationEvents`, notifications), standing in for the attempt and grading
 * stages that report started / submitted / graded.
 */
export async function buildApiTestApp() {
  const database = await createTestDatabase();
  const { db } = database;
  const config = loadConfig({
    DATA_DIR: mkdtempSync(join(tmpdir(), 'assay-public-api-')),
    LOG_LEVEL: 'silent',
    PUBLIC_URL,
    ...IDENTITY_TEST_ENV,
  });
  const clock = createManualClock(new Date());
  const logger = createLogger({ level: 'silent' });
  const secretKey = randomBytes(32);
  // Test only: loopback receivers (ignored under production).
  const outboundHttp = createHttpClient({
    production: false,
    allowPrivateAddresses: true,
    clock,
    totalTimeoutMs: 2000,
  });
  const jobs = createJobsRuntime({ config, db, clock, logger }, { inline: true });
  const app: App = await buildApp({ config, database, logger, clock, secretKey, jobs, outboundHttp });
  await app.ready();

  const mail = { queue: createMailQueue({ queue: jobs.queue, clock }), render: renderMail };
  const webhooks = createWebhooksModule({ db, clock, queue: jobs.queue, http: outboundHttp, secretKey });
  const challenges = createChallengesModule({ db, clock, config });
  const candidates = createCandidatesModule({ db, dialect: database.dialect, clock, queue: jobs.queue });
  const organizations = {
    async getSettings(id: string): Promise<OrganizationSettings> {
      const row = await db
        .selectFrom('organizations')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      return {
        id,
        name: row.name,
        slug: row.slug,
        logoUrl: row.logo_url,
        accentColor: row.accent_color,
        candidateRetentionDays: row.candidate_retention_days,
        createdAt: row.created_at,
      };
    },
  };
  const stages = createInvitationsModule({
    db,
    dialect: database.dialect,
    clock,
    queue: jobs.queue,
    mail,
    config,
    tests: challenges.service,
    candidates: candidates.service,
    organizations,
  }).service;
  publishInvitationEvents({ invitations: stages, webhooks: webhooks.service, publicUrl: PUBLIC_URL });
  stages.subscribe(createNotificationsModule({ db, clock, mail, config }).onInvitationEvent);

  const tokens = createApiTokensService({ db, clock });
  const drain = jobs.drain;
  if (!drain) throw new Error('inline jobs expected');

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
        expires_at: new Date(now.getTime() + 7 * 86_400_000).toISOString(),
        reauth_at: now.toISOString(),
      })
      .execute();
    return { cookie: `assay_session=${cookieValue}`, csrf: hmac(secretKey, `csrf:${cookieValue}`) };
  }

  return {
    app,
    db,
    clock,
    stages,
    drain,
    sessionFor,
    /** An organization with one member per role and their browser sessions. */
    async organization(): Promise<{ id: string; users: Record<Role, SeededUser>; as: Record<Role, Caller> }> {
      const org = await buildOrganization(db, ROLES);
      const as = {} as Record<Role, Caller>;
      for (const role of ROLES) as[role] = await sessionFor(org.users[role].id, org.id);
      return { id: org.id, users: org.users, as };
    },
    publishedTest: (
      organizationId: string,
      options: { name?: string; archived?: boolean; published?: boolean } = {},
    ) => makePublishedTest(db, organizationId, { ...options, at: clock.now() }),
    /** A personal API token of `userId` (with `role`) in `organizationId`. */
    async token(userId: string, organizationId: string, role: Role, scopes: ApiTokenScope[]) {
      const created = await tokens.create({ userId, organizationId, role }, { name: 'ci', scopes });
      return { id: created.apiToken.id, secret: created.token };
    },
    revokeToken: (userId: string, organizationId: string, tokenId: string) =>
      tokens.revoke({ userId, organizationId }, tokenId),
    /** Send as the web client does: cookie, and for writes JSON + x-csrf-token. */
    send(caller: Caller | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) {
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
    /** Send as an API client: `Authorization: Bearer <token>`. */
    bearer(
      token: string,
      method: 'GET' | 'POST',
      url: string,
      payload?: unknown,
      headers: Record<string, string> = {},
    ) {
      return app.inject({
        method,
        url,
        headers: {
          authorization: `Bearer ${token}`,
          ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        ...(method === 'POST' ? { payload: JSON.stringify(payload ?? {}) } : {}),
      });
    },
    /** Mails to `to` (optionally of one kind), oldest first. */
    mailsTo(to: string, kind?: string) {
      let query = db.selectFrom('mails').selectAll().where('to_address', '=', to);
      if (kind) query = query.where('kind', '=', kind);
      return query.orderBy('created_at').orderBy('id').execute();
    },
    close: async () => {
      await app.close();
      await database.destroy();
    },
  };
}

export type ApiTestApp = Awaited<ReturnType<typeof buildApiTestApp>>;
