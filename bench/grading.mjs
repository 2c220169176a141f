// `npm run bench:grading` — submit → graded time for each built-in project challenge on the BUILT
// server with the real sandbox (as `assay serve` runs it; needs root for bubblewrap/cgroups).
// Never part of npm test; issue 5's "time from submit to graded report" (goal p50 < 3 s).
//
// For every challenges/<slug>/challenge.json: a published project test, BENCH_RUNS invitations
// (CSV bulk route; tokens from the embedded mail log), then per run, one at a time: Start, the
// reference solution (challenges/<slug>/solution/) saved as drafts, Submit, and the invitation
// polled every 50 ms until it is `graded` (or `grading_failed`). The clock starts when Submit is
// sent, so it includes committing the drafts, the job queue, the runner and the report.
// Writes bench/results/grading-<date>.json and .md.
//
// Options: BENCH_RUNS (default 5), BENCH_CHALLENGES=slug,slug (default: all project challenges),
// --quick (1 run of js-kanban-state). `npm run build` first.
import Database from 'better-sqlite3';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  bulkInvite,
  cookieOf,
  createClient,
  invitationTokens,
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
const runs = Number(process.env.BENCH_RUNS ?? (quick ? 1 : 5));
const GOAL_P50_MS = 3000;
const POLL_MS = 50;
const GRADED_TIMEOUT_MS = 5 * 60_000;
const label = (process.env.BENCH_LABEL ?? '').replace(/[^a-z0-9-]/gi, '');
if (!Number.isInteger(runs) || runs < 1) {
  console.error('BENCH_RUNS must be a positive integer.');
  process.exit(1);
}

const challengesDir = join(root, 'challenges');
const all = readdirSync(challengesDir)
  .filter((slug) => existsSync(join(challengesDir, slug, 'challenge.json')))
  .filter(
    (slug) =>
      JSON.parse(readFileSync(join(challengesDir, slug, 'challenge.json'), 'utf8')).kind === 'project',
  )
  .sort();
const wanted =
  process.env.BENCH_CHALLENGES?.split(',').map((s) => s.trim()) ?? (quick ? ['js-kanban-state'] : all);
const unknown = wanted.filter((slug) => !all.includes(slug));
if (unknown.length > 0) {
  console.error(`BENCH_CHALLENGES: no project challenge ${unknown.join(', ')} (have: ${all.join(', ')})`);
  process.exit(1);
}

/** The reference solution's files (repository-relative paths), as draft writes. */
function solutionChanges(slug) {
  const dir = join(challengesDir, slug, 'solution');
  const changes = [];
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else changes.push({ op: 'write', path: relative(dir, path), content: readFileSync(path, 'utf8') });
    }
  };
  walk(dir);
  if (changes.length === 0) throw new Error(`${dir} has no files`);
  return changes;
}

