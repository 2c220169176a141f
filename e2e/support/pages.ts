import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { BrowserSession } from './browser.js';
import { repoRoot, type RunningServer } from './server.js';

/** Wait for the page's h1 (every Assay page has exactly one). */
export async function waitForHeading(page: Page, name: string | RegExp): Promise<void> {
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

/** Sign in through the sign-in form (the page must show it). */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Sign out through the account menu and wait for the sign-in page. */
export async function signOut(page: Page, userName: string): Promise<void> {
  await page.getByRole('button', { name: `Account menu for ${userName}` }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await waitForHeading(page, 'Sign in to Assay');
}

/** On failure: every open page as test-results/<name>-<n>.png, and the server's output. */
export async function saveFailureArtifacts(
  name: string,
  browsers: BrowserSession[],
  server: RunningServer | undefined,
): Promise<void> {
  const dir = join(repoRoot, 'test-results');
  mkdirSync(dir, { recursive: true });
  for (const [i, b] of browsers.entries()) {
    await b.page
      .screenshot({ path: join(dir, `${name}-${i + 1}.png`), fullPage: true })
      .catch(() => undefined);
  }
  if (server) writeFileSync(join(dir, `${name}-server.log`), server.output());
}
