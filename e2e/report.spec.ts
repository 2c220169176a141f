import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { openBrowser, type BrowserSession } from './support/browser.js';
import { saveFailureArtifacts, signIn, waitForHeading } from './support/pages.js';
import { startServer, type RunningServer } from './support/server.js';

// The report page end to end: a graded invitation (the grading row is seeded in the server's
// database, as the runner would leave it) opened from its permanent URL while signed out →
// sign-in → back on the report → criteria, the SVG histogram, an override with a reason shown
// next to the automatic score; the PDF link answers a PDF.

const owner = { name: 'Rhea Reviewer', email: 'rhea@report.test', password: 'a report passphrase' };
const candidate = { name: 'Rita Report', email: 'rita@candidate.test' };
const challengeTitle = 'Kanban board state with undo';

let server: RunningServer;
const browsers: BrowserSession[] = [];
let orgId = '';
let invitationId = '';

/** A signed-in API client (session cookie + CSRF token), for arranging the data. */
async function apiSession(): Promise<{
  call: (method: string, path: string, body?: unknown) => Promise<unknown>;
  orgId: string;
}> {
  const response = await fetch(`${server.url}/api/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ organizationName: 'Report Co', ...owner }),
  });
  if (response.status !== 201) throw new Error(`setup answered ${response.status}: ${await response.text()}`);
  const session = (await response.json()) as { csrfToken: string; currentOrganizationId: string };
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const call = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${server.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': session.csrfToken },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${path} answered ${r.status}: ${text}`);
    return text ? (JSON.parse(text) as unknown) : undefined;
  };
  return { call, orgId: session.currentOrganizationId };
}

/** Mark an invitation graded with `score`; with `result`, also seed its attempt and grading run. */
function seedGraded(
  invitation: { id: string; testVersionId: string },
  score: number,
  result?: unknown,
): void {
  const db = new Database(server.databasePath, { fileMustExist: true });
  try {
    const started = '2026-11-20T09:00:00.000Z';
    const submitted = '2026-11-20T09:47:00.000Z';
    const graded = '2026-11-20T09:49:00.000Z';
    db.prepare(
      `UPDATE invitations SET status = 'graded', score = ?, started_at = ?, submitted_at = ?, graded_at = ?
       WHERE id = ?`,
    ).run(score, started, submitted, graded, invitation.id);
    if (result === undefined) return;
    const attemptId = randomUUID();
    const commit = 'a'.repeat(40);
    db.prepare(
      `INSERT INTO attempts (id, organization_id, invitation_id, test_version_id, status, started_at,
         initial_commit, head_commit, head_committed_at, last_draft_commit_at, git_password_hash,
         git_password_sealed, language, submitted_at, submitted_commit, submit_reason, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'submitted', ?, ?, ?, ?, NULL, 'x', 'x', 'javascript', ?, ?, 'candidate', ?, ?)`,
    ).run(
      attemptId,
      orgId,
      invitation.id,
      invitation.testVersionId,
      started,
      'b'.repeat(40),
      commit,
      submitted,
      submitted,
      commit,
      started,
      submitted,
    );
    db.prepare(
      `INSERT INTO gradings (id, organization_id, attempt_id, invitation_id, test_version_id, number, status,
         "commit", score, result, log, error, requested_by_user_id, created_at, finished_at)
       VALUES (?, ?, ?, ?, ?, 1, 'graded', ?, ?, ?, 'npm test: 3 passed, 1 failed', NULL, NULL, ?, ?)`,
    ).run(
      randomUUID(),
      orgId,
      attemptId,
      invitation.id,
      invitation.testVersionId,
      commit,
      score,
      JSON.stringify(result),
      submitted,
      graded,
    );
  } finally {
    db.close();
  }
}

