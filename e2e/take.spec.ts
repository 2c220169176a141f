import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { openBrowser, type BrowserSession } from './support/browser.js';
import { findLink, readMails, type StoredMail } from './support/mail.js';
import { saveFailureArtifacts, waitForHeading } from './support/pages.js';
import { startServer, type RunningServer } from './support/server.js';

// The candidate's side end to end: invited through the API → the mail link → the landing page
// (token gone from the address bar) → Start → the IDE (file tree, countdown) → an edit in
// CodeMirror autosaved → still there after a reload → Submit → the receipt.

const owner = { name: 'Tara Take', email: 'tara@take.test', password: 'a take-home passphrase' };
const candidate = { name: 'Cleo Candidate', email: 'cleo@candidate.test' };
const organizationName = 'Take Co';
const challengeTitle = 'Kanban board state with undo';
const testName = 'Kanban take-home';
const marker = '// edited in the browser by the e2e test';

let server: RunningServer;
const browsers: BrowserSession[] = [];

/** A signed-in staff API session (cookie + CSRF token) from the first-run setup. */
interface StaffSession {
  cookie: string;
  csrfToken: string;
  orgId: string;
}

async function staffCall<T>(session: StaffSession, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      accept: 'application/json',
      cookie: session.cookie,
      ...(method === 'GET' ? {} : { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken }),
    },
    ...(method === 'GET' ? {} : { body: JSON.stringify(body ?? {}) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  for (const b of browsers) await b.close();
  await server?.stop();
});

/** The invitation mail is sent by a job: wait for it (bounded by the test timeout). */
async function waitForMail(to: string): Promise<StoredMail> {
  for (;;) {
    const [mail] = readMails(server.databasePath, to);
    if (mail) return mail;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Setup → a published project test from the built-in library → an invitation; returns the mail link. */
async function inviteCandidate(): Promise<string> {
  const setup = await fetch(`${server.url}/api/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ organizationName, ...owner }),
  });
  if (setup.status !== 201) throw new Error(`setup answered ${setup.status}: ${await setup.text()}`);
  const sessionBody = (await setup.json()) as { csrfToken: string; currentOrganizationId: string };
  const cookie = setup.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const session: StaffSession = {
    cookie,
    csrfToken: sessionBody.csrfToken,
    orgId: sessionBody.currentOrganizationId,
  };
  const org = `/api/orgs/${session.orgId}`;

  const challenges = await staffCall<{ items: { id: string; title: string }[] }>(
    session,
    'GET',
    `${org}/challenges`,
  );
  const challenge = challenges.items.find((c) => c.title === challengeTitle);
  if (!challenge) throw new Error(`no built-in challenge "${challengeTitle}"`);
  const test = await staffCall<{ id: string }>(session, 'POST', `${org}/tests`, {
    name: testName,
    kind: 'project',
    challenges: [{ challengeId: challenge.id }],
    timeLimitMinutes: 90,
  });
  await staffCall(session, 'POST', `${org}/tests/${test.id}/publish`, {});
  await staffCall(session, 'POST', `${org}/invitations`, {
    testId: test.id,
    name: candidate.name,
    email: candidate.email,
    extraTimeMinutes: 30,
  });
  const mail = await waitForMail(candidate.email);
  return findLink(mail, server.url, '/take');
}

describe('candidate take', () => {
  it('lands, starts, edits a file in the browser IDE (autosaved, kept across a reload) and submits', async () => {
    onTestFailed(() => saveFailureArtifacts('take', browsers, server));
    const link = await inviteCandidate();
    expect(link).toContain('#token=');

    const browser = await openBrowser();
    browsers.push(browser);
    const page = browser.page;

    // The landing page: company, test, time (with the extra time); the token leaves the address bar.
    await page.goto(link);
    await waitForHeading(page, testName);
    expect(page.url()).toBe(`${server.url}/take`);
    await page.getByTestId('organization-name').getByText(organizationName).waitFor();
    expect(await page.getByTestId('landing-time-limit').textContent()).toBe(
      '2 hours (including 30 minutes of extra time)',
    );
    await page.getByText('Not recorded', { exact: true }).waitFor();

    // Start, confirmed: the timer cannot be paused.
    await page.getByRole('button', { name: 'Start the test' }).click();
    const confirm = page.getByRole('dialog', { name: 'Start the test?' });
    await confirm.getByText('The timer starts now and cannot be paused.').waitFor();
    await confirm.getByRole('button', { name: 'Start now' }).click();
    await page.waitForURL(/\/attempt\/[^/#?]+$/);
    expect(page.url()).not.toContain('token');

    // The IDE: the file tree and the countdown (about two hours left).
    const countdown = page.getByTestId('countdown');
    await countdown.waitFor();
    await expect.poll(async () => (await countdown.textContent()) ?? '').toMatch(/^[12]:\d\d:\d\d$/);
    const boardFile = page.locator('[data-testid="file-item"][data-path="src/board.js"]');
    await boardFile.click();
    const editor = page.locator('[data-testid="code-editor"][data-path="src/board.js"] .cm-content');
    await editor.waitFor();
    await expect.poll(async () => (await editor.textContent())?.length ?? 0).toBeGreaterThan(0);

    // An edit is autosaved.
    await editor.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type(marker);
    const status = page.getByTestId('save-status');
    await expect.poll(() => status.textContent()).toBe('Saved');
    expect(await editor.textContent()).toContain(marker);

    // A reload keeps it: the server has the draft.
    await page.reload();
    await boardFile.click();
    await editor.waitFor();
    // CodeMirror renders only the lines in view: go to the end, where the edit is.
    await editor.click();
    await page.keyboard.press('Control+End');
    await expect.poll(async () => (await editor.textContent()) ?? '').toContain(marker);
    await expect.poll(() => status.textContent()).toBe('Saved');

    // Submit → the receipt.
    await page.getByRole('button', { name: 'Submit', exact: true }).click();
    const submit = page.getByRole('dialog', { name: 'Submit your work?' });
    await submit.getByText(/Your repository has \d+ files/).waitFor();
    await submit.getByRole('button', { name: 'Submit now' }).click();
    await waitForHeading(page, 'Your work was submitted');
    const receipt = page.getByRole('region', { name: 'Receipt' });
    await receipt.getByTestId('receipt-commit').waitFor();
    expect(await receipt.getByTestId('receipt-commit').textContent()).toMatch(/^[0-9a-f]{12}$/);
    expect(await receipt.getByTestId('receipt-files').textContent()).toMatch(/^Files: \d+$/);
  });
});
