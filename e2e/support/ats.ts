import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { startSandbox } from '../../apps/ats-sandbox/src/server.js';
import { signIn, waitForHeading } from './pages.js';
import { repoRoot, startServer, type RunningServer } from './server.js';
import { linkIn, startSmtpSink, type SmtpSink } from './smtp.js';

/**
 * The ATS end-to-end stack: the ats-sandbox (in this process, port 0) playing SmartRecruiters
 * and Greenhouse, the built Assay server pointed at it (and it at Assay), and a real SMTP sink
 * for the candidate mails.
 */
export interface AtsStack {
  server: RunningServer;
  smtp: SmtpSink;
  sandbox: SandboxHandle;
  stop: () => Promise<void>;
}

export interface SandboxHandle {
  /** The sandbox origin, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** A JSON call to its control API, e.g. `control('GET', '/__sandbox/smartrecruiters/state')`; throws on non-2xx. */
  control: <T = unknown>(method: string, path: string, body?: unknown) => Promise<T>;
  close: () => Promise<void>;
}

/** The sandbox's master credential A (its defaults), which Assay is configured with. */
export const SR_PARTNER = { clientId: 'sr-sandbox-partner', clientSecret: 'sr-sandbox-partner-secret' };

/** The env that points Assay at the sandbox (contracts/smartrecruiters.md §9, greenhouse.md §9). */
export function atsEnv(sandboxUrl: string): Record<string, string> {
  return {
    SMARTRECRUITERS_API_URL: sandboxUrl,
    SMARTRECRUITERS_TOKEN_URL: `${sandboxUrl}/identity/oauth/token`,
    SMARTRECRUITERS_CLIENT_ID: SR_PARTNER.clientId,
    SMARTRECRUITERS_CLIENT_SECRET: SR_PARTNER.clientSecret,
    SMARTRECRUITERS_CALLBACK_HOSTS: '127.0.0.1',
    GREENHOUSE_CALLBACK_HOSTS: '127.0.0.1',
    GREENHOUSE_LINK_HOSTS: '127.0.0.1',
    ATS_ALLOW_INSECURE_CALLBACKS: 'true',
  };
}

/** Start the sandbox in this process (its Assay URL set later with `POST /__sandbox/config`). */
export async function startAtsSandbox(assayUrl = 'http://127.0.0.1:9'): Promise<SandboxHandle> {
  const { app, url } = await startSandbox({ assayUrl, port: 0 });
  return {
    url,
    control: async <T>(method: string, path: string, body?: unknown): Promise<T> => {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`sandbox ${method} ${path} answered ${response.status}: ${text}`);
      return (text ? JSON.parse(text) : undefined) as T;
    },
    close: () => app.close(),
  };
}

/** Sandbox + SMTP sink + the built Assay server, wired to each other. */
export async function startAtsStack(options: { env?: Record<string, string> } = {}): Promise<AtsStack> {
  const smtp = await startSmtpSink();
  const sandbox = await startAtsSandbox();
  let server: RunningServer;
  try {
    server = await startServer({
      env: {
        SMTP_URL: smtp.url,
        MAIL_FROM: 'Assay <assay@ats.test>',
        ...atsEnv(sandbox.url),
        ...options.env,
      },
    });
  } catch (err) {
    await sandbox.close();
    await smtp.close();
    throw err;
  }
  await sandbox.control('POST', '/__sandbox/config', { assayUrl: server.url });
  return {
    server,
    smtp,
    sandbox,
    stop: async () => {
      await server.stop();
      await sandbox.close();
      await smtp.close();
    },
  };
}

// ---- Staff API (first-run setup, tests, invitations) ---------------------------------------------

export interface StaffApi {
  orgId: string;
  cookie: string;
  csrfToken: string;
  /** A JSON call as the owner; throws with the answer on non-2xx. */
  call: <T = unknown>(method: string, path: string, body?: unknown) => Promise<T>;
}

