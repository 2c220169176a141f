import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { openBrowser, type BrowserSession } from './support/browser.js';
import { findLink, readMails } from './support/mail.js';
import { saveFailureArtifacts, signIn, waitForHeading } from './support/pages.js';
import { startServer, type RunningServer } from './support/server.js';

// Forgot password → the reset mail → a new password → the old one no longer works, the new one
// does; then a sensitive change (email) asks "Confirm your password" and retries by itself.

const owner = { name: 'Rita Reset', email: 'rita@reset.test', password: 'the original passphrase' };
const newPassword = 'a brand new passphrase';
const newEmail = 'rita.r@reset.test';

let server: RunningServer;
const browsers: BrowserSession[] = [];

beforeAll(async () => {
  server = await startServer();
  // The first-run setup through the API (the shell spec covers its form).
  const response = await fetch(`${server.url}/api/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ organizationName: 'Reset Co', ...owner }),
  });
  if (response.status !== 201) throw new Error(`setup answered ${response.status}: ${await response.text()}`);
});

afterAll(async () => {
  for (const b of browsers) await b.close();
  await server?.stop();
});

describe('account', () => {
  it('resets the password from the mailed link, then changes the email after re-auth', async () => {
    onTestFailed(() => saveFailureArtifacts('account', browsers, server));
    const browser = await openBrowser();
    browsers.push(browser);
    const page = browser.page;

    await page.goto(`${server.url}/login`);
    await waitForHeading(page, 'Sign in to Assay');
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await waitForHeading(page, 'Reset your password');
    await page.getByLabel('Email').fill(owner.email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await page.getByRole('status').getByText('Check your inbox').waitFor();

    const [mail, ...others] = readMails(server.databasePath, owner.email);
    expect(others).toHaveLength(0);
    if (!mail) throw new Error(`no reset mail for ${owner.email}`);
    const link = findLink(mail, server.url, '/reset-password');

    await page.goto(link);
    await waitForHeading(page, 'Choose a new password');
    await page.getByLabel(/^New password/).fill(newPassword);
    await page.getByLabel(/^Repeat the new password/).fill(newPassword);
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByRole('status').getByText('Password changed').waitFor();
    await page.getByRole('link', { name: 'Sign in', exact: true }).click();

    await waitForHeading(page, 'Sign in to Assay');
    await signIn(page, owner.email, owner.password);
    await page.getByRole('alert').waitFor();
    await signIn(page, owner.email, newPassword);
    await waitForHeading(page, 'Activities');

    // Changing the email needs a password confirmation within the last 10 minutes.
    await page.getByRole('button', { name: `Account menu for ${owner.name}` }).click();
    await page.getByRole('menuitem', { name: 'Account settings' }).click();
    await waitForHeading(page, 'Account settings');
    await page.getByRole('textbox', { name: 'Email' }).fill(newEmail);
    await page.getByRole('button', { name: 'Change email' }).click();
    const confirm = page.getByRole('dialog', { name: 'Confirm your password' });
    await confirm.getByLabel(/^Password/).fill('not my password');
    await confirm.getByRole('button', { name: 'Confirm' }).click();
    await confirm.getByRole('alert').waitFor();
    await confirm.getByLabel(/^Password/).fill(newPassword);
    const changed = page.waitForResponse(
      (r) => r.request().method() === 'POST' && r.url().endsWith('/api/account/email') && r.ok(),
    );
    await confirm.getByRole('button', { name: 'Confirm' }).click();
    await changed;
    await confirm.waitFor({ state: 'hidden' });
    await page.getByText('Email changed.').waitFor();
    await page.getByRole('button', { name: `Account menu for ${owner.name}` }).click();
    await page.getByRole('menu').getByText(newEmail).waitFor();
  });
});
