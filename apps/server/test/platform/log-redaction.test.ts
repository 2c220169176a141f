import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialect } from '../support/test-db.js';
import { buildPlatformTestApp, type PlatformTestApp } from './platform-test-app.js';

const BEARER = 'ask_0123456789abcdefghijklmnopqrstuvwxyzABCD';
const SESSION = 'sess_ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxw';
const LINK_TOKEN = 'inv_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789QQ';
const QUERY_TOKEN = 'qtok_5up3rs3cr3tqu3ryv4lu3';

describe(`request logs (${testDialect})`, () => {
  let t: PlatformTestApp;
  const lines: string[] = [];
  beforeAll(async () => {
    const destination = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        callback();
      },
    });
    t = await buildPlatformTestApp({
      logDestination: destination,
      routes: (app) => {
        app.get('/i/:token', () => ({ ok: true }));
        app.post('/api/test/fails', () => {
          throw new Error('boom');
        });
      },
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('never contain the Authorization header, cookies or tokens from the URL', async () => {
    const headers = {
      authorization: `Bearer ${BEARER}`,
      cookie: `assay_session=${SESSION}`,
      'x-csrf-token': SESSION,
    };
    await t.app.inject({ method: 'GET', url: `/i/${LINK_TOKEN}?utm=${QUERY_TOKEN}`, headers });
    await t.app.inject({ method: 'GET', url: `/api/nope/${LINK_TOKEN}`, headers });
    // No credentials here: the point is the error log of a failing handler.
    await t.app.inject({
      method: 'POST',
      url: `/api/test/fails?token=${QUERY_TOKEN}`,
      headers: { 'content-type': 'application/json' },
      payload: '{}',
    });
    const log = lines.join('\n');
    // The requests were logged at all (otherwise the test proves nothing).
    expect(log).toContain('/i/[redacted]');
    expect(log).toContain('boom');
    for (const secret of [BEARER, SESSION, LINK_TOKEN, QUERY_TOKEN]) expect(log).not.toContain(secret);
  });
});
