// `npm run bench` — HTTP latency/throughput of the BUILT server on SQLite (never part of npm test).
// Starts `node apps/server/dist/main/cli.js serve` on a free loopback port with an empty data dir,
// sets up an owner (POST /api/setup), then runs autocannon, bounded by duration, against:
//   healthz       GET /healthz                       (database ping)
//   session       GET /api/session with the cookie   (authenticated read: session lookup + memberships)
//   metrics       GET /metrics with METRICS_TOKEN    (bearer-authenticated, Prometheus text)
// Writes bench/results/http-<date>.json and rewrites the "## HTTP" section of docs/performance.md.
// Options: BENCH_SECONDS (default 10 per case), BENCH_CONNECTIONS (default 10).
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const cli = join(root, 'apps/server/dist/main/cli.js');
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const metricsToken = 'bench-metrics-token-0123456789';

if (!existsSync(cli)) {
  console.error(`${cli} is missing: run \`npm run build\` first.`);
  process.exit(1);
}

const port = await new Promise((resolve, reject) => {
  const s = createServer();
  s.once('error', reject);
  s.listen(0, '127.0.0.1', () => {
    const { port: p } = s.address();
    s.close(() => resolve(p));
  });
});
const base = `http://127.0.0.1:${port}`;
const dataDir = mkdtempSync(join(tmpdir(), 'assay-bench-'));
const server = spawn(process.execPath, [cli, 'serve'], {
  env: {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    METRICS_TOKEN: metricsToken,
    HTTP_RATE_LIMIT_PER_MINUTE: '1000000',
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});

async function stop() {
  if (server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
  rmSync(dataDir, { recursive: true, force: true });
}

try {
  let up = false;
  for (let i = 0; i < 150 && !up; i++) {
    up = (await fetch(`${base}/healthz`).catch(() => undefined))?.status === 200;
    if (!up) await new Promise((r) => setTimeout(r, 200));
  }
  if (!up) throw new Error('the server did not answer /healthz within 30 s');

  const cases = [
    { name: 'healthz', title: 'GET /healthz', path: '/healthz', headers: {} },
    {
      name: 'metrics',
      title: 'GET /metrics (bearer token)',
      path: '/metrics',
      headers: { authorization: `Bearer ${metricsToken}` },
    },
  ];
  const setup = await fetch(`${base}/api/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      organizationName: 'Bench Org',
      name: 'Bench Owner',
      email: 'owner@bench.invalid',
      password: 'correct horse battery staple',
    }),
  });
  const cookie = (setup.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
  if (setup.ok && cookie) {
    cases.splice(1, 0, {
      name: 'session',
      title: 'GET /api/session (session cookie)',
      path: '/api/session',
      headers: { cookie },
    });
  } else {
    console.warn(`POST /api/setup answered ${setup.status}; skipping the session case`);
  }

  const results = [];
  for (const c of cases) {
    const check = await fetch(`${base}${c.path}`, { headers: c.headers });
    if (check.status !== 200) throw new Error(`${c.title} answered ${check.status}`);
    const r = await autocannon({
      url: `${base}${c.path}`,
      headers: c.headers,
      connections,
      duration: seconds,
    });
    const row = {
      case: c.name,
      title: c.title,
      requestsPerSecond: Math.round(r.requests.average),
      latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
      requests: r.requests.total,
      non2xx: r.non2xx,
      errors: r.errors,
      timeouts: r.timeouts,
    };
    console.log(
      `${c.title}: ${row.requestsPerSecond} req/s, p50 ${row.latencyMs.p50} ms, p99 ${row.latencyMs.p99} ms, non-2xx ${row.non2xx}, errors ${row.errors}`,
    );
    results.push(row);
  }

  const date = new Date().toISOString().slice(0, 10);
  const report = {
    date,
    node: process.version,
    cpus: cpus().length,
    loadAverage: loadavg(),
    database: 'SQLite (embedded)',
    connections,
    secondsPerCase: seconds,
    results,
  };
  const out = join(root, 'bench/results', `http-${date}.json`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);

  const section = [
    '## HTTP',
    '',
    '`npm run bench` (never part of `npm test`) runs `apps/server/bench/http-bench.mjs`: the built server',
    '(`npm run build` first) on an empty SQLite data dir, an owner created through `POST /api/setup`, then',
    `autocannon with ${connections} connections for ${seconds} s per case on loopback. Options: \`BENCH_SECONDS\`,`,
    '`BENCH_CONNECTIONS`. Raw numbers in `bench/results/http-<date>.json` (with the load average: the',
    'machine is shared, so compare runs only at similar load).',
    '',
    `### Results, ${date} (${cpus().length} vCPU, Node ${process.version}, load average ${loadavg()[0].toFixed(1)})`,
    '',
    '| Case | req/s | p50 ms | p90 ms | p99 ms | max ms | non-2xx | errors |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...results.map(
      (r) =>
        `| ${r.title} | ${r.requestsPerSecond} | ${r.latencyMs.p50} | ${r.latencyMs.p90} | ${r.latencyMs.p99} | ${r.latencyMs.max} | ${r.non2xx} | ${r.errors} |`,
    ),
    '',
  ].join('\n');
  const docPath = join(root, 'docs/performance.md');
  const doc = existsSync(docPath) ? readFileSync(docPath, 'utf8') : '# Performance\n\n';
  // Replace only our section: from "## HTTP" to the next "## " heading (other sections belong to others).
  const match = /^## HTTP\n[\s\S]*?(?=^## (?!#)|(?![\s\S]))/m.exec(doc);
  const updated = match
    ? doc.slice(0, match.index) +
      section +
      (doc.slice(match.index + match[0].length) ? '\n' : '') +
      doc.slice(match.index + match[0].length)
    : `${doc.trimEnd()}\n\n${section}`;
  writeFileSync(docPath, updated);
  console.log(`Wrote ${out} and the HTTP section of docs/performance.md`);
} finally {
  await stop();
}
