import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { startSandbox } from '../../../ats-sandbox/src/server.js';
import { createDb, type DbHandle } from '../../src/db/index.js';
import { testDialect, TEST_POSTGRES_URL } from '../support/test-db.js';
import { REPO_ROOT, runAssay, SOAK } from './crash-harness.js';

/**
 * reliability.md R2/F1 for the ATS outbox with real processes: `assay serve` (from the sources)
 * against the ats-sandbox playing SmartRecruiters and Greenhouse. The sandbox answers 500 to
 * every results PATCH (SmartRecruiters) and completion PATCH (Greenhouse) while orders arrive
 * and candidates finish; Assay is SIGKILLed while those deliveries are pending, restarted on the
 * same database, SIGKILLed again while delivering after the fault is lifted, and restarted.
 * Pass: every order's final state arrives; the sandbox got only frozen payloads, each distinct
 * body in one run (duplicates only as identical retries, never more than the attempts made), in
 * status order; Notes in order; no delivery left pending, sending or dead.
 * Sizes: CI 4 SmartRecruiters + 2 Greenhouse orders; ASSAY_SOAK=1 20 + 10.
 */

const SR_ORDERS = SOAK ? 20 : 4;
const GH_ORDERS = SOAK ? 10 : 2;
const TIMEOUT = SOAK ? 600_000 : 170_000;
/** expect.poll bounds (the server project keeps Vitest's 1 s default). */
const POLL = { timeout: 60_000, interval: 200 };

const owner = { name: 'Fay Fault', email: 'fay@faults.test', password: 'a fault-injection passphrase' };
const SR_PARTNER = { clientId: 'sr-sandbox-partner', clientSecret: 'sr-sandbox-partner-secret' };
const SOLUTION = readFileSync(
  join(REPO_ROOT, 'challenges/even-pairs/submissions/accepted/even_pairs.py'),
  'utf8',
);

// ---- `assay serve` as a child process ----------------------------------------------------------

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

interface Assay {
  child: ChildProcess;
  output: () => string;
}

/** Start `assay serve` (TypeScript sources through tsx) and wait for /healthz. */
async function startAssay(env: Record<string, string>, url: string): Promise<Assay> {
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', join(REPO_ROOT, 'apps/server/src/main/cli.ts'), 'serve'],
    {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  // Bounded: 300 × 100 ms for start-up (migrations on the first start) on a loaded machine.
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) break;
    const health = await fetch(`${url}/healthz`).catch(() => undefined);
    if (health?.status === 200) return { child, output: () => output };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`assay serve did not start:\n${output}`);
}

async function kill(assay: Assay, signal: NodeJS.Signals): Promise<void> {
  if (assay.child.exitCode !== null || assay.child.signalCode !== null) return;
  const exited = new Promise<void>((r) => assay.child.once('exit', () => r()));
  assay.child.kill(signal);
  await exited;
}

// ---- Staff API --------------------------------------------------------------------------------

interface Session {
  cookie: string;
  csrfToken: string;
  orgId: string;
}

function cookiesOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

// ---- The test ----------------------------------------------------------------------------------

interface SrOrderState {
  id: string;
  candidateId: string;
  resultCallbackURL: string;
  assayStatus: number | null;
  result: Record<string, unknown>;
  history: { body: Record<string, unknown> }[];
}
interface SrState {
  orders: SrOrderState[];
  notes: { candidateId: string; content: string }[];
}
interface GhTakeHome {
  id: number;
  candidateId: number;
  partnerInterviewId: string | null;
  status: string | null;
  score: number | null;
  profileUrl: string | null;
  patches: { answered: number | string }[];
}
interface GhState {
  org: { outbound: { username: string; password: string } };
  takeHomes: GhTakeHome[];
  responseErrors: unknown[];
}

