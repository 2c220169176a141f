import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { openBrowser, type BrowserSession } from './support/browser.js';
import { findLink, readMails } from './support/mail.js';
import { saveFailureArtifacts, signIn, signOut, waitForHeading } from './support/pages.js';
import { repoRoot, startServer, type RunningServer } from './support/server.js';

// The web shell end to end, against the built server on a fresh SQLite data directory:
// setup → sign out → sign in → invite a teammate → the teammate joins from the mail → sign out.
// ASSAY_E2E_SCREENSHOT=1 also refreshes docs/screenshot.png (the README's picture).

const owner = { name: 'Olivia Owner', email: 'olivia@acme.test', password: 'correct horse battery' };
const teammate = { name: 'Tomás Teammate', email: 'tomas@acme.test', password: 'a long teammate passphrase' };
const organizationName = 'Acme Hiring';

let server: RunningServer;
const browsers: BrowserSession[] = [];

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  for (const b of browsers) await b.close();
  await server?.stop();
});

describe('web shell', () => {
  it('sets up, signs in, invites a teammate who joins from the mail, and signs out', async () => {
    onTestFailed(() => saveFailureArtifacts('shell', browsers, server));
    const ownerBrowser = await openBrowser();
    browsers.push(ownerBrowser);
    const page = ownerBrowser.page;

    // First run: every page leads to setup.
    await page.goto(`${server.url}/activities`);
    await waitForHeading(page, 'Set up Assay');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByLabel('Organization name').fill(organizationName);
    await page.getByLabel('Your name').fill(owner.name);
    await page.getByLabel('Work email').fill(owner.email);
    await page.getByLabel(/^Password/).fill(owner.password);
    await page.getByRole('button', { name: 'Create organization' }).click();
    await waitForHeading(page, 'Team');
    expect(await page.title()).toBe('Team · Assay');

    await signOut(page, owner.name);

    // Sign in again, then go to Settings → Team through the navigation.
    await signIn(page, owner.email, owner.password);
    await waitForHeading(page, 'Activities');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Team' }).click();
    await waitForHeading(page, 'Team');
    await page
      .getByRole('table', { name: 'Members' })
      .getByRole('cell', { name: owner.email, exact: true })
      .waitFor();

    // Invite a teammate.
    await page.getByRole('button', { name: 'Invite teammate' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Invite a teammate' });
    await dialog.getByLabel('Email').fill(teammate.email);
    const invited = page.waitForResponse(
      (r) => r.request().method() === 'POST' && r.url().endsWith('/member-invitations'),
    );
    await dialog.getByRole('button', { name: 'Send invitation' }).click();
    expect((await invited).status()).toBe(201);
    await page
      .getByRole('table', { name: 'Pending invitations' })
      .getByRole('cell', { name: teammate.email, exact: true })
      .waitFor();

    // The invitation mail (embedded mail log) carries the join link.
    const mails = readMails(server.databasePath, teammate.email);
    const [mail, ...others] = mails;
    expect(others).toHaveLength(0);
    if (!mail) throw new Error(`no invitation mail for ${teammate.email}`);
    const link = findLink(mail, server.url, '/join');

    // The teammate opens it in their own browser, chooses a name and password, and lands in the app.
    const teammateBrowser = await openBrowser();
    browsers.push(teammateBrowser);
    const joinPage = teammateBrowser.page;
    await joinPage.goto(link);
    await waitForHeading(joinPage, `Join ${organizationName}`);
    await joinPage.getByLabel('Your name').fill(teammate.name);
    await joinPage.getByLabel('Choose a password').fill(teammate.password);
    await joinPage.getByRole('button', { name: 'Accept invitation' }).click();
    await waitForHeading(joinPage, 'Activities');
    await joinPage.getByRole('button', { name: `Account menu for ${teammate.name}` }).waitFor();

    // The owner now sees the teammate among the members.
    await page.reload();
    await waitForHeading(page, 'Team');
    await page
      .getByRole('table', { name: 'Members' })
      .getByRole('cell', { name: teammate.email, exact: true })
      .waitFor();
    if (process.env.ASSAY_E2E_SCREENSHOT === '1') {
      mkdirSync(join(repoRoot, 'docs'), { recursive: true });
      await page.screenshot({ path: join(repoRoot, 'docs/screenshot.png') });
    }

    await signOut(joinPage, teammate.name);
    // Signed out for real: the app sends the visitor back to sign-in.
    await joinPage.goto(`${server.url}/settings/team`);
    await waitForHeading(joinPage, 'Sign in to Assay');
  });
});