/** The first-run setup through the API: an organization and its owner, signed in. */
export async function setupOrganization(
  baseUrl: string,
  input: { organizationName: string; name: string; email: string; password: string },
): Promise<StaffApi> {
  const setup = await fetch(`${baseUrl}/api/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  if (setup.status !== 201) throw new Error(`setup answered ${setup.status}: ${await setup.text()}`);
  const session = (await setup.json()) as { csrfToken: string; currentOrganizationId: string };
  const cookie = setup.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return staffApi(baseUrl, { cookie, csrfToken: session.csrfToken, orgId: session.currentOrganizationId });
}

/** A staff API client from an existing session. */
export function staffApi(
  baseUrl: string,
  session: { cookie: string; csrfToken: string; orgId: string },
): StaffApi {
  return {
    ...session,
    call: async <T>(method: string, path: string, body?: unknown): Promise<T> => {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          accept: 'application/json',
          cookie: session.cookie,
          ...(method === 'GET'
            ? {}
            : { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken }),
        },
        ...(method === 'GET' || method === 'DELETE' ? {} : { body: JSON.stringify(body ?? {}) }),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
      return (text ? JSON.parse(text) : undefined) as T;
    },
  };
}

// ---- A quick test: the built-in "Even Pairs" problem in Python ------------------------------------

/** The built-in algorithmic challenge that grades fastest (a few tiny inputs, Python). */
export const QUICK_CHALLENGE_TITLE = 'Even Pairs';
/** The solution file the candidate's repository starts with (Python is the only allowed language). */
export const QUICK_SOLUTION_PATH = 'even-pairs/solution.py';
/** An accepted solution (the package's own). */
export const QUICK_SOLUTION = readFileSync(
  join(repoRoot, 'challenges/even-pairs/submissions/accepted/even_pairs.py'),
  'utf8',
);

/** Create and publish a problems test over Even Pairs (Python only); returns its id. */
export async function publishQuickTest(api: StaffApi, name: string): Promise<{ id: string; name: string }> {
  const org = `/api/orgs/${api.orgId}`;
  const challenges = await api.call<{ items: { id: string; title: string }[] }>('GET', `${org}/challenges`);
  const challenge = challenges.items.find((c) => c.title === QUICK_CHALLENGE_TITLE);
  if (!challenge) throw new Error(`no built-in challenge "${QUICK_CHALLENGE_TITLE}"`);
  const test = await api.call<{ id: string }>('POST', `${org}/tests`, {
    name,
    kind: 'problems',
    challenges: [{ challengeId: challenge.id }],
    timeLimitMinutes: 30,
    allowedLanguages: ['python3'],
  });
  await api.call('POST', `${org}/tests/${test.id}/publish`, {});
  return { id: test.id, name };
}

// ---- The candidate ---------------------------------------------------------------------------

/** The invitation link from the newest mail to `email` at the SMTP sink. */
export async function invitationLink(smtp: SmtpSink, baseUrl: string, email: string): Promise<string> {
  const mail = await smtp.waitFor(email, (m) => /\/take#token=/.test(m.text));
  return linkIn(mail, baseUrl, '/take');
}

/** The token in a `/take#token=…` link. */
export function tokenOf(link: string): string {
  return decodeURIComponent(new URL(link).hash.replace(/^#token=/, ''));
}

/**
 * The candidate through the API (no browser): start, write the accepted solution, submit.
 * Returns the attempt id.
 */
export async function completeAttemptByApi(baseUrl: string, link: string): Promise<string> {
  const json = { 'content-type': 'application/json' };
  const started = await fetch(`${baseUrl}/api/candidate/start`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ token: tokenOf(link) }),
  });
  if (started.status !== 201 && started.status !== 200)
    throw new Error(`start answered ${started.status}: ${await started.text()}`);
  const { attemptId } = (await started.json()) as { attemptId: string };
  const cookie = started.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const base = `${baseUrl}/api/candidate/attempts/${attemptId}`;
  const state = await fetch(base, { headers: { cookie } });
  if (state.status !== 200) throw new Error(`attempt state answered ${state.status}: ${await state.text()}`);
  const { head } = (await state.json()) as { head: { commit: string } };
  const saved = await fetch(`${base}/drafts`, {
    method: 'PUT',
    headers: { ...json, cookie },
    body: JSON.stringify({
      baseCommit: head.commit,
      changes: [{ op: 'write', path: QUICK_SOLUTION_PATH, content: QUICK_SOLUTION }],
    }),
  });
  if (saved.status !== 200) throw new Error(`drafts answered ${saved.status}: ${await saved.text()}`);
  const submitted = await fetch(`${base}/submit`, {
    method: 'POST',
    headers: { ...json, cookie },
    body: '{}',
  });
  if (submitted.status !== 200)
    throw new Error(`submit answered ${submitted.status}: ${await submitted.text()}`);
  return attemptId;
}

/**
 * The candidate through the UI: the mail link → landing → Start → the IDE → the accepted
 * solution typed into CodeMirror (autosaved) → Submit → the receipt.
 */
export async function takeQuickTestInBrowser(page: Page, link: string, testName: string): Promise<void> {
  await page.goto(link);
  await waitForHeading(page, testName);
  await page.getByRole('button', { name: 'Start the test' }).click();
  await page
    .getByRole('dialog', { name: 'Start the test?' })
    .getByRole('button', { name: 'Start now' })
    .click();
  await page.waitForURL(/\/attempt\/[^/#?]+$/);
  await page.locator(`[data-testid="file-item"][data-path="${QUICK_SOLUTION_PATH}"]`).click();
  const editor = page.locator(`[data-testid="code-editor"][data-path="${QUICK_SOLUTION_PATH}"] .cm-content`);
  await expect.poll(async () => (await editor.textContent()) ?? '').toContain('def solve');
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(QUICK_SOLUTION);
  await expect.poll(async () => (await editor.textContent()) ?? '').toContain('odd * (odd - 1) // 2');
  await expect.poll(() => page.getByTestId('save-status').textContent()).toBe('Saved');
  await page.getByRole('button', { name: 'Submit', exact: true }).click();
  const submit = page.getByRole('dialog', { name: 'Submit your work?' });
  await submit.getByRole('button', { name: 'Submit now' }).click();
  await waitForHeading(page, 'Your work was submitted');
}

export interface InvitationRow {
  id: string;
  status: string;
  score: number | null;
  candidate: { id: string; email: string; name: string };
  testId?: string;
}

/** The organization's invitation of `email` (newest), or undefined. */
export async function findInvitation(api: StaffApi, email: string): Promise<InvitationRow | undefined> {
  const page = await api.call<{ items: InvitationRow[] }>(
    'GET',
    `/api/orgs/${api.orgId}/activities?q=${encodeURIComponent(email)}&pageSize=100`,
  );
  return page.items.find((i) => i.candidate.email.toLowerCase() === email.toLowerCase());
}

/** Wait until the invitation of `email` is graded (a failed grading fails at once with the status). */
export async function waitForGraded(api: StaffApi, email: string): Promise<InvitationRow> {
  let row: InvitationRow | undefined;
  await expect
    .poll(
      async () => {
        row = await findInvitation(api, email);
        if (row?.status === 'grading_failed') throw new Error(`grading failed for ${email}`);
        return row?.status;
      },
      { timeout: 120_000, interval: 500 },
    )
    .toBe('graded');
  if (!row) throw new Error(`no invitation for ${email}`);
  return row;
}

// ---- Settings → Integrations (the recruiter's browser, signed in as an owner) -----------------

/** Sign in as `owner` and open Settings → Integrations from the main navigation. */
export async function openIntegrationsAsOwner(
  page: Page,
  baseUrl: string,
  owner: { email: string; password: string },
): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await signIn(page, owner.email, owner.password);
  await waitForHeading(page, 'Activities');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Integrations' }).click();
  await waitForHeading(page, 'Integrations');
}

/** The integration card of `label` ("SmartRecruiters", "Greenhouse"): a section named by its title. */
export function integrationCard(page: Page, label: string) {
  return page.getByRole('region', { name: label, exact: true });
}

/**
 * ⋮ → Integrate / Generate key → "Confirm your password" → the confirmation naming the
 * organization → Yes → the key dialog; returns the key as the Copy button put it on the clipboard
 * (and checks it is the one shown), then closes with Done.
 */
export async function issueKeyInBrowser(
  page: Page,
  input: { label: 'SmartRecruiters' | 'Greenhouse'; action: string; password: string; confirmText: string },
): Promise<string> {
  await page.getByRole('button', { name: `${input.label} actions` }).click();
  await page.getByRole('menuitem', { name: input.action }).click();
  const reauth = page.getByRole('dialog', { name: 'Confirm your password' });
  await reauth.getByLabel(/^Password/).fill(input.password);
  await reauth.getByRole('button', { name: 'Confirm' }).click();
  const confirm = page.getByRole('dialog').filter({ hasText: input.confirmText });
  await confirm.waitFor();
  await confirm.getByRole('button', { name: 'Yes' }).click();
  const shown = page.getByRole('dialog', { name: `Your ${input.label} API key` });
  const secret = shown.getByTestId('shown-once-secret');
  await secret.waitFor();
  const key = ((await secret.textContent()) ?? '').trim();
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: new URL(page.url()).origin,
  });
  await shown.getByRole('button', { name: 'Copy' }).click();
  await shown.getByRole('button', { name: 'Copied' }).waitFor();
  const copied = String(await page.evaluate('navigator.clipboard.readText()'));
  expect(copied).toBe(key);
  await shown.getByRole('button', { name: 'Done' }).click();
  await shown.waitFor({ state: 'hidden' });
  return copied;
}
