import argon2 from 'argon2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PASSWORD_HASH_PARAMS,
  checkPasswordPolicy,
  createPasswordHasher,
  parsePhc,
} from '../../src/modules/identity/index.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';
import { testDialect } from '../support/test-db.js';
import {
  IDENTITY_TEST_ENV,
  buildOrganization,
  buildUser,
  cookiesFrom,
  login,
  send,
} from './identity-fixtures.js';

describe('password policy (A2)', () => {
  it('accepts 8 and 64+ characters and rejects too short, too long and common passwords', () => {
    expect(checkPasswordPolicy('qz8!vmpt')).toBeNull();
    expect(checkPasswordPolicy('x'.repeat(64))).toBeNull();
    expect(checkPasswordPolicy('x'.repeat(128))).toBeNull();
    expect(checkPasswordPolicy('abcdefg')).toBe('too_short');
    expect(checkPasswordPolicy('x'.repeat(129))).toBe('too_long');
    expect(checkPasswordPolicy('password1')).toBe('too_common');
    expect(checkPasswordPolicy('Password123')).toBe('too_common');
  });

  it('hashes the whole password: a 100-character password is not its 99-character prefix', async () => {
    const hasher = createPasswordHasher();
    const long = Array.from({ length: 100 }, (_, i) => String.fromCharCode(33 + (i % 90))).join('');
    const digest = await hasher.hash(long);
    expect(await hasher.verify(digest, long)).toBe(true);
    expect(await hasher.verify(digest, long.slice(0, 99))).toBe(false);
  });
});

describe('password hashing (A1)', () => {
  it('uses argon2id at or above the OWASP minimum, in PHC format', async () => {
    const digest = await createPasswordHasher().hash('a sturdy passphrase');
    const phc = parsePhc(digest);
    expect(phc).toMatchObject({ type: 'argon2id', version: 19 });
    expect(phc?.m).toBeGreaterThanOrEqual(19456);
    expect(phc?.t).toBeGreaterThanOrEqual(2);
    expect(phc?.p).toBeGreaterThanOrEqual(1);
    expect(PASSWORD_HASH_PARAMS.memoryCost).toBeGreaterThanOrEqual(19456);
  });

  it('flags weaker or non-argon2id hashes for rehash', async () => {
    const hasher = createPasswordHasher();
    const weak = await argon2.hash('x', {
      type: argon2.argon2id,
      memoryCost: 4096,
      timeCost: 1,
      parallelism: 1,
    });
    const argon2i = await argon2.hash('x', {
      type: argon2.argon2i,
      memoryCost: 19456,
      timeCost: 2,
      parallelism: 1,
    });
    expect(hasher.needsRehash(weak)).toBe(true);
    expect(hasher.needsRehash(argon2i)).toBe(true);
    expect(hasher.needsRehash(await hasher.hash('x'))).toBe(false);
  });
});

