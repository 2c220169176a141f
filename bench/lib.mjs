// Shared plumbing of `npm run bench:candidates` and `npm run bench:grading` (never part of npm test):
// start the BUILT server on an empty SQLite data dir, a staff session through POST /api/setup,
// a published project test, bulk invitations and their tokens (read from the embedded mail log),
// a keep-alive HTTP client that times each request, percentiles, machine facts and result files.
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { cpus, freemem, loadavg, totalmem, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'apps/server/dist/main/cli.js');

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** CPU seconds (user + system, including reaped children such as git) of a process, from /proc. */
export function cpuSecondsOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields after the command: state(0) … utime(11) stime(12) cutime(13) cstime(14), in clock ticks.
    const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i] ?? 0), 0);
    return ticks / 100;
  } catch {
    return NaN;
  }
}

/**
 * `node apps/server/dist/main/cli.js serve` on a free loopback port, a fresh DATA_DIR, embedded
 * SQLite, mail kept in the database. Resolves once /healthz answers 200.
 */
export async function startServer(extraEnv = {}, { nodeArgs = [] } = {}) {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first.`);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'assay-bench-'));
  let output = '';
  const child = spawn(process.execPath, [...nodeArgs, cli, 'serve'], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: base,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      HTTP_RATE_LIMIT_PER_MINUTE: '1000000',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk) => {
    output = (output + chunk).slice(-200_000);
  };
  child.stdout.setEncoding('utf8').on('data', keep);
  child.stderr.setEncoding('utf8').on('data', keep);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  let up = false;
  for (let i = 0; i < 300 && !up && child.exitCode === null; i++) {
    up = (await fetch(`${base}/healthz`).catch(() => undefined))?.status === 200;
    if (!up) await sleep(200);
  }
  if (!up) {
    await stop();
    throw new Error(`the server did not answer /healthz within 60 s:\n${output}`);
  }
  return {
    base,
    port,
    dataDir,
    databasePath: join(dataDir, 'assay.db'),
    pid: child.pid,
    output: () => output,
    stop,
  };
}

/**
 * A keep-alive HTTP/1.1 client (node:http; one pool of up to `maxSockets` connections) that
 * times each request from send to the last byte of the answer.
 */
export function createClient(base, { maxSockets = 256, timeoutMs = 60_000 } = {}) {
  const url = new URL(base);
  const agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  function request(method, path, { headers = {}, body } = {}) {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise((resolve) => {
      const started = performance.now();
      const req = http.request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          method,
          path,
          headers: {
            accept: 'application/json',
            ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}),
            ...headers,
          },
          timeout: timeoutMs,
        },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            const ms = performance.now() - started;
            const text = Buffer.concat(chunks).toString('utf8');
            let json;
            try {
              json = text ? JSON.parse(text) : undefined;
            } catch {
              json = undefined;
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json, ms });
          });
          res.on('error', (err) =>
            resolve({
              status: 0,
              headers: {},
              text: String(err),
              json: undefined,
              ms: performance.now() - started,
            }),
          );
        },
      );
      req.on('timeout', () => req.destroy(new Error(`timed out after ${timeoutMs} ms`)));
      req.on('error', (err) =>
        resolve({
          status: 0,
          headers: {},
          text: String(err),
          json: undefined,
          ms: performance.now() - started,
        }),
      );
      if (payload) req.write(payload);
      req.end();
    });
  }
  return { request, close: () => agent.destroy() };
}

/** The `name=value` pairs of a response's Set-Cookie headers, as one Cookie header. */
export function cookieOf(headers) {
  const set = headers['set-cookie'] ?? [];
  return (Array.isArray(set) ? set : [set]).map((c) => c.split(';')[0]).join('; ');
}

/** POST /api/setup → a staff session (owner) that can call the organization's routes. */
export async function setupOwner(client) {
  const setup = await client.request('POST', '/api/setup', {
    body: {
      organizationName: 'Bench Org',
      name: 'Bench Owner',
      email: 'owner@bench.invalid',
      password: 'correct horse battery staple',
    },
  });
  if (setup.status !== 201) throw new Error(`POST /api/setup answered ${setup.status}: ${setup.text}`);
  const session = {
    cookie: cookieOf(setup.headers),
    csrfToken: setup.json.csrfToken,
    orgId: setup.json.currentOrganizationId,
  };
  const call = async (method, path, body) => {
    const r = await client.request(method, `/api/orgs/${session.orgId}${path}`, {
      headers: { cookie: session.cookie, ...(method === 'GET' ? {} : { 'x-csrf-token': session.csrfToken }) },
      ...(method === 'GET' ? {} : { body: body ?? {} }),
    });
    if (r.status < 200 || r.status >= 300)
      throw new Error(`${method} ${path} answered ${r.status}: ${r.text}`);
    return r.json;
  };
  return { ...session, call };
}

/** A published project test of the built-in challenge `slug`. */
export async function publishedProjectTest(staff, slug, name = `Bench ${slug}`) {
  const { items } = await staff.call('GET', '/challenges?kind=project');
  const challenge = items.find((c) => c.slug === slug);
  if (!challenge)
    throw new Error(`no built-in project challenge "${slug}" (have: ${items.map((c) => c.slug).join(', ')})`);
  const test = await staff.call('POST', '/tests', {
    name,
    kind: 'project',
    challenges: [{ challengeId: challenge.id }],
    timeLimitMinutes: 120,
  });
  await staff.call('POST', `/tests/${test.id}/publish`, {});
  return test.id;
}

/** Invite `emails` through the CSV bulk route (500 rows per call); returns email → invitation id. */
export async function bulkInvite(staff, testId, emails) {
  const ids = new Map();
  for (let i = 0; i < emails.length; i += 500) {
    const batch = emails.slice(i, i + 500);
    const csv = ['name,email', ...batch.map((e, j) => `Candidate ${i + j + 1},${e}`)].join('\n');
    const result = await staff.call('POST', '/invitations/bulk', { testId, csv });
    for (const row of result.rows) {
      if (row.status !== 'invited')
        throw new Error(`bulk invite of ${row.email}: ${row.status} ${row.message ?? ''}`);
      ids.set(row.email, row.invitationId);
    }
  }
  return ids;
}

/**
 * The invitation tokens of `emails`, read from the mails the server stored in its embedded mail
 * log (the `/take#token=…` link). Waits for the mail jobs, bounded by `timeoutMs`.
 */
export async function invitationTokens(databasePath, emails, { timeoutMs = 15 * 60_000 } = {}) {
  const wanted = new Set(emails.map((e) => e.toLowerCase()));
  const tokens = new Map();
  const deadline = Date.now() + timeoutMs;
  while (tokens.size < wanted.size) {
    if (Date.now() > deadline)
      throw new Error(
        `only ${tokens.size} of ${wanted.size} invitation mails arrived within ${timeoutMs} ms`,
      );
    const db = new Database(databasePath, { readonly: true, fileMustExist: true });
    try {
      const rows = db
        .prepare(
          `SELECT lower(to_address) AS "to", text_body AS "text" FROM mails WHERE kind = 'invitations.invitation'`,
        )
        .all();
      for (const row of rows) {
        if (!wanted.has(row.to) || tokens.has(row.to)) continue;
        const match = /#token=([^\s"<>&]+)/.exec(row.text);
        if (match) tokens.set(row.to, decodeURIComponent(match[1]));
      }
    } finally {
      db.close();
    }
    if (tokens.size < wanted.size) await sleep(500);
  }
  return tokens;
}

/** Nearest-rank percentile of an unsorted list (NaN when empty). */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export const round1 = (n) => (Number.isFinite(n) ? Math.round(n * 10) / 10 : null);

export function machineFacts() {
  const [load1, load5, load15] = loadavg();
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: round1(totalmem() / 2 ** 30),
    freeMemoryGiB: round1(freemem() / 2 ** 30),
    loadAverage: [round1(load1), round1(load5), round1(load15)],
    database: 'SQLite (embedded, WAL)',
  };
}

/** Write bench/results/<name>-<date>.json and .md. */
export function writeResults(name, report, markdown) {
  const date = new Date().toISOString().slice(0, 10);
  const dir = join(root, 'bench/results');
  mkdirSync(dir, { recursive: true });
  const json = join(dir, `${name}-${date}.json`);
  const md = join(dir, `${name}-${date}.md`);
  writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(md, markdown.endsWith('\n') ? markdown : `${markdown}\n`);
  return { json, md };
}
