/**
 * The shared server test harness: the real app on a fresh test database with the inline jobs
 * runtime the test drains, a manual clock, captured logs and a random secret key; signed-in
 * callers (session row + CSRF HMAC, as the web client sends them), an organization with one
 * member per role, and `send`. Suite harnesses (`invitations-app.ts`, `reports-app.ts`, …)
 * extend it with their own factories and options.
 *
 * `invitationModules` wires the candidates, tests and invitations modules without the app, for
 * module-level harnesses (and stand-in stages next to an app).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { OrganizationSettings, Role } from '@assay/contracts';
import type { ExecutionBackend } from '@assay/runner/protocol';
import { loadConfig, type Config, type Env } from '../../src/config/index.js';
import type { Db, DialectHelpers } from '../../src/db/index.js';
import { buildApp, type App } from '../../src/main/build-app.js';
import { createJobsRuntime, type JobsRuntime } from '../../src/main/jobs-runtime.js';
import { createCandidatesModule, type AtsLinkRegistry } from '../../src/modules/candidates/index.js';
import { createChallengesModule } from '../../src/modules/challenges/index.js';
import { createInvitationsModule } from '../../src/modules/invitations/index.js';
import { createManualClock, type Clock } from '../../src/platform/clock/index.js';
import { hashToken, hmac } from '../../src/platform/crypto/index.js';
import type { HttpClient } from '../../src/platform/http-client/index.js';
import { createLogger } from '../../src/platform/log/index.js';
import { createMailQueue, renderMail } from '../../src/platform/mail/index.js';
import { buildOrganization, IDENTITY_TEST_ENV, type SeededUser } from '../identity/identity-fixtures.js';
import { createTestDatabase, type TestDatabase } from './test-db.js';

export const PUBLIC_URL = 'https://assay.example.test';
/** Every role: `organization()` seeds one member of each unless told otherwise. */
export const ROLES = ['owner', 'admin', 'recruiter', 'reviewer'] as const;
/** The harnesses' default start of the manual clock. */
export const TEST_START = new Date('2026-03-02T09:00:00.000Z');

/** A signed-in caller: cookie + CSRF token, as the web client sends them. */
export interface Caller {
  cookie: string;
  csrf: string;
}

export type ManualClock = ReturnType<typeof createManualClock>;