/** A second organization the owner belongs to (no API creates one): reports must switch to theirs. */
function seedOtherOrganization(): void {
  const db = new Database(server.databasePath, { fileMustExist: true });
  try {
    const now = new Date().toISOString();
    const id = randomUUID();
    db.prepare(
      `INSERT INTO organizations (id, name, slug, logo_url, accent_color, created_at, updated_at)
       VALUES (?, 'Other Co', 'other-co', NULL, NULL, ?, ?)`,
    ).run(id, now, now);
    const user = db.prepare('SELECT id FROM users WHERE email = ?').get(owner.email) as { id: string };
    db.prepare(
      `INSERT INTO memberships (id, organization_id, user_id, role, created_at) VALUES (?, ?, ?, 'reviewer', ?)`,
    ).run(randomUUID(), id, user.id, now);
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  server = await startServer();
  const api = await apiSession();
  orgId = api.orgId;
  const challenges = (await api.call('GET', `/api/orgs/${orgId}/challenges`)) as {
    items: { id: string; title: string }[];
  };
  const challenge = challenges.items.find((c) => c.title === challengeTitle);
  if (!challenge) throw new Error(`the built-in library has no “${challengeTitle}”`);
  const test = (await api.call('POST', `/api/orgs/${orgId}/tests`, {
    name: 'Kanban take-home',
    kind: 'project',
    challenges: [{ challengeId: challenge.id }],
    timeLimitMinutes: 90,
  })) as { id: string };
  await api.call('POST', `/api/orgs/${orgId}/tests/${test.id}/publish`, {});
  const invite = async (name: string, email: string) =>
    (await api.call('POST', `/api/orgs/${orgId}/invitations`, { testId: test.id, name, email })) as {
      id: string;
      testVersionId?: string;
    };
  const main = await invite(candidate.name, candidate.email);
  const olga = await invite('Olga Other', 'olga@candidate.test');
  const otto = await invite('Otto Other', 'otto@candidate.test');
  invitationId = main.id;
  const versionOf = (id: string) => {
    const db = new Database(server.databasePath, { readonly: true, fileMustExist: true });
    try {
      const row = db.prepare('SELECT test_version_id FROM invitations WHERE id = ?').get(id) as {
        test_version_id: string;
      };
      return row.test_version_id;
    } finally {
      db.close();
    }
  };
  // Weights 3 and 1: 2/3 and 1/1 points → 50 + 25 = 75 of 100.
  seedGraded({ id: main.id, testVersionId: versionOf(main.id) }, 75, {
    kind: 'project',
    language: 'javascript',
    buildPassed: true,
    criteria: [
      {
        id: 'core',
        name: 'Core actions',
        description: 'Adding, moving and removing cards.',
        weight: 3,
        points: 2,
        passed: ['adds cards', 'moves cards'],
        failed: [{ test: 'removes cards', message: 'expected 2 cards, got 3' }],
      },
      {
        id: 'undo',
        name: 'Undo and redo',
        description: null,
        weight: 1,
        points: 1,
        passed: ['undoes the last action'],
        failed: [],
      },
    ],
  });
  seedOtherOrganization();
  seedGraded({ id: olga.id, testVersionId: versionOf(olga.id) }, 42);
  seedGraded({ id: otto.id, testVersionId: versionOf(otto.id) }, 91);
});

afterAll(async () => {
  for (const b of browsers) await b.close();
  await server?.stop();
});

