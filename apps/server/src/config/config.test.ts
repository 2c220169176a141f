import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('defaults to embedded SQLite under ./data with the database mail transport', () => {
    const c = loadConfig({}, '/srv/assay');
    expect(c.db).toEqual({ dialect: 'sqlite', path: '/srv/assay/data/assay.db' });
    expect(c.jobs.adapter).toBe('sqlite');
    expect(c.mail.transport).toBe('database');
    expect(c.http.publicUrl).toBe('http://localhost:3000');
    expect(c.secretKey).toBeUndefined();
    expect(Object.isFrozen(c.http)).toBe(true);
  });

  it('switches to PostgreSQL and pg-boss with DATABASE_URL and requires the secret key', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://x@h/db' })).toThrow(/ASSAY_SECRET_KEY/);
    const c = loadConfig({ DATABASE_URL: 'postgres://x@h/db', ASSAY_SECRET_KEY: 'a'.repeat(44) });
    expect(c.db.dialect).toBe('postgres');
    expect(c.jobs.adapter).toBe('pg-boss');
  });

  it('names every offending variable at once', () => {
    try {
      loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', SMTP_URL: 'http://mail' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const issues = (err as ConfigError).issues.join('\n');
      expect(issues).toMatch(/PORT/);
      expect(issues).toMatch(/DATABASE_URL/);
      expect(issues).toMatch(/SMTP_URL/);
    }
  });

  it('refuses RUNNER_URL until remote runners exist, saying what to do', () => {
    expect(() => loadConfig({ RUNNER_URL: 'https://runner.internal:8443' })).toThrow(
      /RUNNER_URL: remote runners are not supported yet; leave it unset/,
    );
  });

  it('applies the production rules', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', PUBLIC_URL: 'http://assay.example.com' })).toThrow(
      /https/,
    );
    expect(() =>
      loadConfig({
        NODE_ENV: 'production',
        PUBLIC_URL: 'https://a.example.com',
        ATS_ALLOW_INSECURE_CALLBACKS: 'true',
      }),
    ).toThrow(/ATS_ALLOW_INSECURE_CALLBACKS/);
  });

  it('reads the ATS settings: SmartRecruiters defaults, callback hosts, both halves of the partner credential', () => {
    const c = loadConfig({});
    expect(c.ats.smartrecruiters).toEqual({
      apiUrl: 'https://api.smartrecruiters.com',
      tokenUrl: 'https://api.smartrecruiters.com/identity/oauth/token',
      callbackHosts: ['api.smartrecruiters.com'],
    });
    expect(c.ats.greenhouse).toEqual({
      linkHosts: ['app.greenhouse.io'],
      callbackHosts: ['app.greenhouse.io'],
    });
    const sandbox = loadConfig({
      SMARTRECRUITERS_API_URL: 'http://127.0.0.1:4010/',
      SMARTRECRUITERS_TOKEN_URL: 'http://127.0.0.1:4010/identity/oauth/token',
      SMARTRECRUITERS_CLIENT_ID: 'partner',
      SMARTRECRUITERS_CLIENT_SECRET: 'secret',
      GREENHOUSE_CALLBACK_HOSTS: '127.0.0.1,GH.example.com',
      ATS_ALLOW_INSECURE_CALLBACKS: 'true',
    });
    expect(sandbox.ats.smartrecruiters).toMatchObject({
      apiUrl: 'http://127.0.0.1:4010',
      clientId: 'partner',
      clientSecret: 'secret',
      callbackHosts: ['127.0.0.1'],
    });
    expect(sandbox.ats.greenhouse.callbackHosts).toEqual(['127.0.0.1', 'gh.example.com']);
    expect(sandbox.ats.allowInsecureCallbacks).toBe(true);
    expect(() => loadConfig({ SMARTRECRUITERS_CLIENT_ID: 'partner' })).toThrow(/set both or neither/);
    expect(() => loadConfig({ SMARTRECRUITERS_CALLBACK_HOSTS: 'https://x' })).toThrow(
      /SMARTRECRUITERS_CALLBACK_HOSTS/,
    );
  });
});