export interface OrgAppOptions<R extends Role> {
  /** Names the temporary DATA_DIR (`assay-<name>-…`) when `dataDir` is not given. */
  name: string;
  /** A database (and data dir) shared by several app builds; default a fresh test database. */
  database?: TestDatabase;
  dataDir?: string;
  /** Extra environment over DATA_DIR, LOG_LEVEL, PUBLIC_URL and the identity test settings. */
  env?: Env;
  /** Default a manual clock at `start` (default TEST_START). */
  clock?: ManualClock;
  start?: Date;
  secretKey?: Buffer;
  /** Capture every log line (trace) in `logs` (default); false: a silent logger. */
  captureLogs?: boolean;
  /** The members `organization()` seeds (default every role). */
  roles?: readonly R[];
  /** Sessions `sessionFor` inserts: lifetime (default 30 days), re-authenticated now (default not). */
  sessions?: { days?: number; reauth?: boolean };
  /** Default the inline jobs runtime. */
  jobs?: (parts: { config: Config; db: Db; clock: ManualClock }) => JobsRuntime;
  execution?: ExecutionBackend;
  outboundHttp?: (clock: ManualClock) => HttpClient;
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The real app on a fresh test database, and the helpers every suite harness shares. */
export async function buildOrgApp<R extends Role = (typeof ROLES)[number]>(options: OrgAppOptions<R>) {
  const database = options.database ?? (await createTestDatabase());
  const db = database.db;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), `assay-${options.name}-`));
  const captureLogs = options.captureLogs ?? true;
  const config = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: captureLogs ? 'debug' : 'silent',
    PUBLIC_URL,
    ...IDENTITY_TEST_ENV,
    ...options.env,
  });
  const clock = options.clock ?? createManualClock(options.start ?? TEST_START);
  const logs: string[] = [];
  const logger = captureLogs
    ? createLogger({
        level: 'trace',
        destination: new Writable({
          write(chunk: Buffer, _enc, done) {
            logs.push(chunk.toString('utf8'));
            done();
          },
        }),
      })
    : createLogger({ level: 'silent' });
  const secretKey = options.secretKey ?? randomBytes(32);
  const outboundHttp = options.outboundHttp?.(clock);
  const jobs: JobsRuntime = options.jobs
    ? options.jobs({ config, db, clock })
    : createJobsRuntime({ config, db, clock, logger }, { inline: true });
  const app: App = await buildApp({
    config,
    database,
    logger,
    clock,
    secretKey,
    jobs,
    ...(options.execution ? { execution: options.execution } : {}),
    ...(outboundHttp ? { outboundHttp } : {}),
  });
  await app.ready();
  const roles = options.roles ?? (ROLES as readonly Role[] as readonly R[]);
  const sessionDays = options.sessions?.days ?? 30;
  const reauthByDefault = options.sessions?.reauth ?? false;

  /** A session of `userId` in `organizationId` (re-authenticated now when `reauth`). */
  async function sessionFor(
    userId: string,
    organizationId: string,
    reauth = reauthByDefault,
  ): Promise<Caller> {
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
        expires_at: new Date(now.getTime() + sessionDays * 86_400_000).toISOString(),
        reauth_at: reauth ? now.toISOString() : null,
      })
      .execute();
    return { cookie: `assay_session=${cookieValue}`, csrf: hmac(secretKey, `csrf:${cookieValue}`) };
  }

  return {
    app,
    db,
    database,
    dialect: database.dialect,
    config,
    dataDir,
    clock,
    logger,
    logs,
    secretKey,
    jobs,
    outboundHttp,
    /** Run every due job now (inline jobs only). */
    drain: async (): Promise<number> => {
      if (!jobs.drain) throw new Error('inline jobs expected');
      return jobs.drain();
    },
    sessionFor,
    /** An organization with one member per role, and their sessions. */
    async organization(): Promise<{ id: string; users: Record<R, SeededUser>; as: Record<R, Caller> }> {
      const org = await buildOrganization(db, roles);
      const as = {} as Record<R, Caller>;
      for (const role of roles) as[role] = await sessionFor(org.users[role].id, org.id);
      return { id: org.id, users: org.users, as };
    },
    /** Send as the web client does: cookie, and for writes JSON + x-csrf-token. */
    send(caller: Caller | null, method: Method, url: string, payload?: unknown) {
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

export type OrgApp = Awaited<ReturnType<typeof buildOrgApp>>;

/** Organizations' settings read straight from the table (the organizations module needs identity). */
export function organizationSettingsFromTable(db: Db) {
  return {
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
}

/**
 * The candidates, tests (challenges) and invitations modules on `db` with the real mail queue,
 * wired as `buildApp` wires them. Their jobs are not registered: the caller does, unless an app
 * on the same queue already has.
 */
export function invitationModules(parts: {
  db: Db;
  dialect: DialectHelpers;
  clock: Clock;
  config: Config;
  queue: JobsRuntime['queue'];
  atsLinks?: AtsLinkRegistry;
}) {
  const { db, dialect, clock, config, queue } = parts;
  const mail = { queue: createMailQueue({ queue, clock }), render: renderMail };
  const candidates = createCandidatesModule({
    db,
    dialect,
    clock,
    queue,
    ...(parts.atsLinks ? { atsLinks: parts.atsLinks } : {}),
  });
  const challenges = createChallengesModule({ db, clock, config });
  const invitations = createInvitationsModule({
    db,
    dialect,
    clock,
    queue,
    mail,
    config,
    tests: challenges.service,
    candidates: candidates.service,
    organizations: organizationSettingsFromTable(db),
  });
  return { mail, candidates, challenges, invitations };
}
