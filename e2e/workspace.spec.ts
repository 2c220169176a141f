import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { openBrowser, type BrowserSession } from './support/browser.js';
import { findLink, readMails, type StoredMail } from './support/mail.js';
import { saveFailureArtifacts, signIn, waitForHeading } from './support/pages.js';
import { startServer, type RunningServer } from './support/server.js';

// The recruiter workspace end to end: the built-in library → a test built from a project
// challenge → published → a candidate invited (no ATS link) → the row on Activities → the mail.

const owner = { name: 'Wanda Workspace', email: 'wanda@workspace.test', password: 'a workspace passphrase' };
const candidate = { name: 'Carl Candidate', email: 'carl@candidate.test' };
const challengeTitle = 'Kanban board state with undo';
const testName = 'Frontend take-home';

let server: RunningServer;
const browsers: BrowserSession[] = [];

beforeAll(async () => {
  server = await startServer();
  // The first-run setup through the API (the shell spec covers its form).
  const response = await fetch(`${server.url}/api/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ organizationName: 'Workspace Co', ...owner }),
  });
  if (response.status !== 201) throw new Error(`setup answered ${response.status}: ${await response.text()}`);
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

describe('recruiter workspace', () => {
  it('builds a test from a built-in challenge, publishes it, invites a candidate and sees the activity', async () => {
    onTestFailed(() => saveFailureArtifacts('workspace', browsers, server));
    const browser = await openBrowser();
    browsers.push(browser);
    const page = browser.page;
    const nav = page.getByRole('navigation', { name: 'Main' });

    await page.goto(`${server.url}/login`);
    await signIn(page, owner.email, owner.password);
    await waitForHeading(page, 'Activities');
    await page.getByText('No candidates invited yet').waitFor();

    // The built-in library is there for a brand-new organization.
    await nav.getByRole('link', { name: 'Challenges' }).click();
    await waitForHeading(page, 'Challenges');
    const library = page.getByRole('table', { name: 'Challenges' });
    await library.getByRole('link', { name: challengeTitle }).click();
    await waitForHeading(page, challengeTitle);
    await page.getByRole('region', { name: 'Statement' }).getByRole('heading').first().waitFor();

    // Build the test from it and publish.
    await nav.getByRole('link', { name: 'Tests' }).click();
    await waitForHeading(page, 'Tests');
    await page.getByRole('link', { name: 'New test' }).click();
    await waitForHeading(page, 'New test');
    await page.getByRole('textbox', { name: 'Challenge', exact: true }).click();
    await page.getByRole('option', { name: challengeTitle }).click();
    await page.getByLabel('Test name').fill(testName);
    await page.getByRole('button', { name: 'Create test' }).click();
    await waitForHeading(page, testName);
    await page.getByText('Draft', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    const publish = page.getByRole('dialog', { name: `Publish “${testName}”?` });
    await publish.getByRole('button', { name: 'Publish' }).click();
    await publish.waitFor({ state: 'hidden' });
    await page.getByText('Published v1').waitFor();

    // Invite a candidate from the test's page, leaving the ATS link empty.
    await page.getByRole('button', { name: 'Invite candidate' }).click();
    const invite = page.getByRole('dialog', { name: 'Invite candidate' });
    // The test is preselected once the published tests are loaded.
    const testField = invite.getByRole('textbox', { name: 'Test', exact: true });
    await expect.poll(() => testField.inputValue()).toBe(testName);
    await invite.getByRole('textbox', { name: 'Name', exact: true }).fill(candidate.name);
    await invite.getByRole('textbox', { name: 'Email', exact: true }).fill(candidate.email);
    expect(await invite.getByLabel('ATS profile URL').inputValue()).toBe('');
    await invite.getByRole('button', { name: 'Send invitation' }).click();
    await invite.waitFor({ state: 'hidden' });
    await page.getByText(`${candidate.name} was invited to “${testName}”.`).waitFor();

    // Activities shows the invitation.
    await nav.getByRole('link', { name: 'Activities' }).click();
    await waitForHeading(page, 'Activities');
    const row = page
      .getByRole('table', { name: 'Invitations' })
      .getByRole('row')
      .filter({ hasText: candidate.email });
    await row.getByText(testName).waitFor();
    await row.getByText('invited', { exact: true }).waitFor();
    await row.getByText('no ATS').waitFor();

    // The invitation mail carries the candidate's link.
    const mail = await waitForMail(candidate.email);
    expect(mail.subject).toContain(testName);
    findLink(mail, server.url, '/take');
  });
});
