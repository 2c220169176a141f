import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

const serverCli = join(repoRoot, 'apps/server/dist/main/cli.js');
const serverSource = join(repoRoot, 'apps/server/src/main/cli.ts');
const webIndex = join(repoRoot, 'apps/web/dist/index.html');

export interface RunningServer {
  /** Origin the browser uses, e.g. `http://127.0.0.1:43127` (also PUBLIC_URL, so mail links point here). */
  url: string;
  dataDir: string;
  /** The embedded SQLite database (mail log, for tests reading mail). */
  databasePath: string;
  /** Everything the server printed so far (for failure messages). */
  output: () => string;
  stop: () => Promise<void>;
}

/** A free loopback TCP port (the kernel picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => {
        if (address && typeof address === 'object') resolvePort(address.port);
        else reject(new Error('could not get a free port'));
      });
    });
  });
}

/**
 * Start the BUILT server (`node apps/server/dist/main/cli.js serve`) on a free loopback port
 * with a fresh data directory and embedded SQLite; resolves once it logs that it listens
 * and `/healthz` answers 200. `env` adds or overrides variables (e.g. `SMTP_URL`).
 */
export async function startServer(options: { env?: Record<string, string> } = {}): Promise<RunningServer> {
  // Debugging aid only: ASSAY_E2E_FROM_SOURCE=1 runs the server's TypeScript through tsx.
  const fromSource = process.env.ASSAY_E2E_FROM_SOURCE === '1';
  const command = fromSource
    ? ['--conditions=source', '--import', 'tsx', serverSource, 'serve']
    : [serverCli, 'serve'];
  for (const [file, what] of [
    [fromSource ? serverSource : serverCli, 'the server'],
    [webIndex, 'the web app'],
  ] as const) {
    if (!existsSync(file))
      throw new Error(`${what} is not built (${file} missing): run \`npm run build\` first`);
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'assay-e2e-'));
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
  Object.assign(env, {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    PUBLIC_URL: url,
    LOG_LEVEL: 'info',
  });
  Object.assign(env, options.env);
  const child = spawn(process.execPath, command, {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));

  const stop = async () => {
    await stopChild(child);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForListening(child, () => output);
    const health = await fetch(`${url}/healthz`);
    if (health.status !== 200) throw new Error(`/healthz answered ${health.status}`);
  } catch (err) {
    await stop();
    throw new Error(`assay serve did not start: ${String(err)}\n--- server output ---\n${output}`);
  }
  return { url, dataDir, databasePath: join(dataDir, 'assay.db'), output: () => output, stop };
}

/** Resolve when the server logs "Assay is listening"; reject if it exits first. */
function waitForListening(child: ChildProcess, output: () => string): Promise<void> {
  return new Promise((resolveReady, reject) => {
    const onData = () => {
      if (output().includes('Assay is listening')) {
        cleanup();
        resolveReady();
      }
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      cleanup();
      reject(new Error(`exited early (code ${code}, signal ${signal})`));
    };
    const cleanup = () => {
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
    };
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
    onData();
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  // A server that ignores SIGTERM must not hang the suite.
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
