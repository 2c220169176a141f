import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import {
  integrationCard,
  invitationLink,
  issueKeyInBrowser,
  openIntegrationsAsOwner,
  publishQuickTest,
  setupOrganization,
  startAtsStack,
  takeQuickTestInBrowser,
  waitForGraded,
  type AtsStack,
  type StaffApi,
} from './support/ats.js';
import { openBrowser, type BrowserSession } from './support/browser.js';
import { saveFailureArtifacts, waitForHeading } from './support/pages.js';

// Issue 7 "Done when", end to end with real parts: the built server, chromium driving BOTH UIs
// (Assay's Settings → Integrations and the ats-sandbox playing Greenhouse), a real SMTP sink.
//   Assay admin: Greenhouse ⋮ → Generate key → password → Yes → copy.
//   GH admin: Configure Assay → paste the key → Save key; the completion credential Greenhouse
//   issued is copied into Assay (Completion credential dialog).
//   GH user: a candidate → pick the test → Send Test; the candidate completes through the mail and
//   the browser IDE; Greenhouse shows "Status: complete", the score and the Report link.

const owner = { name: 'Gil Green', email: 'gil@gh-e2e.test', password: 'a greenhouse passphrase' };
const organizationName = 'GH Assay Co';
const testName = 'Even pairs take-home';
const linus = { name: 'Linus Torvalds', email: 'linus@example.com' };

interface GhState {
  candidates: { id: string; firstName?: string; lastName?: string; email: string }[];
  takeHomes?: unknown[];
  responseErrors?: unknown[];
}

let stack: AtsStack;
let api: StaffApi;
const browsers: BrowserSession[] = [];

beforeAll(async () => {
  stack = await startAtsStack();
  api = await setupOrganization(stack.server.url, { organizationName, ...owner });
  await publishQuickTest(api, testName);
});

afterAll(async () => {
  for (const b of browsers) await b.close();
  await stack?.stop();
});

describe('Greenhouse (issue 7)', () => {
  it('key into Greenhouse, completion credential into Assay, Send Test → complete with score and report link', async () => {
    onTestFailed(() => saveFailureArtifacts('greenhouse', browsers, stack?.server));
    const { server, sandbox, smtp } = stack;

    // ---- Assay admin: Greenhouse ⋮ → Generate key -------------------------------------------------
    const assay = await openBrowser();
    browsers.push(assay);
    const page = assay.page;
    await openIntegrationsAsOwner(page, server.url, owner);
    const card = integrationCard(page, 'Greenhouse');
    await expect.poll(() => card.getByTestId('greenhouse-state').textContent()).toBe('Not connected');
    const key = await issueKeyInBrowser(page, {
      label: 'Greenhouse',
      action: 'Generate key',
      password: owner.password,
      confirmText: `You are generating a Greenhouse key for ${organizationName}`,
    });
    expect(key).toMatch(/^assay_gh_/);
    await card.getByRole('table', { name: 'Greenhouse keys' }).getByText(key.slice(0, 12)).waitFor();

    // ---- GH admin: Configure Assay → paste the key → Save key -------------------------------------
    const gh = await openBrowser();
    browsers.push(gh);
    const ghPage = gh.page;
    await ghPage.goto(`${sandbox.url}/gh`);
    await ghPage.getByRole('link', { name: 'Configure Assay' }).click();
    await ghPage.waitForURL(`${sandbox.url}/gh/settings`);
    await ghPage.getByLabel('Assay API key').fill(key);
    await ghPage.getByRole('button', { name: 'Save key' }).click();
    // Saving lists the tests with the key: the published test is there.
    await ghPage.getByText('Last test list: 1 tests').waitFor();
    const username = ((await ghPage.getByTestId('gh-completion-username').textContent()) ?? '').trim();
    const password = ((await ghPage.getByTestId('gh-completion-password').textContent()) ?? '').trim();
    expect(username).not.toBe('');
    expect(username).not.toBe(key);

    // ---- Assay admin: ⋮ → Completion credential ---------------------------------------------------
    await page.getByRole('button', { name: 'Greenhouse actions' }).click();
    await page.getByRole('menuitem', { name: 'Completion credential' }).click();
    const credential = page.getByRole('dialog', { name: 'Completion credential' });
    await credential.getByLabel('User name').fill(username);
    if (password) await credential.getByLabel(/^Password/).fill(password);
    await credential.getByRole('button', { name: 'Save credential' }).click();
    // No password prompt: the key step just confirmed it (the 10-minute re-auth window).
    await credential.waitFor({ state: 'hidden' });
    await card.getByText(/^Completion credential: user name /).waitFor();

    // ---- GH user: a candidate → the test → Send Test ---------------------------------------------
    await ghPage.goto(`${sandbox.url}/gh`);
    await ghPage.getByRole('link', { name: 'Candidates' }).click();
    await ghPage.getByRole('link', { name: linus.name }).click();
    await ghPage.getByLabel('Test', { exact: true }).selectOption({ label: testName });
    await ghPage.getByRole('button', { name: 'Send Test' }).click();
    await ghPage.getByText('Test sent').waitFor();
    // Greenhouse has called Assay (list_tests, send_test) with the key: the card says so.
    await expect.poll(() => card.getByTestId('greenhouse-state').textContent()).toBe('Connected');
    await card.getByText(/^Last request from Greenhouse /).waitFor();

    // ---- The candidate: the mail → the browser IDE → submit ---------------------------------------
    const link = await invitationLink(smtp, server.url, linus.email);
    const candidate = await openBrowser();
    browsers.push(candidate);
    await takeQuickTestInBrowser(candidate.page, link, testName);
    const invitation = await waitForGraded(api, linus.email);
    expect(invitation.score).toBe(100);

    // ---- Greenhouse shows the result (the page refreshes itself) ------------------------------------
    await ghPage.getByText('Status: complete').waitFor({ timeout: 60_000 });
    await ghPage.getByText('Score: 100').waitFor();
    const report = ghPage.getByRole('link', { name: 'Report', exact: true });
    expect(await report.getAttribute('href')).toBe(`${server.url}/reports/${invitation.id}`);

    // The sandbox validated test_status like Greenhouse: no response_error went back to Assay.
    const state = await sandbox.control<GhState>('GET', '/__sandbox/greenhouse/state');
    expect(state.responseErrors ?? []).toEqual([]);

    // Assay's card shows the completion call.
    await page.reload();
    await waitForHeading(page, 'Integrations');
    await card.getByText(/^Last completion call /).waitFor();
  });
});