describe('report page', () => {
  it('opens the permanent URL through sign-in; criteria, histogram, override, note, PDF, share link, Activities link, organization switch', async () => {
    onTestFailed(() => saveFailureArtifacts('report', browsers, server));
    const browser = await openBrowser();
    browsers.push(browser);
    const page = browser.page;

    // Signed out: the permanent URL survives the sign-in redirect.
    await page.goto(`${server.url}/reports/${invitationId}`);
    await waitForHeading(page, 'Sign in to Assay');
    expect(new URL(page.url()).searchParams.get('next')).toBe(`/reports/${invitationId}`);
    await signIn(page, owner.email, owner.password);
    await waitForHeading(page, `Report: ${candidate.name}`);
    expect(new URL(page.url()).pathname).toBe(`/reports/${invitationId}`);

    await expect.poll(() => page.getByTestId('total-score').textContent()).toContain('75');
    const criteria = page.getByTestId('criterion');
    expect(await criteria.count()).toBe(2);
    const core = page.getByRole('region', { name: 'Criterion Core actions' });
    expect(await core.getByTestId('criterion-points').textContent()).toBe('50 / 75');
    expect(await core.getByText('expected 2 cards, got 3').count()).toBe(1);

    // The histogram: 3 graded attempts (42, 75, 91), this candidate's bucket highlighted.
    const histogram = page.getByRole('img', { name: /Scores of 3 graded attempts/ });
    await histogram.waitFor();
    const label = await histogram.getAttribute('aria-label');
    expect(label).toContain('70–79: 1');
    expect(label).toContain('This candidate scored 75');
    expect(await page.locator('[data-testid="score-histogram"] title').count()).toBe(1);
    expect(await page.locator('[data-testid="score-histogram"] rect').count()).toBe(10);
    expect(
      await page
        .locator('[data-testid="score-histogram"] [data-highlighted="true"]')
        .getAttribute('data-bucket'),
    ).toBe('7');

    // Override "Core actions" with a reason: the reviewed score shows next to the automatic one.
    await core.getByRole('button', { name: 'Override score' }).click();
    const dialog = page.getByRole('dialog', { name: 'Override “Core actions”' });
    await dialog.getByLabel('Points').fill('70');
    await dialog.getByLabel('Reason').fill('The failing removal test relies on an unstated order.');
    await dialog.getByRole('button', { name: 'Save override' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('total-score').textContent()).toContain('95');
    expect(await page.getByTestId('total-automatic').textContent()).toBe('automatic 75');
    expect(await core.getByTestId('criterion-points').textContent()).toBe('70 / 75');
    expect(await core.getByTestId('criterion-automatic').textContent()).toBe('automatic 50');
    await core.getByText('The failing removal test relies on an unstated order.', { exact: false }).waitFor();

    // A reviewer note joins the list.
    const notes = page.getByRole('region', { name: 'Reviewer notes' });
    await notes.getByLabel('Add a note').fill('Clean reducer; ask about the removal bug.');
    await notes.getByRole('button', { name: 'Add note' }).click();
    await notes
      .getByRole('list', { name: 'Notes' })
      .getByText('Clean reducer; ask about the removal bug.')
      .waitFor();

    // The PDF link answers a PDF with the signed-in session.
    const href = await page.getByRole('link', { name: 'Download PDF' }).getAttribute('href');
    expect(href).toBe(`/api/orgs/${orgId}/reports/${invitationId}/report.pdf`);
    const pdf = await browser.context.request.get(`${server.url}${href}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    // A share link, shown once, opens a read-only report for someone signed out; the token
    // leaves the address bar at once.
    const share = page.getByRole('region', { name: 'Share' });
    await share.getByRole('button', { name: 'Create share link' }).click();
    const shareUrl = await share.getByTestId('shown-once-secret').textContent();
    expect(shareUrl).toMatch(new RegExp(`^${server.url}/shared-report#token=.+`));
    await share.getByRole('table', { name: 'Share links' }).getByText('active').waitFor();
    const outsider = await openBrowser();
    browsers.push(outsider);
    await outsider.page.goto(shareUrl ?? '');
    await waitForHeading(outsider.page, `Report: ${candidate.name}`);
    expect(outsider.page.url()).toBe(`${server.url}/shared-report`);
    await outsider.page.getByRole('img', { name: /Scores of 3 graded attempts/ }).waitFor();
    expect(await outsider.page.getByTestId('criterion').count()).toBe(2);
    expect(await outsider.page.getByRole('region', { name: 'Reviewer notes' }).count()).toBe(0);
    expect(await outsider.page.getByRole('button', { name: /Override score|Change override/ }).count()).toBe(
      0,
    );
    expect(await outsider.page.getByText('Clean reducer').count()).toBe(0);

    // Activities link to the report.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Activities' }).click();
    await waitForHeading(page, 'Activities');
    await page.getByRole('link', { name: `Report of ${candidate.name} on Kanban take-home` }).click();
    await waitForHeading(page, `Report: ${candidate.name}`);

    // Working in another organization, the permanent URL switches to the report's organization.
    await page.getByRole('button', { name: /^Organization: Report Co/ }).click();
    await page.getByRole('menuitem', { name: /Other Co/ }).click();
    await page.getByRole('button', { name: /^Organization: Other Co/ }).waitFor();
    await page.goto(`${server.url}/reports/${invitationId}`);
    await waitForHeading(page, `Report: ${candidate.name}`);
    await page.getByRole('button', { name: /^Organization: Report Co/ }).waitFor();
    expect(await page.getByRole('button', { name: 'Override score' }).count()).toBeGreaterThan(0);
  });
});
