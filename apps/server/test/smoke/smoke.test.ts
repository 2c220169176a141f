import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../../dist/main/cli.js', import.meta.url));
const BUILD_HINT = `${CLI} is missing: build first with \`npm run build\` (or \`npx tsc -b tsconfig.json\` at the root)`;

/** A port the OS just handed out (then released) on loopback. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null)
      resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}

/** Only what the server needs: no inherited ASSAY_/DATABASE_ variables from the test run. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', ...extra };
}

describe('smoke: the built server', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('starts from an empty data dir, answers /healthz, and exits cleanly on SIGTERM', async () => {
    expect(existsSync(CLI), BUILD_HINT).toBe(true);
    const dataDir = mkdtempSync(join(tmpdir(), 'assay-smoke-'));
    dirs.push(dataDir);
    const port = await freePort();
    const child = spawn(process.execPath, [CLI, 'serve'], {
      env: cleanEnv({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    try {
      let health: Response | undefined;
      // Bounded: 150 × 200 ms = 30 s for start-up on a loaded CI machine.
      for (let i = 0; i < 150 && !health; i++) {
        if (child.exitCode !== null) break;
        health = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
        if (!health) await new Promise((r) => setTimeout(r, 200));
      }
      expect(health?.status, `server did not answer /healthz; output:\n${output}`).toBe(200);
      expect(await health?.json()).toMatchObject({ status: 'ok' });
      expect(existsSync(join(dataDir, 'assay.db'))).toBe(true);
      expect(existsSync(join(dataDir, 'secret.key'))).toBe(true);

      const api = await fetch(`http://127.0.0.1:${port}/api/no-such-route`);
      expect(api.status).toBe(404);
      expect(api.headers.get('content-security-policy')).toContain("default-src 'self'");

      child.kill('SIGTERM');
      const { code } = await exited(child);
      expect(code, output).toBe(0);
      expect(existsSync(join(dataDir, 'assay.pid'))).toBe(false);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('refuses to start on invalid configuration, naming every offending variable', async () => {
    expect(existsSync(CLI), BUILD_HINT).toBe(true);
    const child = spawn(process.execPath, [CLI, 'serve'], {
      env: cleanEnv({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://db/assay',
        SMTP_URL: 'http://mail',
        DATA_DIR: tmpdir(),
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const { code } = await exited(child);
    expect(code).not.toBe(0);
    for (const name of ['PORT', 'DATABASE_URL', 'SMTP_URL']) expect(stderr).toContain(name);
  });
});
