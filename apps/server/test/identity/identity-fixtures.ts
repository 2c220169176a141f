import argon2 from 'argon2';
import type { Role, SessionResponse } from '@assay/contracts';
import type { Db } from '../../src/db/index.js';
import { newId } from '../../src/platform/crypto/index.js';
import type { App } from '../../src/main/build-app.js';

/** The password every factory user gets. */
export const TEST_PASSWORD = 'correct horse battery staple';

let hashPromise: Promise<string> | undefined;
/** One argon2id hash of TEST_PASSWORD per process (hashing is deliberately slow). */
export function testPasswordHash(): Promise<string> {
  hashPromise ??= argon2.hash(TEST_PASSWORD, {
    type: argon2.argon2id,
    memoryCost: 19456,
    timeCost: 2,
    parallelism: 1,
  });
  return hashPromise;
}

export interface SeededUser {
  id: string;
  email: string;
  password: string;
}

/** Insert a user (factories may insert directly). */
export async function buildUser(
  db: Db,
  options: { email?: string; passwordHash?: string } = {},
): Promise<SeededUser> {
  const id = newId();
  const email = options.email ?? `user-${id}@example.test`;
  const now = new Date().toISOString();
  await db
    .insertInto('users')
    .values({
      id,
      email,
      name: `User ${id.slice(-4)}`,
      password_hash: options.passwordHash ?? (await testPasswordHash()),
      disabled_at: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return { id, email, password: TEST_PASSWORD };
}

/** Insert an organization with one member per role given (its own organization, so tests can run in parallel). */
export async function buildOrganization<R extends Role>(
  db: Db,
  roles: readonly R[],
): Promise<{ id: string; slug: string; users: Record<R, SeededUser> }> {
  const id = newId();
  const now = new Date().toISOString();
  const slug = `org-${id}`;
  await db
    .insertInto('organizations')
    .values({
      id,
      name: `Org ${id}`,
      slug,
      logo_url: null,
      accent_color: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  const users = {} as Record<R, SeededUser>;
  for (const role of roles) {
    const user = await buildUser(db);
    await addMembership(db, id, user.id, role);
    users[role] = user;
  }
  return { id, slug, users };
}

export async function addMembership(
  db: Db,
  organizationId: string,
  userId: string,
  role: Role,
): Promise<void> {
  await db
    .insertInto('memberships')
    .values({
      id: newId(),
      organization_id: organizationId,
      user_id: userId,
      role,
      created_at: new Date().toISOString(),
    })
    .execute();
}

export interface Browser {
  cookie: string;
  csrf: string;
  session: SessionResponse;
  /** The raw Set-Cookie headers of the login answer. */
  setCookies: string[];
}

/** Pull `name=value` pairs out of Set-Cookie headers. */
export function cookiesFrom(setCookie: string | string[] | undefined): Record<string, string> {
  const list = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const out: Record<string, string> = {};
  for (const c of list) {
    const [pair = ''] = c.split(';');
    const eq = pair.indexOf('=');
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

/** Log in through the API like the web app does. */
export async function login(app: App, email: string, password: string = TEST_PASSWORD): Promise<Browser> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/session/login',
    headers: { 'content-type': 'application/json' },
    payload: { email, password },
  });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  return browserFrom(res.headers['set-cookie'], res.json<SessionResponse>());
}

/** A browser state from a response that started a session. */
export function browserFrom(setCookie: string | string[] | undefined, session: SessionResponse): Browser {
  const cookies = cookiesFrom(setCookie);
  const value = cookies.assay_session;
  if (!value || !session.csrfToken) throw new Error('no session cookie or CSRF token');
  return {
    cookie: `assay_session=${value}`,
    csrf: session.csrfToken,
    session,
    setCookies: Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [],
  };
}

/** Send a request as the web client would: cookie, and for writes JSON + x-csrf-token. */
export function send(
  app: App,
  browser: Browser | null,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  payload?: unknown,
) {
  const headers: Record<string, string> = {};
  if (browser) headers.cookie = browser.cookie;
  if (method !== 'GET') {
    headers['content-type'] = 'application/json';
    if (browser) headers['x-csrf-token'] = browser.csrf;
  }
  return app.inject({
    method,
    url,
    headers,
    ...(method !== 'GET' ? { payload: JSON.stringify(payload ?? {}) } : {}),
  });
}

/** Environment for identity tests: no IP rate limit getting in the way of many logins. */
export const IDENTITY_TEST_ENV = { HTTP_RATE_LIMIT_PER_MINUTE: '1000000' };
