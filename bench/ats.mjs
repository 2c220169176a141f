// `npm run bench:ats` — the Greenhouse partner endpoints on the BUILT server on SQLite (never part of
// npm test; reliability L1: "send_test: p99 < 300 ms, 0 errors").
//
//   1. `assay serve` (apps/server/dist) on a free loopback port, an empty DATA_DIR, SQLite, with
//      ATS_ALLOW_INSECURE_CALLBACKS=true and GREENHOUSE_CALLBACK_HOSTS=127.0.0.1 (the `url` of each
//      send_test is http://127.0.0.1:9/…; nothing is graded, so no PATCH is ever sent to it).
//   2. An owner (POST /api/setup), a published project test (js-kanban-state), a password
//      re-confirmation (POST /api/session/reauth) and BENCH_KEYS Greenhouse keys
//      (POST …/integrations/greenhouse/keys; Greenhouse keeps many keys active per organization).
//   3. Four cases, each autocannon for BENCH_SECONDS (bounded by duration), the key rotated per
//      request so that no key comes near the contract's 20 requests/s (the offered rate is also
//      capped at BENCH_KEYS × 9/s, i.e. < 20 per key per second even if autocannon's per-second
//      bursts meet one server window):
//        send_test        POST /partner/greenhouse/send_test, a new `url` and candidate e-mail each
//                         time (one transaction: candidate, invitation, order, mail job), closed loop
//                         with BENCH_CONNECTIONS connections (the next request as soon as the answer
//                         arrives): the capacity
//        send_test_paced  the same, 1 connection at ≤ 20 requests/s: all one key may send
//        repeat           the bodies of the 200s again (idempotent on `url`), closed loop: the same
//                         partner_interview_id, no new invitation
//        test_status      GET /partner/greenhouse/test_status?partner_interview_id=… of those
//                         invitations, closed loop
//      Between the cases the server's due background jobs (the invitation mails) are left to drain
//      (at most BENCH_DRAIN_SECONDS), so a case does not pay for the previous one's backlog.
//   4. bench/results/ats-<date>.json and .md (p50/p95/p99/max from every answer, throughput,
//      non-2xx, socket errors, server CPU, load average).
//
// Options: --quick (5 s per case); BENCH_SECONDS (default 15), BENCH_CONNECTIONS (default 10),
// BENCH_KEYS (default 64), BENCH_DRAIN_SECONDS (default 30), BENCH_LABEL, BENCH_CPU_PROF=<dir> (the
// server runs with --cpu-prof; the profile is written there when it stops). `node scripts/build.mjs` first.
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import {
  cookieOf,
  cpuSecondsOf,
  createClient,
  machineFacts,
  percentile,
  publishedProjectTest,
  root,
  round1,
  setupOwner,
  sleep,
  startServer,
  writeResults,
} from './lib.mjs';

const quick = process.argv.includes('--quick');
const seconds = Number(process.env.BENCH_SECONDS ?? (quick ? 5 : 15));
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const keyCount = Number(process.env.BENCH_KEYS ?? 64);
const drainSeconds = Number(process.env.BENCH_DRAIN_SECONDS ?? 30);
const label = (process.env.BENCH_LABEL ?? '').replace(/[^a-z0-9-]/gi, '');
const profileDir = process.env.BENCH_CPU_PROF;
const GOAL_P99_MS = 300;
const PER_KEY_LIMIT = 20;
const PER_KEY_SHARE = 9;
const CHALLENGE = 'js-kanban-state';
const PASSWORD = 'correct horse battery staple';
const GH = '/partner/greenhouse';
const CALLBACK_ORIGIN = 'http://127.0.0.1:9';

for (const [name, value] of Object.entries({ seconds, connections, keyCount })) {
  if (!Number.isInteger(value) || value < 1) {
    console.error(`${name} must be a positive integer (BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_KEYS).`);
    process.exit(1);
  }
}
const cli = join(root, 'apps/server/dist/main/cli.js');
if (!existsSync(cli)) {
  console.error(`${cli} is missing: run \`node scripts/build.mjs\` (npm run build) first.`);
  process.exit(1);
}

const maxRate = keyCount * PER_KEY_SHARE;
const run = Date.now().toString(36);
let serial = 0;

/** A Greenhouse send_test body with a new `url` and candidate (contracts/greenhouse.md §3). */
function sendTestBody(testId) {
  const n = ++serial;
  return {
    partner_test_id: testId,
    candidate: {
      first_name: 'Bench',
      last_name: `Candidate ${n}`,
      preferred_name: null,
      email: `gh-${run}-${n}@bench.invalid`,
      phone_number: null,
      resume_url: null,
      greenhouse_profile_url: `https://app.greenhouse.io/people/${100_000 + n}?application_id=${500_000 + n}`,
    },
    sent_by: 'recruiter@bench.invalid',
    url: `${CALLBACK_ORIGIN}/integrations/testing_partners/take_home_tests/${run}${n}`,
  };
}