describe(`login hashing, throttling and policy through the API (A1, A2, A3) (${testDialect})`, () => {
  let t: TestApp;
  const hasher = createPasswordHasher({ maxConcurrent: 4 });
  beforeAll(async () => {
    t = await buildTestApp(IDENTITY_TEST_ENV);
  });
  afterAll(async () => {
    await t.close();
  });

  it('upgrades a weaker hash at login', async () => {
    const weak = await argon2.hash('an old passphrase', {
      type: argon2.argon2id,
      memoryCost: 4096,
      timeCost: 1,
      parallelism: 1,
    });
    const user = await buildUser(t.database.db, { passwordHash: weak });
    await login(t.app, user.email, 'an old passphrase');
    const row = await t.database.db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(row.password_hash).not.toBe(weak);
    expect(parsePhc(row.password_hash)).toMatchObject({ type: 'argon2id', m: 19456, t: 2, p: 1 });
    await login(t.app, user.email, 'an old passphrase');
  });

  it('completes 50 parallel logins with at most 4 hashes at a time', async () => {
    const { buildApp } = await import('../../src/main/build-app.js');
    const { loadConfig } = await import('../../src/config/index.js');
    const { createLogger } = await import('../../src/platform/log/index.js');
    const { randomBytes } = await import('node:crypto');
    const app = await buildApp({
      config: loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: '/tmp/assay-a1', ...IDENTITY_TEST_ENV }),
      database: t.database,
      logger: createLogger({ level: 'silent' }),
      clock: t.clock,
      secretKey: randomBytes(32),
      passwordHasher: hasher,
    });
    try {
      const org = await buildOrganization(t.database.db, ['owner']);
      const results = await Promise.all(
        Array.from({ length: 50 }, () =>
          app.inject({
            method: 'POST',
            url: '/api/session/login',
            headers: { 'content-type': 'application/json' },
            payload: { email: org.users.owner.email, password: org.users.owner.password },
          }),
        ),
      );
      expect(results.map((r) => r.statusCode)).toEqual(Array(50).fill(200));
      expect(hasher.stats.peak).toBeLessThanOrEqual(4);
      expect(hasher.stats.active).toBe(0);
    } finally {
      await app.close();
    }
  });

  it('rejects weak new passwords and needs the current one to change it (A2)', async () => {
    const org = await buildOrganization(t.database.db, ['recruiter']);
    const browser = await login(t.app, org.users.recruiter.email);
    const common = await send(t.app, browser, 'POST', '/api/account/password', {
      currentPassword: org.users.recruiter.password,
      newPassword: 'password123',
    });
    expect(common.json()).toMatchObject({ error: { code: 'identity.password_rejected' } });
    const short = await send(t.app, browser, 'POST', '/api/account/password', {
      currentPassword: org.users.recruiter.password,
      newPassword: 'short',
    });
    expect(short.statusCode).toBe(400);
    const wrong = await send(t.app, browser, 'POST', '/api/account/password', {
      currentPassword: 'not my password',
      newPassword: 'a brand new passphrase',
    });
    expect(wrong.json()).toMatchObject({ error: { code: 'identity.password_incorrect' } });

    const other = await login(t.app, org.users.recruiter.email);
    const ok = await send(t.app, browser, 'POST', '/api/account/password', {
      currentPassword: org.users.recruiter.password,
      newPassword: 'a brand new passphrase',
    });
    expect(ok.statusCode).toBe(204);
    // Other sessions end; this one stays.
    expect((await send(t.app, other, 'GET', `/api/orgs/${org.id}/members`)).statusCode).toBe(401);
    expect((await send(t.app, browser, 'GET', `/api/orgs/${org.id}/members`)).statusCode).toBe(200);
    await login(t.app, org.users.recruiter.email, 'a brand new passphrase');
  });

  it('evaluates at most 100 failures per account per hour, lets the owner in from a known device, no lockout (A3)', async () => {
    const org = await buildOrganization(t.database.db, ['owner']);
    const email = org.users.owner.email;
    // The owner logged in before on this device.
    const earlier = await login(t.app, email);
    const device = cookiesFrom(earlier.setCookies).assay_device ?? '';
    expect(device).not.toBe('');

    const statuses: number[] = [];
    for (let i = 0; i < 200; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/session/login',
        remoteAddress: `10.0.${Math.floor(i / 250)}.${i % 250}`,
        headers: { 'content-type': 'application/json' },
        payload: { email, password: `wrong guess ${i}` },
      });
      statuses.push(res.statusCode);
    }
    expect(statuses.filter((s) => s === 401)).toHaveLength(100);
    expect(statuses.filter((s) => s === 429)).toHaveLength(100);
    const evaluated = await t.database.db
      .selectFrom('login_attempts')
      .select('id')
      .where('bucket', '=', `login:${email}`)
      .where('succeeded', '=', 0)
      .execute();
    expect(evaluated.length).toBeLessThanOrEqual(100);

    // The right password from a new device is not even evaluated now…
    const blocked = await send(t.app, null, 'POST', '/api/session/login', {
      email,
      password: org.users.owner.password,
    });
    expect(blocked.statusCode).toBe(429);
    // …but the owner's known device still gets in.
    const fromDevice = await t.app.inject({
      method: 'POST',
      url: '/api/session/login',
      headers: { 'content-type': 'application/json', cookie: `assay_device=${device}` },
      payload: { email, password: org.users.owner.password },
    });
    expect(fromDevice.statusCode).toBe(200);
    // No permanent lockout: an hour later anyone with the password gets in.
    t.clock.advance(61 * 60 * 1000);
    await login(t.app, email);
  });

  it('answers an unknown email exactly like a wrong password (A3)', async () => {
    const org = await buildOrganization(t.database.db, ['owner']);
    const unknown = await send(t.app, null, 'POST', '/api/session/login', {
      email: `nobody-${org.id}@example.test`,
      password: 'whatever it is',
    });
    const wrong = await send(t.app, null, 'POST', '/api/session/login', {
      email: org.users.owner.email,
      password: 'whatever it is',
    });
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    const strip = (body: string) => ({
      ...(JSON.parse(body) as { error: Record<string, unknown> }).error,
      requestId: undefined,
    });
    expect(strip(unknown.body)).toEqual(strip(wrong.body));
  });
});