describe(`ATS deliveries under faults and SIGKILL (${testDialect})`, () => {
  const dirs: string[] = [];
  let sandbox: Awaited<ReturnType<typeof startSandbox>> | undefined;
  let assay: Assay | undefined;
  let databaseName: string | undefined;
  let inspectDb: DbHandle | undefined;

  beforeAll(async () => {
    sandbox = await startSandbox({ assayUrl: 'http://127.0.0.1:9', port: 0 });
  });

  afterAll(async () => {
    if (assay) await kill(assay, 'SIGKILL');
    await inspectDb?.close();
    await sandbox?.app.close();
    if (databaseName) {
      const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await admin.connect();
      await admin.query(`drop database if exists ${databaseName} with (force)`);
      await admin.end();
    }
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it(
    `delivers every final state exactly as frozen after 500s and two SIGKILLs (${SR_ORDERS} SmartRecruiters + ${GH_ORDERS} Greenhouse orders)`,
    async () => {
      if (!sandbox) throw new Error('no sandbox');
      const sandboxUrl = sandbox.url;
      const control = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
        const response = await fetch(`${sandboxUrl}${path}`, {
          method,
          headers: body === undefined ? {} : { 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        const text = await response.text();
        if (!response.ok) throw new Error(`sandbox ${method} ${path} answered ${response.status}: ${text}`);
        return JSON.parse(text) as T;
      };
      const sr = (path: string) => `/__sandbox/smartrecruiters${path}`;
      const gh = (path: string) => `/__sandbox/greenhouse${path}`;

      // ---- Assay on a fresh database, pointed at the sandbox ------------------------------------
      const dataDir = mkdtempSync(join(tmpdir(), 'assay-ats-faults-'));
      dirs.push(dataDir);
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const env: Record<string, string> = {
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        PUBLIC_URL: url,
        LOG_LEVEL: 'warn',
        SMARTRECRUITERS_API_URL: sandboxUrl,
        SMARTRECRUITERS_TOKEN_URL: `${sandboxUrl}/identity/oauth/token`,
        SMARTRECRUITERS_CLIENT_ID: SR_PARTNER.clientId,
        SMARTRECRUITERS_CLIENT_SECRET: SR_PARTNER.clientSecret,
        SMARTRECRUITERS_CALLBACK_HOSTS: '127.0.0.1',
        GREENHOUSE_CALLBACK_HOSTS: '127.0.0.1',
        GREENHOUSE_LINK_HOSTS: '127.0.0.1',
        ATS_ALLOW_INSECURE_CALLBACKS: 'true',
      };
      if (testDialect === 'postgres') {
        databaseName = `assay_ats_faults_${randomBytes(5).toString('hex')}`;
        const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
        await admin.connect();
        await admin.query(`create database ${databaseName}`);
        await admin.end();
        const dbUrl = new URL(TEST_POSTGRES_URL);
        dbUrl.pathname = `/${databaseName}`;
        env.DATABASE_URL = dbUrl.toString();
        env.ASSAY_SECRET_KEY = randomBytes(32).toString('base64');
        // On PostgreSQL `assay serve` refuses pending migrations: the operator runs `assay migrate`.
        const migrated = await runAssay(['migrate'], env);
        expect(migrated.code, migrated.stderr).toBe(0);
      }
      assay = await startAssay(env, url);
      await control('POST', '/__sandbox/config', { assayUrl: url });
      inspectDb =
        testDialect === 'postgres'
          ? createDb({ dialect: 'postgres', url: env.DATABASE_URL ?? '', poolSize: 2 })
          : createDb({ dialect: 'sqlite', path: join(dataDir, 'assay.db') });
      const db = inspectDb.db;
      // On failure: the outbox as the database has it (no secrets in these columns), and Assay's output.
      onTestFailed(async () => {
        const rows = await db
          .selectFrom('ats_deliveries')
          .select(['stream', 'sequence', 'kind', 'status', 'attempts', 'next_attempt_at', 'last_error'])
          .orderBy('stream')
          .orderBy('sequence')
          .execute();
        console.error(`ats_deliveries:\n${rows.map((r) => JSON.stringify(r)).join('\n')}`);
        console.error(`assay output (last 4 kB):\n${assay?.output().slice(-4000) ?? ''}`);
      });

      // ---- Organization, a quick test, both integrations connected --------------------------------
      const setup = await fetch(`${url}/api/setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ organizationName: 'Faults Co', ...owner }),
      });
      expect(setup.status, await setup.clone().text()).toBe(201);
      const setupBody = (await setup.json()) as { csrfToken: string; currentOrganizationId: string };
      const session: Session = {
        cookie: cookiesOf(setup),
        csrfToken: setupBody.csrfToken,
        orgId: setupBody.currentOrganizationId,
      };
      const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
        const response = await fetch(`${url}${path}`, {
          method,
          headers: {
            accept: 'application/json',
            cookie: session.cookie,
            ...(method === 'GET'
              ? {}
              : { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken }),
          },
          ...(method === 'GET' ? {} : { body: JSON.stringify(body ?? {}) }),
        });
        const text = await response.text();
        if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
        const fresh = cookiesOf(response);
        if (fresh) session.cookie = fresh;
        return (text ? JSON.parse(text) : undefined) as T;
      };
      const org = `/api/orgs/${session.orgId}`;
      const reauth = await call<{ csrfToken: string }>('POST', '/api/session/reauth', {
        password: owner.password,
      });
      session.csrfToken = reauth.csrfToken;

      const challenges = await call<{ items: { id: string; title: string }[] }>('GET', `${org}/challenges`);
      const challenge = challenges.items.find((c) => c.title === 'Even Pairs');
      if (!challenge) throw new Error('no built-in Even Pairs');
      const test = await call<{ id: string }>('POST', `${org}/tests`, {
        name: 'Faults quick test',
        kind: 'problems',
        challenges: [{ challengeId: challenge.id }],
        timeLimitMinutes: 30,
        allowedLanguages: ['python3'],
      });
      await call('POST', `${org}/tests/${test.id}/publish`, {});

      // SmartRecruiters: key → consent (marked in the sandbox) → our consent form with the key.
      const srKey = (await call<{ key: string }>('POST', `${org}/integrations/smartrecruiters/keys`, {})).key;
      const { consentUrl } = await control<{ consentUrl: string }>('POST', sr('/connect'), {});
      await submitConsent(consentUrl, srKey);
      await expect
        .poll(async () => {
          const list = await call<{ items: { provider: string; state: string }[] }>(
            'GET',
            `${org}/integrations`,
          );
          return list.items.find((i) => i.provider === 'smartrecruiters')?.state;
        }, POLL)
        .toBe('connected');

      // Greenhouse: key into the sandbox, its completion credential into Assay.
      const ghKey = (await call<{ key: string }>('POST', `${org}/integrations/greenhouse/keys`, {})).key;
      await control('POST', gh('/key'), { key: ghKey });
      const outbound = (await control<GhState>('GET', gh('/state'))).org.outbound;
      await call('PUT', `${org}/integrations/greenhouse/credentials`, outbound);

      // ---- Candidates in both ATSs ----------------------------------------------------------------
      const srSeed = await control<{ candidates: { id: string; email: string }[] }>('POST', sr('/seed'), {
        candidates: Array.from({ length: SR_ORDERS }, (_, i) => ({
          firstName: 'Sr',
          lastName: `Candidate${i}`,
          email: `sr-${i}@faults.test`,
        })),
      });
      const ghSeed = await control<{ candidates: { id: number; email: string }[] }>('POST', gh('/seed'), {
        candidates: Array.from({ length: GH_ORDERS }, (_, i) => ({
          first_name: 'Gh',
          last_name: `Candidate${i}`,
          email: `gh-${i}@faults.test`,
        })),
      });

      // ---- Fault on: every results / completion PATCH answers 500 ---------------------------------
      await control('POST', sr('/faults'), { route: 'results', status: 500 });
      await control('POST', gh('/faults'), { patch: { status: 500 } });

      for (const candidate of srSeed.candidates) {
        const run = await control<{ ok: boolean; status: number | null; message: string | null }>(
          'POST',
          sr('/order'),
          { candidateId: candidate.id, packageId: test.id, manual: true },
        );
        expect(run, run.message ?? '').toMatchObject({ ok: true, status: 202 });
      }
      for (const candidate of ghSeed.candidates) {
        const sent = await control<{ takeHome: GhTakeHome | null }>('POST', gh('/send_test'), {
          candidateId: candidate.id,
          testId: test.id,
        });
        expect(sent.takeHome?.partnerInterviewId).toBeTruthy();
      }

      // Every candidate takes the test (start → the accepted solution → submit) through HTTP.
      const emails = [...srSeed.candidates, ...ghSeed.candidates].map((c) => c.email);
      for (const email of emails) {
        const token = await waitForToken(db, email);
        await completeAttempt(url, token);
      }
      await expect
        .poll(
          async () => {
            const rows = await db
              .selectFrom('invitations')
              .innerJoin('candidates', 'candidates.id', 'invitations.candidate_id')
              .select(['invitations.status'])
              .where('candidates.email', 'in', emails)
              .execute();
            return rows.filter((r) => r.status === 'graded').length;
          },
          { timeout: 120_000, interval: 250 },
        )
        .toBe(emails.length);

      // Deliveries are failing (500 seen for every SR order and every GH take-home): SIGKILL now.
      const failedPaths = async () =>
        (
          await control<{ path: string; status: number | null }[]>(
            'GET',
            sr('/requests?direction=from-assay&route=results'),
          )
        )
          .filter((r) => r.status === 500)
          .map((r) => r.path);
      const srOrders = () =>
        control<SrState>('GET', sr('/state')).then((s) => s.orders.filter((o) => o.assayStatus === 202));
      await expect
        .poll(async () => {
          const failed = new Set(await failedPaths());
          return (await srOrders()).filter((o) => failed.has(new URL(o.resultCallbackURL).pathname)).length;
        }, POLL)
        .toBe(SR_ORDERS);
      await expect
        .poll(
          async () =>
            (await control<GhState>('GET', gh('/state'))).takeHomes.filter((t) =>
              t.patches.some((p) => p.answered === 500),
            ),
          POLL,
        )
        .toHaveLength(GH_ORDERS);
      await kill(assay, 'SIGKILL');
      const unsent = await db
        .selectFrom('ats_deliveries')
        .select(['id'])
        .where('status', 'in', ['pending', 'sending', 'retry_scheduled'])
        .execute();
      expect(unsent.length).toBeGreaterThan(0);

      // Restart; the retries keep failing a while, then the fault is lifted.
      assay = await startAssay(env, url);
      const before = (await failedPaths()).length;
      await expect.poll(async () => (await failedPaths()).length, POLL).toBeGreaterThan(before);
      await control('POST', sr('/faults'), { route: 'results', clear: true });
      await control('POST', gh('/faults'), { clear: true });

      // SIGKILL again while delivering (the first successful PATCH after the lift), then restart.
      await expect.poll(async () => (await srOrders()).some((o) => o.history.length > 0), POLL).toBe(true);
      await kill(assay, 'SIGKILL');
      assay = await startAssay(env, url);

      // ---- Every final state arrives --------------------------------------------------------------
      await expect
        .poll(
          async () =>
            (await srOrders()).filter(
              (o) =>
                o.result.status === 'COMPLETED' &&
                Array.isArray(o.result.attachments) &&
                o.result.attachments.some((a: { type?: string }) => a.type === 'PDF_URL'),
            ).length,
          { timeout: 90_000, interval: 250 },
        )
        .toBe(SR_ORDERS);
      await expect
        .poll(
          async () =>
            (await control<GhState>('GET', gh('/state'))).takeHomes.filter((t) => t.status === 'complete')
              .length,
          { timeout: 90_000, interval: 250 },
        )
        .toBe(GH_ORDERS);
      await expect
        .poll(
          async () => {
            const rows = await db.selectFrom('ats_deliveries').select(['status']).execute();
            return rows.filter((r) => !['delivered', 'superseded'].includes(r.status)).length;
          },
          { timeout: 60_000, interval: 250 },
        )
        .toBe(0);

      // ---- Nothing applied twice ------------------------------------------------------------------
      const deliveries = await db
        .selectFrom('ats_deliveries')
        .innerJoin('ats_orders', 'ats_orders.id', 'ats_deliveries.order_id')
        .select([
          'ats_deliveries.id',
          'ats_deliveries.kind',
          'ats_deliveries.message_id',
          'ats_deliveries.payload',
          'ats_deliveries.attempts',
          'ats_deliveries.status',
          'ats_orders.order_key',
          'ats_orders.provider',
        ])
        .execute();
      expect(new Set(deliveries.map((d) => d.message_id)).size).toBe(deliveries.length);
      const rank = { PENDING: 0, IN_PROGRESS: 1, COMPLETED: 2 } as Record<string, number>;
      const state = await control<SrState>('GET', sr('/state'));
      for (const order of state.orders.filter((o) => o.assayStatus === 202)) {
        const frozen = deliveries.filter(
          (d) => d.order_key === order.resultCallbackURL && (d.kind === 'result' || d.kind === 'attachment'),
        );
        expect(frozen.length).toBeGreaterThan(0);
        // Each PATCH the sandbox applied is one frozen payload, byte for byte (as JSON).
        const runs: { body: string; count: number }[] = [];
        for (const patch of order.history) {
          const body = JSON.stringify(patch.body);
          const last = runs.at(-1);
          if (last?.body === body) last.count++;
          else runs.push({ body, count: 1 });
        }
        expect(new Set(runs.map((r) => r.body)).size, 'a body came back after another one').toBe(runs.length);
        for (const run of runs) {
          const delivery = frozen.find((d) => patchesOf(d).some((sent) => sameJson(sent, run.body)));
          expect(delivery, `not a frozen payload: ${run.body}`).toBeDefined();
          expect(run.count).toBeLessThanOrEqual(delivery?.attempts ?? 0);
        }
        const statuses = runs.map((r) => rank[(JSON.parse(r.body) as { status: string }).status]);
        expect(statuses).toEqual([...statuses].sort((a, b) => (a ?? 0) - (b ?? 0)));
        expect(order.result).toMatchObject({ status: 'COMPLETED', score: { raw: 100, min: 0, max: 100 } });

        // Notes: "sent" then "completed", duplicates only as identical neighbours.
        const notes = state.notes.filter((n) => n.candidateId === order.candidateId).map((n) => n.content);
        const distinct = notes.filter((n, i) => n !== notes[i - 1]);
        expect(new Set(distinct).size).toBe(distinct.length);
        expect(distinct).toEqual([
          expect.stringContaining('" sent'),
          expect.stringContaining('" completed 100/100'),
        ]);
      }
      const ghState = await control<GhState>('GET', gh('/state'));
      for (const takeHome of ghState.takeHomes) {
        expect(takeHome).toMatchObject({
          status: 'complete',
          score: 100,
          profileUrl: `${url}/reports/${takeHome.partnerInterviewId}`,
        });
      }
      expect(ghState.responseErrors).toEqual([]);
    },
    TIMEOUT,
  );
});

/**
 * The PATCH bodies a frozen SmartRecruiters delivery sends: a result row its `patch`; an attachment
 * row, once its PDF is uploaded, the same full state plus the PDF link.
 */
function patchesOf(delivery: { kind: string; payload: string | null }): string[] {
  if (delivery.payload === null) return [];
  const payload = JSON.parse(delivery.payload) as {
    patch: { attachments?: { type: string; url: string; name: string }[] };
    pdfUrl?: string | null;
  };
  if (delivery.kind === 'result') return [JSON.stringify(payload.patch)];
  if (delivery.kind !== 'attachment' || !payload.pdfUrl) return [];
  const others = (payload.patch.attachments ?? []).filter((a) => a.type !== 'PDF_URL');
  const pdf = { type: 'PDF_URL', url: payload.pdfUrl, name: 'Assay report (PDF)' };
  return [JSON.stringify({ ...payload.patch, attachments: [...others, pdf] })];
}

function sameJson(a: string, b: string): boolean {
  try {
    return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
  } catch {
    return false;
  }
}

/** Our consent page as a browser without JavaScript would use it: GET the form, POST it with the key. */
async function submitConsent(consentUrl: string, key: string): Promise<void> {
  const page = await fetch(consentUrl);
  expect(page.status).toBe(200);
  const html = await page.text();
  const form = /<form[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) throw new Error(`no form on the consent page:\n${html}`);
  const action = /action="([^"]*)"/i.exec(form[0])?.[1]?.replace(/&amp;/g, '&') ?? consentUrl;
  const fields = new URLSearchParams();
  for (const input of form[1]?.match(/<input[^>]*>/gi) ?? []) {
    const name = /name="([^"]*)"/i.exec(input)?.[1];
    const value = /value="([^"]*)"/i.exec(input)?.[1] ?? '';
    if (name) fields.set(name, decodeHtml(value));
  }
  fields.set('apiKey', key);
  const cookie = cookiesOf(page);
  const target = new URL(action, consentUrl);
  const answer = await fetch(target, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: target.origin,
      ...(cookie ? { cookie } : {}),
    },
    body: fields.toString(),
  });
  const text = await answer.text();
  expect(answer.status, text).toBe(200);
  expect(text).toContain('Connected');
}

function decodeHtml(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The invitation token from the candidate's mail in the embedded mail log. */
async function waitForToken(db: DbHandle['db'], email: string): Promise<string> {
  let token: string | undefined;
  await expect
    .poll(
      async () => {
        const mail = await db
          .selectFrom('mails')
          .select(['text_body'])
          .where('to_address', '=', email)
          .where('kind', '=', 'invitations.invitation')
          .executeTakeFirst();
        token = mail ? /\/take#token=([A-Za-z0-9_-]+)/.exec(mail.text_body)?.[1] : undefined;
        return token !== undefined;
      },
      { timeout: 30_000, interval: 200 },
    )
    .toBe(true);
  return token ?? '';
}

/** The candidate through HTTP: start, write the accepted solution, submit. */
async function completeAttempt(url: string, token: string): Promise<void> {
  const json = { 'content-type': 'application/json' };
  const started = await fetch(`${url}/api/candidate/start`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ token }),
  });
  expect(started.status, await started.clone().text()).toBe(201);
  const { attemptId } = (await started.json()) as { attemptId: string };
  const cookie = cookiesOf(started);
  const base = `${url}/api/candidate/attempts/${attemptId}`;
  const state = (await (await fetch(base, { headers: { cookie } })).json()) as { head: { commit: string } };
  const saved = await fetch(`${base}/drafts`, {
    method: 'PUT',
    headers: { ...json, cookie },
    body: JSON.stringify({
      baseCommit: state.head.commit,
      changes: [{ op: 'write', path: 'even-pairs/solution.py', content: SOLUTION }],
    }),
  });
  expect(saved.status, await saved.clone().text()).toBe(200);
  const submitted = await fetch(`${base}/submit`, {
    method: 'POST',
    headers: { ...json, cookie },
    body: '{}',
  });
  expect(submitted.status, await submitted.clone().text()).toBe(200);
}