const started = performance.now();
const server = await startServer();
const client = createClient(server.base, { maxSockets: 16, timeoutMs: 120_000 });
console.log(`server ${server.base} (pid ${server.pid}), data dir ${server.dataDir}`);
try {
  const staff = await setupOwner(client);
  const results = [];
  for (const slug of wanted) {
    const testId = await publishedProjectTest(staff, slug);
    const emails = Array.from({ length: runs }, (_, i) => `${slug}-${i + 1}@bench.invalid`);
    const ids = await bulkInvite(staff, testId, emails);
    const tokens = await invitationTokens(server.databasePath, emails, { timeoutMs: 120_000 });
    const changes = solutionChanges(slug);
    const rows = [];
    for (const email of emails) {
      const start = await client.request('POST', '/api/candidate/start', {
        body: { token: tokens.get(email) },
      });
      if (start.status !== 201) throw new Error(`${slug}: start answered ${start.status}: ${start.text}`);
      const cookie = cookieOf(start.headers);
      const attempt = `/api/candidate/attempts/${start.json.attemptId}`;
      const state = await client.request('GET', attempt, { headers: { cookie } });
      if (state.status !== 200) throw new Error(`${slug}: state answered ${state.status}: ${state.text}`);
      const save = await client.request('PUT', `${attempt}/drafts`, {
        headers: { cookie },
        body: { baseCommit: state.json.head.commit, changes },
      });
      if (save.status !== 200)
        throw new Error(`${slug}: saving the solution answered ${save.status}: ${save.text}`);
      const sentAt = performance.now();
      const sentWall = Date.now();
      const submit = await client.request('POST', `${attempt}/submit`, { headers: { cookie }, body: {} });
      if (submit.status !== 200) throw new Error(`${slug}: submit answered ${submit.status}: ${submit.text}`);
      let invitation;
      // The grading job's row in the embedded database: when the worker claimed it (seen at the poll).
      const db = new Database(server.databasePath, { readonly: true, fileMustExist: true });
      const jobStatus = db.prepare(
        `SELECT j.status FROM jobs j JOIN gradings g ON j.payload LIKE '%' || g.id || '%'
         WHERE j.name = 'grading.grade' AND g.attempt_id = ? ORDER BY j.created_at DESC LIMIT 1`,
      );
      const finishedAt = db.prepare(
        `SELECT finished_at FROM gradings WHERE attempt_id = ? ORDER BY number DESC LIMIT 1`,
      );
      let claimedMs = null;
      for (;;) {
        if (claimedMs === null) {
          const job = jobStatus.get(start.json.attemptId);
          if (job && job.status !== 'pending') claimedMs = performance.now() - sentAt;
        }
        invitation = await staff.call('GET', `/invitations/${ids.get(email)}`);
        if (invitation.status === 'graded' || invitation.status === 'grading_failed') break;
        if (performance.now() - sentAt > GRADED_TIMEOUT_MS)
          throw new Error(
            `${slug}: not graded ${GRADED_TIMEOUT_MS / 1000} s after submit (status ${invitation.status})`,
          );
        await sleep(POLL_MS);
      }
      const gradedMs = performance.now() - sentAt;
      const finished = finishedAt.get(start.json.attemptId)?.finished_at;
      db.close();
      const row = {
        submitMs: round1(submit.ms),
        /** Submit sent → the worker had claimed the grading job (first poll that saw it). */
        claimedMs: round1(claimedMs),
        /** Submit sent → the grading row finished (server clock, same machine). */
        finishedMs: finished ? round1(Date.parse(finished) - sentWall) : null,
        gradedMs: round1(gradedMs),
        status: invitation.status,
        score: invitation.score,
      };
      rows.push(row);
      console.log(
        `${slug}: submit ${row.submitMs} ms, job claimed ~${row.claimedMs} ms, grading finished ${row.finishedMs} ms, ` +
          `graded seen after ${row.gradedMs} ms, ${row.status}, score ${row.score}`,
      );
    }
    const graded = rows.map((r) => r.gradedMs);
    results.push({
      challenge: slug,
      runs: rows.length,
      solutionFiles: changes.length,
      gradedMs: {
        p50: round1(percentile(graded, 50)),
        min: round1(Math.min(...graded)),
        max: round1(Math.max(...graded)),
      },
      submitMsP50: round1(
        percentile(
          rows.map((r) => r.submitMs),
          50,
        ),
      ),
      claimedMsP50: round1(percentile(rows.map((r) => r.claimedMs ?? NaN).filter(Number.isFinite), 50)),
      finishedMsP50: round1(percentile(rows.map((r) => r.finishedMs ?? NaN).filter(Number.isFinite), 50)),
      allGraded: rows.every((r) => r.status === 'graded'),
      scores: rows.map((r) => r.score),
      meetsGoal: percentile(graded, 50) < GOAL_P50_MS && rows.every((r) => r.status === 'graded'),
      rows,
    });
  }

  const facts = machineFacts();
  const report = {
    ...facts,
    kind: quick ? 'quick' : 'full',
    runsPerChallenge: runs,
    pollMs: POLL_MS,
    goal: { p50Ms: GOAL_P50_MS },
    results,
    totalSeconds: round1((performance.now() - started) / 1000),
  };
  const md = [
    `# Submit → graded benchmark, ${facts.date}`,
    '',
    `${facts.cpus} vCPU (${facts.cpuModel}), Node ${facts.node}, ${facts.database}, real sandbox (bubblewrap); ` +
      `load average ${facts.loadAverage.join(' / ')} at the end. ${runs} run(s) per challenge, one at a time; ` +
      `the reference solution is submitted and the invitation polled every ${POLL_MS} ms.`,
    '',
    '| Challenge | p50 s | min s | max s | submit call p50 ms | job claimed p50 ms | grading done p50 ms | scores | goal p50 < 3 s |',
    '|---|---:|---:|---:|---:|---:|---:|---|---|',
    ...results.map(
      (r) =>
        `| ${r.challenge} | ${(r.gradedMs.p50 / 1000).toFixed(2)} | ${(r.gradedMs.min / 1000).toFixed(2)} | ${(r.gradedMs.max / 1000).toFixed(2)} | ${r.submitMsP50} | ${r.claimedMsP50} | ${r.finishedMsP50} | ${r.scores.join(', ')} | ${r.meetsGoal ? 'met' : 'missed'} |`,
    ),
    '',
  ].join('\n');
  const files = writeResults(`grading${quick ? '-quick' : ''}${label ? `-${label}` : ''}`, report, md);
  console.log(`\n${md}\nWrote ${files.json} and ${files.md}`);
} catch (error) {
  console.error(error);
  console.error(`--- server output (tail) ---\n${server.output().slice(-5000)}`);
  process.exitCode = 1;
} finally {
  client.close();
  await server.stop();
}
