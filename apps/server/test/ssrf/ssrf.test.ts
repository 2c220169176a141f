import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkUrl,
  classifyStatus,
  createHttpClient,
  isForbiddenAddress,
  parseRetryAfter,
  type Resolver,
} from '../../src/platform/http-client/index.js';

/** A loopback listener that counts every TCP connection it gets (it must get none). */
async function canary(
  host: string,
): Promise<{ port: number; connections: () => number; close: () => Promise<void> }> {
  let connections = 0;
  const server = createServer((_req, res) => res.end('canary'));
  server.on('connection', () => {
    connections++;
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => connections,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A loopback receiver with a per-test handler. */
async function receiver(
  handler: Parameters<typeof createServer>[1],
): Promise<{ url: string; server: Server; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer(handler);
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

const PUBLIC_IP = '93.184.216.34';

describe('SSRF guard (R7)', () => {
  let v4: Awaited<ReturnType<typeof canary>>;
  let v6: Awaited<ReturnType<typeof canary>> | null = null;

  beforeAll(async () => {
    v4 = await canary('127.0.0.1');
    try {
      v6 = await canary('::1');
    } catch {
      // No IPv6 loopback on this machine: the IPv6 cases still must be refused, only unobserved.
      v6 = null;
    }
  });
  afterAll(async () => {
    await v4.close();
    await v6?.close();
  });

  const connections = () => v4.connections() + (v6?.connections() ?? 0);

  /** Names a test resolver maps to inward addresses (what a hostile DNS zone could return). */
  const hostileDns: Record<string, string[]> = {
    'loopback.attacker.test': ['127.0.0.1'],
    'loopback6.attacker.test': ['::1'],
    'mapped.attacker.test': ['::ffff:127.0.0.1'],
    'metadata.attacker.test': ['169.254.169.254'],
    'rfc1918.attacker.test': ['10.1.2.3'],
    'mixed.attacker.test': [PUBLIC_IP, '127.0.0.1'],
    'zero.attacker.test': ['0.0.0.0'],
    'ula.attacker.test': ['fd00::1'],
  };
  const resolver: Resolver = (hostname) => {
    const addresses = hostileDns[hostname];
    if (!addresses) return Promise.reject(Object.assign(new Error('not found'), { code: 'ENOTFOUND' }));
    return Promise.resolve(addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));
  };

  const urlsFor = (port: number): string[] => [
    // Loopback, every spelling the WHATWG parser accepts.
    `http://127.0.0.1:${port}/`,
    `http://127.1:${port}/`,
    `http://127.0.1:${port}/`,
    `http://2130706433:${port}/`,
    `http://0x7f000001:${port}/`,
    `http://0x7f.0x0.0x0.0x1:${port}/`,
    `http://0177.0.0.1:${port}/`,
    `http://017700000001:${port}/`,
    `http://127.0.0.1.:${port}/`,
    `http://127.255.255.254:${port}/`,
    `http://[::1]:${port}/`,
    `http://[0:0:0:0:0:0:0:1]:${port}/`,
    `http://[::ffff:127.0.0.1]:${port}/`,
    `http://[::ffff:7f00:1]:${port}/`,
    `http://[::127.0.0.1]:${port}/`,
    `http://[64:ff9b::127.0.0.1]:${port}/`,
    `http://[2002:7f00:1::]:${port}/`,
    `http://0.0.0.0:${port}/`,
    `http://0:${port}/`,
    `http://[::]:${port}/`,
    `http://localhost:${port}/`,
    `http://LOCALHOST.:${port}/`,
    `http://api.localhost:${port}/`,
    `http://printer.local:${port}/`,
    `http://intranet:${port}/`,
    // Names that resolve inwards (checked when connecting).
    `http://loopback.attacker.test:${port}/`,
    `http://loopback6.attacker.test:${port}/`,
    `http://mapped.attacker.test:${port}/`,
    `http://mixed.attacker.test:${port}/`,
    `http://zero.attacker.test:${port}/`,
    `http://metadata.attacker.test:${port}/latest/meta-data/`,
    `http://rfc1918.attacker.test:${port}/`,
    `http://ula.attacker.test:${port}/`,
    // Private, link-local, CGNAT, multicast, reserved.
    `http://169.254.169.254/latest/meta-data/`,
    `http://[::ffff:169.254.169.254]/`,
    `http://[::ffff:a9fe:a9fe]/`,
    `http://10.0.0.1/`,
    `http://10.255.255.255/`,
    `http://172.16.0.1/`,
    `http://172.31.255.254/`,
    `http://192.168.1.1/`,
    `http://3232235777/`,
    `http://100.64.0.1/`,
    `http://100.127.255.254/`,
    `http://224.0.0.1/`,
    `http://239.255.255.250/`,
    `http://255.255.255.255/`,
    `http://240.0.0.1/`,
    `http://198.18.0.1/`,
    `http://[fc00::1]/`,
    `http://[fd12:3456::1]/`,
    `http://[fe80::1]/`,
    `http://[fe80::1%25eth0]/`,
    `http://[ff02::1]/`,
    `http://[::ffff:10.0.0.1]/`,
    `http://[::ffff:192.168.0.1]/`,
    // Other schemes and credentials.
    `file:///etc/passwd`,
    `ftp://127.0.0.1:${port}/`,
    `gopher://127.0.0.1:${port}/_GET`,
    `data:text/plain,hello`,
    `javascript:alert(1)`,
    `ws://127.0.0.1:${port}/`,
    `http://user:pass@example.com/`,
    `not a url`,
  ];

  it('refuses 60+ inward URLs before any connection, and the canaries see none', async () => {
    const client = createHttpClient({ production: false, resolver, totalTimeoutMs: 5000 });
    const urls = [...urlsFor(v4.port), ...(v6 ? urlsFor(v6.port).filter((u) => u.includes('[')) : [])];
    expect(urls.length).toBeGreaterThanOrEqual(60);
    const allowed: string[] = [];
    for (const url of urls) {
      const result = await client.send({ url, body: '{}' });
      if (result.ok || result.kind !== 'permanent' || result.status !== null) {
        allowed.push(`${url}: ${JSON.stringify(result)}`);
      }
      const saved = await client.validateUrl(url);
      if (saved.ok) allowed.push(`${url}: accepted at save time`);
    }
    expect(allowed).toEqual([]);
    expect(connections()).toBe(0);
  });

  it('stops DNS rebinding at connect time: public at save time, loopback when sending', async () => {
    let calls = 0;
    const rebinding: Resolver = () => {
      calls++;
      const address = calls === 1 ? PUBLIC_IP : '127.0.0.1';
      return Promise.resolve([{ address, family: 4 }]);
    };
    const client = createHttpClient({ production: false, resolver: rebinding });
    const url = `http://rebind.attacker.test:${v4.port}/hook`;
    expect(await client.validateUrl(url)).toEqual({ ok: true });
    const result = await client.send({ url, body: '{}' });
    expect(result).toMatchObject({ ok: false, kind: 'permanent', status: null });
    expect(result.ok ? '' : result.error).toMatch(/private, loopback/);
    expect(calls).toBe(2);
    expect(connections()).toBe(0);
  });

  it('does not follow a redirect that points inwards', async () => {
    const redirector = await receiver((_req, res) => {
      res.writeHead(302, { location: `http://127.0.0.1:${v4.port}/` }).end();
    });
    try {
      // The redirector itself is on loopback, so this client allows loopback: the canary
      // still must not be reached because 3xx is never followed.
      const client = createHttpClient({ production: false, allowPrivateAddresses: true });
      const result = await client.send({ url: redirector.url, body: '{}' });
      expect(result).toMatchObject({ ok: false, kind: 'retryable', status: 302 });
      expect(connections()).toBe(0);
    } finally {
      await redirector.close();
    }
  });

  it('allowPrivateAddresses reaches loopback outside production only (the canary counts connections)', async () => {
    const before = v4.connections();
    const testClient = createHttpClient({ production: false, allowPrivateAddresses: true });
    expect(await testClient.send({ url: `http://127.0.0.1:${v4.port}/`, method: 'GET' })).toMatchObject({
      ok: true,
      status: 200,
      body: 'canary',
    });
    expect(v4.connections()).toBe(before + 1);
    // Still refused: private ranges other than loopback.
    expect((await testClient.send({ url: 'http://10.0.0.1/' })).ok).toBe(false);

    const production = createHttpClient({ production: true, allowPrivateAddresses: true });
    expect(
      checkUrl(`https://127.0.0.1:${v4.port}/`, { production: true, allowPrivateAddresses: true }),
    ).toEqual({
      ok: false,
      reason: 'forbidden_address',
    });
    expect(await production.send({ url: `https://127.0.0.1:${v4.port}/` })).toMatchObject({
      ok: false,
      kind: 'permanent',
    });
    expect(v4.connections()).toBe(before + 1);
  });

  it('refuses http under production and accepts public https', () => {
    expect(checkUrl('http://example.com/hook', { production: true })).toEqual({
      ok: false,
      reason: 'https_required',
    });
    expect(checkUrl('https://example.com/hook', { production: true }).ok).toBe(true);
    expect(checkUrl('http://example.com/hook', { production: false }).ok).toBe(true);
    expect(checkUrl(`http://${PUBLIC_IP}/`, { production: false }).ok).toBe(true);
    expect(checkUrl('https://[2606:4700:4700::1111]/', { production: true }).ok).toBe(true);
  });

  it('ATS callbacks: only allow-listed hosts, https unless insecure callbacks are allowed', async () => {
    const ats = { production: false, requireHttps: true, allowedHosts: ['api.smartrecruiters.com'] };
    expect(checkUrl('https://api.smartrecruiters.com/assessment-api/v202010/orders/1/results', ats).ok).toBe(
      true,
    );
    expect(checkUrl('https://API.SmartRecruiters.com./x', ats).ok).toBe(true);
    for (const url of [
      'https://evil.example.com/results',
      'https://api.smartrecruiters.com.evil.example/x',
      'https://smartrecruiters.com/x',
      `https://${PUBLIC_IP}/x`,
    ]) {
      expect(checkUrl(url, ats), url).toEqual({ ok: false, reason: 'host_not_allowed' });
    }
    expect(checkUrl('http://api.smartrecruiters.com/x', ats)).toEqual({
      ok: false,
      reason: 'https_required',
    });
    // The sandbox set-up (ATS_ALLOW_INSECURE_CALLBACKS): http and loopback, still only listed hosts.
    const before = v4.connections();
    const insecure = createHttpClient({
      production: false,
      allowPrivateAddresses: true,
      requireHttps: false,
      allowedHosts: ['127.0.0.1'],
    });
    const sent = await insecure.send({ url: `http://127.0.0.1:${v4.port}/`, method: 'GET' });
    expect(sent).toMatchObject({ ok: true, status: 200 });
    expect(sent.headers.date).toMatch(/GMT$/);
    expect(v4.connections()).toBe(before + 1);
    const refused = await insecure.send({ url: `http://localhost:${v4.port}/`, method: 'GET' });
    expect(refused).toMatchObject({ ok: false, kind: 'permanent' });
    expect(v4.connections()).toBe(before + 1);
  });

  it('classifies addresses', () => {
    for (const ip of [
      '127.0.0.1',
      '::1',
      '::ffff:127.0.0.1',
      '169.254.169.254',
      '10.0.0.1',
      '100.64.0.1',
      'fe80::1',
      'fd00::1',
      '0.0.0.0',
      'ff02::1',
      'nonsense',
    ]) {
      expect(isForbiddenAddress(ip), ip).toBe(true);
    }
    for (const ip of [PUBLIC_IP, '8.8.8.8', '2606:4700:4700::1111', '172.32.0.1', '100.128.0.1']) {
      expect(isForbiddenAddress(ip), ip).toBe(false);
    }
    expect(isForbiddenAddress('127.0.0.1', { allowLoopback: true })).toBe(false);
    expect(isForbiddenAddress('10.0.0.1', { allowLoopback: true })).toBe(true);
  });
});

describe('outbound failure classification (R4)', () => {
  const client = createHttpClient({
    production: false,
    allowPrivateAddresses: true,
    totalTimeoutMs: 400,
    maxResponseBytes: 1024,
  });

  it('classifies every status: 2xx ok, 3xx/408/425/429/5xx retryable, other 4xx permanent, 410 gone', async () => {
    const r = await receiver((req, res) => {
      const status = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('s'));
      res
        .writeHead(status, status >= 300 && status < 400 ? { location: '/elsewhere' } : {})
        .end(`status ${status}`);
    });
    try {
      const expected: Record<number, string> = {
        200: 'ok',
        201: 'ok',
        204: 'ok',
        301: 'retryable',
        302: 'retryable',
        307: 'retryable',
        400: 'permanent',
        401: 'permanent',
        403: 'permanent',
        404: 'permanent',
        408: 'retryable',
        410: 'gone',
        422: 'permanent',
        425: 'retryable',
        429: 'retryable',
        500: 'retryable',
        502: 'retryable',
        503: 'retryable',
        504: 'retryable',
      };
      for (const [status, kind] of Object.entries(expected)) {
        const result = await client.send({ url: `${r.url}/?s=${status}`, body: '{}' });
        expect(result.ok ? 'ok' : result.kind, status).toBe(kind);
        expect(result.ok ? result.status : result.status).toBe(Number(status));
        expect(classifyStatus(Number(status))).toBe(kind === 'ok' ? 'permanent' : kind);
      }
    } finally {
      await r.close();
    }
  });

  it('honours Retry-After (seconds and HTTP date)', async () => {
    const r = await receiver((req, res) => {
      res.writeHead(req.url === '/date' ? 503 : 429, {
        'retry-after': req.url === '/date' ? new Date(Date.now() + 120_000).toUTCString() : '42',
      });
      res.end();
    });
    try {
      expect(await client.send({ url: `${r.url}/seconds` })).toMatchObject({
        kind: 'retryable',
        retryAfterMs: 42_000,
      });
      const dated = await client.send({ url: `${r.url}/date` });
      expect(dated.ok ? 0 : (dated.retryAfterMs ?? 0)).toBeGreaterThan(100_000);
      expect(parseRetryAfter('garbage', new Date())).toBeNull();
    } finally {
      await r.close();
    }
  });

  it('cuts hangs at the timeout, and treats resets and TLS errors as retryable', async () => {
    const hang = await receiver(() => undefined);
    const reset = await receiver((req) => {
      req.socket.destroy();
    });
    try {
      const hung = await client.send({ url: hang.url, body: '{}' });
      expect(hung).toMatchObject({ ok: false, kind: 'retryable', status: null });
      expect(hung.ok ? '' : hung.error).toMatch(/ETIMEDOUT/);
      expect(await client.send({ url: reset.url, body: '{}' })).toMatchObject({
        ok: false,
        kind: 'retryable',
      });
      // https to a plain-http listener: the TLS handshake fails.
      const tls = await client.send({ url: reset.url.replace('http:', 'https:'), body: '{}' });
      expect(tls).toMatchObject({ ok: false, kind: 'retryable', status: null });
    } finally {
      await hang.close();
      await reset.close();
    }
  });

  it('caps the response body', async () => {
    const big = await receiver((_req, res) => {
      res.writeHead(200);
      res.end('x'.repeat(100_000));
    });
    try {
      const result = await client.send({ url: big.url });
      expect(result).toMatchObject({ ok: true, truncated: true });
      expect(result.ok ? result.body.length : 0).toBe(1024);
    } finally {
      await big.close();
    }
  });
});