/** Due jobs not yet done (the invitation mails the send_test transactions queued). */
function dueJobs(databasePath) {
  const db = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare(`SELECT count(*) AS n FROM jobs WHERE status IN ('pending', 'running') AND run_at <= ?`)
      .get(new Date().toISOString()).n;
  } finally {
    db.close();
  }
}

function countRows(databasePath, table) {
  const db = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(`SELECT count(*) AS n FROM ${table}`).get().n;
  } finally {
    db.close();
  }
}

const began = performance.now();
const server = await startServer(
  { ATS_ALLOW_INSECURE_CALLBACKS: 'true', GREENHOUSE_CALLBACK_HOSTS: '127.0.0.1' },
  { nodeArgs: profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [] },
);
const client = createClient(server.base, { maxSockets: 16 });
console.log(`server ${server.base} (pid ${server.pid}), data dir ${server.dataDir}`);
try {
  // ---- Setup: an owner, a published test, Greenhouse keys -------------------------------------
  const staff = await setupOwner(client);
  const testId = await publishedProjectTest(staff, CHALLENGE);
  const reauth = await client.request('POST', '/api/session/reauth', {
    headers: { cookie: staff.cookie, 'x-csrf-token': staff.csrfToken },
    body: { password: PASSWORD },
  });
  if (reauth.status !== 200)
    throw new Error(`POST /api/session/reauth answered ${reauth.status}: ${reauth.text}`);
  const session = {
    cookie: cookieOf(reauth.headers) || staff.cookie,
    csrf: reauth.json.csrfToken ?? staff.csrfToken,
  };
  const keys = [];
  for (let i = 0; i < keyCount; i++) {
    const r = await client.request('POST', `/api/orgs/${staff.orgId}/integrations/greenhouse/keys`, {
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
      body: {},
    });
    if (r.status !== 201) throw new Error(`issuing Greenhouse key ${i + 1} answered ${r.status}: ${r.text}`);
    keys.push(`Basic ${Buffer.from(`${r.json.key}:`).toString('base64')}`);
  }
  let nextKey = 0;
  const authorization = () => keys[nextKey++ % keys.length];
  console.log(`${keys.length} Greenhouse keys issued; test ${testId}`);

  // A few calls through the plain client: the routes answer as the contract says (and warm up).
  const created = [];
  for (let i = 0; i < 20; i++) {
    const body = sendTestBody(testId);
    const r = await client.request('POST', `${GH}/send_test`, {
      headers: { authorization: authorization() },
      body,
    });
    if (r.status !== 200 || typeof r.json?.partner_interview_id !== 'string')
      throw new Error(`send_test answered ${r.status}: ${r.text}`);
    created.push({ id: r.json.partner_interview_id, payload: JSON.stringify(body) });
  }
  const check = await client.request(
    'GET',
    `${GH}/test_status?partner_interview_id=${encodeURIComponent(created[0].id)}`,
    { headers: { authorization: authorization() } },
  );
  if (check.status !== 200 || check.json?.partner_status !== 'pending')
    throw new Error(`test_status answered ${check.status}: ${check.text}`);
  const listed = await client.request('GET', `${GH}/list_tests`, {
    headers: { authorization: authorization() },
  });
  if (listed.status !== 200 || !listed.json?.some((t) => t.partner_test_id === testId))
    throw new Error(`list_tests answered ${listed.status}: ${listed.text}`);

  /** Wait (bounded) until the server's due background jobs are done; returns what is left. */
  async function drain() {
    const t = performance.now();
    let left = dueJobs(server.databasePath);
    while (left > 0 && performance.now() - t < drainSeconds * 1000) {
      await sleep(500);
      left = dueJobs(server.databasePath);
    }
    return { seconds: round1((performance.now() - t) / 1000), jobsLeft: left };
  }

  /** One autocannon case; latencies of every answer (any status) from the `response` events. */
  async function measure(name, title, request, { conns = connections, rate = maxRate } = {}) {
    const before = await drain();
    const latencies = [];
    const cpuBefore = cpuSecondsOf(server.pid);
    const clientCpuBefore = process.cpuUsage();
    const t = performance.now();
    const instance = autocannon({
      url: server.base,
      connections: conns,
      duration: seconds,
      overallRate: rate,
      requests: [request],
    });
    instance.on('response', (_client, _status, _bytes, ms) => latencies.push(ms));
    const r = await instance;
    const elapsed = (performance.now() - t) / 1000;
    const serverCpu = cpuSecondsOf(server.pid) - cpuBefore;
    const clientCpu = process.cpuUsage(clientCpuBefore);
    const statuses = Object.fromEntries(
      Object.entries(r.statusCodeStats ?? {}).map(([code, s]) => [code, s.count]),
    );
    const row = {
      case: name,
      title,
      connections: conns,
      rateCapPerSecond: rate,
      seconds: r.duration,
      requests: latencies.length,
      requestsPerSecond: round1(latencies.length / r.duration),
      latencyMs: {
        p50: round1(percentile(latencies, 50)),
        p95: round1(percentile(latencies, 95)),
        p99: round1(percentile(latencies, 99)),
        max: round1(Math.max(...latencies)),
      },
      non2xx: r.non2xx,
      errors: r.errors,
      timeouts: r.timeouts,
      statuses,
      serverCpuPercent: round1((serverCpu / elapsed) * 100),
      clientCpuPercent: round1(((clientCpu.user + clientCpu.system) / 1e6 / elapsed) * 100),
      loadAverage1m: round1(loadavg()[0]),
      drainBefore: before,
    };
    row.meetsL1 =
      row.latencyMs.p99 < GOAL_P99_MS && row.non2xx === 0 && row.errors === 0 && row.timeouts === 0;
    console.log(
      `${title}: ${row.requestsPerSecond} req/s, p50 ${row.latencyMs.p50} ms, p95 ${row.latencyMs.p95} ms, ` +
        `p99 ${row.latencyMs.p99} ms, max ${row.latencyMs.max} ms, non-2xx ${row.non2xx}, errors ${row.errors}, ` +
        `timeouts ${row.timeouts}, server CPU ${row.serverCpuPercent}% (jobs drained ${before.seconds} s before, ` +
        `${before.jobsLeft} left)`,
    );
    return row;
  }

  /** Invitations in the database once the answers still in flight when autocannon stopped are committed. */
  async function settledInvitations() {
    let last = countRows(server.databasePath, 'invitations');
    for (;;) {
      await sleep(300);
      const now = countRows(server.databasePath, 'invitations');
      if (now === last) return now;
      last = now;
    }
  }

  // ---- (1) send_test, a new url and candidate each time: saturated, then paced ------------------
  /** The send_test request of autocannon; `counter.ok` counts its 200 answers. */
  const newSendTest = (counter) => ({
    method: 'POST',
    path: `${GH}/send_test`,
    setupRequest(req, context) {
      const body = sendTestBody(testId);
      context.payload = JSON.stringify(body);
      return {
        ...req,
        headers: { 'content-type': 'application/json', authorization: authorization() },
        body: context.payload,
      };
    },
    onResponse(status, body, context) {
      if (status !== 200) return;
      counter.ok += 1;
      try {
        created.push({ id: JSON.parse(body).partner_interview_id, payload: context.payload });
      } catch {
        /* counted by the database check below */
      }
    },
  });
  const results = [];
  const sendChecks = [];
  for (const [name, title, options] of [
    ['send_test', `POST send_test (new url), ${connections} connections`, {}],
    // One connection at ≤ 20 requests/s: all that one Greenhouse key may send (contract §6).
    [
      'send_test_paced',
      'POST send_test (new url), 1 connection ≤ 20 req/s',
      { conns: 1, rate: PER_KEY_LIMIT },
    ],
  ]) {
    const before = await settledInvitations();
    const counter = { ok: 0 };
    results.push(await measure(name, title, newSendTest(counter), options));
    const made = (await settledInvitations()) - before;
    // Answers still in flight when autocannon stopped (at most one per connection) commit unseen.
    sendChecks.push({
      case: name,
      ok: counter.ok,
      invitationsCreated: made,
      consistent: made >= counter.ok && made <= counter.ok + (options.conns ?? connections),
    });
  }

  // ---- (2) the same send_test again: idempotent on url -----------------------------------------
  const invitationsAfterSend = await settledInvitations();
  let repeatIndex = 0;
  let repeatOk = 0;
  let repeatMismatch = 0;
  results.push(
    await measure('repeat', 'POST send_test (repeat of a sent url)', {
      method: 'POST',
      path: `${GH}/send_test`,
      setupRequest(req, context) {
        const sent = created[repeatIndex++ % created.length];
        context.expected = sent.id;
        return {
          ...req,
          headers: { 'content-type': 'application/json', authorization: authorization() },
          body: sent.payload,
        };
      },
      onResponse(status, body, context) {
        if (status !== 200) return;
        repeatOk += 1;
        let id;
        try {
          id = JSON.parse(body).partner_interview_id;
        } catch {
          id = undefined;
        }
        if (id !== context.expected) repeatMismatch += 1;
      },
    }),
  );
  const invitationsAfterRepeat = await settledInvitations();

  // ---- (3) test_status of those invitations ------------------------------------------------------
  let statusIndex = 0;
  let statusPending = 0;
  results.push(
    await measure('test_status', 'GET test_status', {
      method: 'GET',
      setupRequest(req) {
        const { id } = created[statusIndex++ % created.length];
        return {
          ...req,
          path: `${GH}/test_status?partner_interview_id=${encodeURIComponent(id)}`,
          headers: { authorization: authorization() },
        };
      },
      onResponse(status, body) {
        if (status !== 200) return;
        try {
          if (JSON.parse(body).partner_status === 'pending') statusPending += 1;
        } catch {
          /* not pending */
        }
      },
    }),
  );
  const after = await drain();

  const checks = {
    // Every 200 of a new send_test is one new invitation; repeats add none and answer the same ids.
    sendTest: sendChecks,
    invitationsCreatedByRepeats: invitationsAfterRepeat - invitationsAfterSend,
    repeatOk,
    repeatWithAnotherId: repeatMismatch,
    testStatusPending: statusPending,
    mailsStored: countRows(server.databasePath, 'mails'),
    jobsLeftAtEnd: after.jobsLeft,
  };
  const integrityOk =
    sendChecks.every((c) => c.consistent) &&
    checks.invitationsCreatedByRepeats === 0 &&
    repeatMismatch === 0 &&
    statusPending === results.find((r) => r.case === 'test_status').statuses['200'];
  const l1 = results.every((r) => r.meetsL1) && integrityOk;
  const facts = machineFacts();
  const report = {
    ...facts,
    kind: quick ? 'quick' : 'full',
    challenge: CHALLENGE,
    connections,
    secondsPerCase: seconds,
    keys: keyCount,
    perKeyLimitPerSecond: PER_KEY_LIMIT,
    offeredRateCapPerSecond: maxRate,
    goal: { p99Ms: GOAL_P99_MS, errors: 0, source: 'design/reliability.md L1' },
    meetsL1: l1,
    cases: results,
    checks,
    integrityOk,
    totalSeconds: round1((performance.now() - began) / 1000),
  };
  const md = [
    `# ATS partner endpoints (Greenhouse) benchmark, ${facts.date}`,
    '',
    `${facts.cpus} vCPU (${facts.cpuModel}), ${facts.memoryGiB} GiB, Node ${facts.node}, ${facts.database}; ` +
      `load average ${facts.loadAverage.join(' / ')} at the end. Server and load generator share the machine.`,
    `${quick ? 'Quick run. ' : ''}autocannon, ${connections} connections, closed loop, ${seconds} s per case; ` +
      `${keyCount} Greenhouse keys rotated per request (offered rate capped at ${maxRate}/s, < ${PER_KEY_LIMIT}/s per key).`,
    '',
    `**L1 (p99 < ${GOAL_P99_MS} ms, 0 errors): ${l1 ? 'met' : 'missed'}.**`,
    '',
    '| Case | req/s | p50 ms | p95 ms | p99 ms | max ms | non-2xx | errors | server CPU % | L1 |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...results.map(
      (r) =>
        `| ${r.title} | ${r.requestsPerSecond} | ${r.latencyMs.p50} | ${r.latencyMs.p95} | ${r.latencyMs.p99} | ${r.latencyMs.max} | ${r.non2xx} | ${r.errors + r.timeouts} | ${r.serverCpuPercent} | ${r.meetsL1 ? 'met' : 'missed'} |`,
    ),
    '',
    `Checks: ${sendChecks.map((c) => `${c.case}: ${c.ok} answers 200, ${c.invitationsCreated} invitations`).join('; ')} ` +
      `(an answer in flight when a run stopped commits unseen); ` +
      `${checks.repeatOk} repeats made ${checks.invitationsCreatedByRepeats} and ${checks.repeatWithAnotherId} answered another id; ` +
      `${checks.testStatusPending} test_status answers were "pending". ${checks.mailsStored} mails stored, ` +
      `${checks.jobsLeftAtEnd} due jobs left ${after.seconds} s after the last case.`,
    '',
  ].join('\n');
  const files = writeResults(`ats${quick ? '-quick' : ''}${label ? `-${label}` : ''}`, report, md);
  console.log(`\n${md}\nWrote ${files.json} and ${files.md}`);
  if (!integrityOk) process.exitCode = 1;
} catch (error) {
  console.error(error);
  console.error(`--- server output (tail) ---\n${server.output().slice(-5000)}`);
  process.exitCode = 1;
} finally {
  client.close();
  await server.stop();
}
