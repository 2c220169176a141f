import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { AttemptState, CreateTestBody, Role } from '@assay/contracts';
import type { ExecutionBackend } from '@assay/runner/protocol';
import type { Config } from '../../src/config/index.js';
import type { JobsRuntime } from '../../src/main/jobs-runtime.js';
import {
  BUILT_IN_LIBRARY_DIR,
  createChallengesService,
  createTestsService,
} from '../../src/modules/challenges/index.js';
import { buildOrgApp, type Caller, type ManualClock } from '../support/org-app.js';
import type { TestDatabase } from '../support/test-db.js';

export { PUBLIC_URL, type Caller } from '../support/org-app.js';

const run = promisify(execFile);
const ROLES = ['owner', 'recruiter'] as const;

/** Built-in challenges copied into the test's own library (a small, fast sync). */
const LIBRARY = ['even-pairs', 'python-signup-cleaning'];

export interface BuildOptions {
  execution?: ExecutionBackend;
  /** A file database + data dir shared by several app builds (C3). */
  database?: TestDatabase;
  dataDir?: string;
  jobs?: (parts: { config: Config; db: TestDatabase['db'] }) => JobsRuntime;
  clock?: ManualClock;
  secretKey?: Buffer;
  seed?: boolean;
}

/** The real app (inline jobs by default), a manual clock, captured logs and helpers for attempts. */
export async function buildAttemptsApp(options: BuildOptions = {}) {
  const base = await buildOrgApp({ ...options, name: 'attempts', roles: ROLES });
  const { app, db, database, clock, config } = base;

  let seeded = false;
  async function seedLibrary() {
    if (seeded) return;
    seeded = true;
    const library = mkdtempSync(join(tmpdir(), 'assay-library-'));
    for (const slug of LIBRARY)
      cpSync(join(BUILT_IN_LIBRARY_DIR, slug), join(library, slug), { recursive: true });
    await createChallengesService({ db, dialect: database.dialect, clock, config }).syncBuiltInLibrary(
      library,
    );
  }

  const harness = {
    ...base,
    /** A published test over built-in challenges (`even-pairs` problems, or the Python project). */
    async publishedTest(
      organizationId: string,
      userId: string,
      kind: 'project' | 'problems',
      overrides: Partial<CreateTestBody> = {},
    ): Promise<{ id: string }> {
      await seedLibrary();
      const slug = kind === 'project' ? 'python-signup-cleaning' : 'even-pairs';
      const challenge = await db
        .selectFrom('challenges')
        .select('id')
        .where('slug', '=', slug)
        .where('owner_key', '=', 'builtin')
        .executeTakeFirstOrThrow();
      const tests = createTestsService({ db, clock });
      const test = await tests.createTest({ userId }, organizationId, {
        name: `${kind} test`,
        kind,
        challenges: [{ challengeId: challenge.id, weight: 1 }],
        timeLimitMinutes: 60,
        validityDays: 7,
        allowedLanguages: kind === 'problems' ? ['python3', 'cpp'] : [],
        instructions: 'Good luck.',
        showFeedback: false,
        ...overrides,
      });
      await tests.publishTest({ userId }, organizationId, test.id);
      return { id: test.id };
    },
    /** Invite a candidate through the API and return the link token from the mail. */
    async invite(
      org: { id: string; as: Record<string, Caller> },
      testId: string,
      body: Record<string, unknown> = {},
    ) {
      const email = `cand-${randomBytes(4).toString('hex')}@example.test`;
      const res = await harness.send(org.as.recruiter ?? null, 'POST', `/api/orgs/${org.id}/invitations`, {
        testId,
        name: 'Ada Lovelace',
        email,
        ...body,
      });
      if (res.statusCode !== 201) throw new Error(`invite failed: ${res.body}`);
      const invitation = res.json<{ id: string }>();
      await harness.drain();
      const mail = await db
        .selectFrom('mails')
        .select('text_body')
        .where('to_address', '=', email)
        .where('kind', '=', 'invitations.invitation')
        .executeTakeFirstOrThrow();
      const match = /\/take#token=([A-Za-z0-9_-]+)/.exec(mail.text_body);
      if (!match?.[1]) throw new Error('no link');
      return { invitationId: invitation.id, token: match[1], email };
    },
    /** POST /api/candidate/start → the attempt id and its cookie. */
    async start(token: string, headers: Record<string, string> = {}) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/candidate/start',
        headers: { 'content-type': 'application/json', ...headers },
        payload: JSON.stringify({ token }),
      });
      const setCookie = res.headers['set-cookie'];
      const raw = Array.isArray(setCookie) ? setCookie[0] : setCookie;
      const cookie = raw ? (raw.split(';')[0] ?? '') : '';
      return {
        res,
        cookie,
        attemptId: res.statusCode < 300 ? res.json<{ attemptId: string }>().attemptId : '',
      };
    },
    /** A candidate call with the attempt cookie (JSON for writes). */
    candidate(
      cookie: string,
      method: 'GET' | 'POST' | 'PUT',
      url: string,
      payload?: unknown,
      headers: Record<string, string> = {},
    ) {
      return app.inject({
        method,
        url,
        headers: {
          cookie,
          ...(method === 'GET' ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(method === 'GET' ? {} : { payload: JSON.stringify(payload ?? {}) }),
      });
    },
    async state(cookie: string, attemptId: string): Promise<AttemptState> {
      const res = await harness.candidate(cookie, 'GET', `/api/candidate/attempts/${attemptId}`);
      if (res.statusCode !== 200) throw new Error(`state: ${res.statusCode} ${res.body}`);
      return res.json<AttemptState>();
    },
    /** Listen on a loopback port (real git clients). */
    async listen(): Promise<string> {
      const address = await app.listen({ port: 0, host: '127.0.0.1' });
      return address;
    },
  };
  return harness;
}

export type AttemptsApp = Awaited<ReturnType<typeof buildAttemptsApp>>;

/** Run the system git with no user config and no prompts. */
export async function git(cwd: string, args: string[], env: Record<string, string> = {}) {
  const home = mkdtempSync(join(tmpdir(), 'assay-git-home-'));
  return run('git', args, {
    cwd,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: home,
      GIT_TERMINAL_PROMPT: '0',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: 'Candidate',
      GIT_AUTHOR_EMAIL: 'candidate@example.test',
      GIT_COMMITTER_NAME: 'Candidate',
      GIT_COMMITTER_EMAIL: 'candidate@example.test',
      ...env,
    },
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** `http://candidate:<password>@host/git/<id>.git` (git sends the userinfo as HTTP Basic). */
export function cloneUrl(base: string, state: AttemptState): string {
  const url = new URL(`${base}/git/${state.attemptId}.git`);
  url.username = state.git.username;
  url.password = state.git.password;
  return url.toString();
}

export type { Role };
