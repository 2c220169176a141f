import { execFile } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { openBrowser, type BrowserSession } from './support/browser.js';
import { saveFailureArtifacts, signIn, waitForHeading } from './support/pages.js';
import { repoRoot, startServer, type RunningServer } from './support/server.js';
import { linkIn, startSmtpSink, type SmtpSink } from './support/smtp.js';

// Issues 4 and 5 "Done when", end to end with real parts: the built server, chromium, a real
// SMTP server, the real `git` client and the real sandbox.
//   Recruiter: import a challenge zip → build a test → publish → invite (Greenhouse ATS link) → the mail
//   arrives over SMTP.
//   Candidate: the mail link → Start → edit in CodeMirror → Run the visible tests → clone, commit
//   and push with git → the IDE shows the pushed change → Submit → the receipt.
//   Recruiter: the report (graded on the sandbox) → criteria, percentile, an override, the PDF.

const execFileAsync = promisify(execFile);

const owner = { name: 'Ines Invite', email: 'ines@invite.test', password: 'an invite-and-take passphrase' };
const organizationName = 'Invite Co';
const candidate = { name: 'Tomas Take', email: 'tomas@candidate.test' };
const quickCandidate = { name: 'Quinn Quick', email: 'quinn@candidate.test' };
const challengeTitle = 'Tiny calculator (e2e)';
const testName = 'Calculator take-home';

let server: RunningServer;
let smtp: SmtpSink;
const browsers: BrowserSession[] = [];
const cleanup: string[] = [];

// ---- The challenge package (a tiny Python project) -------------------------------------------

const manifest = {
  format: 1,
  kind: 'project',
  slug: 'e2e-tiny-calculator',
  title: challengeTitle,
  summary: 'Finish add() and multiply() in a two-file Python module.',
  difficulty: 'easy',
  suggestedMinutes: 30,
  language: { id: 'python3', runtime: 'Python 3.11 (standard library, unittest)' },
  tags: ['e2e'],
  readOnly: ['run_tests.py'],
  test: ['/usr/bin/python3', '-B', 'run_tests.py'],
  results: 'junit',
  limits: { test: { cpuMs: 10_000, wallMs: 30_000 } },
  criteria: [
    {
      id: 'addition',
      name: 'Addition',
      weight: 1,
      tests: [
        'tests.hidden.test_calc_hidden.AddTest.test_adds_integers',
        'tests.hidden.test_calc_hidden.AddTest.test_adds_negatives',
      ],
    },
    {
      id: 'multiplication',
      name: 'Multiplication',
      weight: 1,
      tests: [
        'tests.hidden.test_calc_hidden.MultiplyTest.test_multiplies_integers',
        'tests.hidden.test_calc_hidden.MultiplyTest.test_multiplies_by_zero',
      ],
    },
  ],
};

const starterAdd = 'def add(a, b):\n    """Return a + b."""\n    return 0\n';
const fixedAdd = 'def add(a, b):\n    """Return a + b."""\n    return a + b\n';
const starterMultiply = 'def multiply(a, b):\n    """Return a * b."""\n    return 0\n';
const fixedMultiply = 'def multiply(a, b):\n    """Return a * b."""\n    return a * b  # pushed with git\n';

/** The package folder, zipped with the system `zip` (one top-level folder, as people zip it). */
async function buildChallengeZip(): Promise<string> {
  const work = mkdtempSync(join(tmpdir(), 'assay-e2e-challenge-'));
  cleanup.push(work);
  const root = join(work, 'tiny-calculator');
  const files: Record<string, string> = {
    'challenge.json': JSON.stringify(manifest, null, 2),
    'README.md':
      '# Tiny calculator\n\nMake `add(a, b)` in `calc.py` and `multiply(a, b)` in `multiply.py` work.\n',
    'starter/calc.py': starterAdd,
    'starter/multiply.py': starterMultiply,
    'starter/tests/__init__.py': '',
    'tests/sample/tests/test_calc.py':
      'import unittest\n\nfrom calc import add\n\n\nclass SampleTest(unittest.TestCase):\n' +
      '    def test_adds_two_numbers(self):\n        self.assertEqual(add(2, 3), 5)\n',
    'tests/hidden/tests/hidden/__init__.py': '',
    'tests/hidden/tests/hidden/test_calc_hidden.py':
      'import unittest\n\nfrom calc import add\nfrom multiply import multiply\n\n\n' +
      'class AddTest(unittest.TestCase):\n' +
      '    def test_adds_integers(self):\n        self.assertEqual(add(40, 2), 42)\n\n' +
      '    def test_adds_negatives(self):\n        self.assertEqual(add(-4, 1), -3)\n\n\n' +
      'class MultiplyTest(unittest.TestCase):\n' +
      '    def test_multiplies_integers(self):\n        self.assertEqual(multiply(6, 7), 42)\n\n' +
      '    def test_multiplies_by_zero(self):\n        self.assertEqual(multiply(0, 9), 0)\n' +
      '        self.assertEqual(multiply(3, 1), 3)\n',
    'solution/calc.py': fixedAdd,
    'solution/multiply.py': fixedMultiply,
  };
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  // The JUnit reporter of the built-in Python challenge.
  copyFileSync(
    join(repoRoot, 'challenges/python-signup-cleaning/starter/run_tests.py'),
    join(root, 'starter/run_tests.py'),
  );
  const zipPath = join(work, 'tiny-calculator.zip');
  try {
    await execFileAsync('zip', ['-qr', zipPath, 'tiny-calculator'], { cwd: work });
  } catch (err) {
    throw new Error(`could not zip the challenge (apt-get install -y zip): ${String(err)}`);
  }
  return zipPath;
}

// ---- The candidate's own git client ------------------------------------------------------------

/** Real `git` with a temporary HOME, no prompts, and the credentials from an askpass script (never the URL). */
function gitClient(credentials: { username: string; password: string }) {
  const home = mkdtempSync(join(tmpdir(), 'assay-e2e-git-'));
  cleanup.push(home);
  const askpass = join(home, 'askpass.sh');
  writeFileSync(
    askpass,
    '#!/bin/sh\ncase "$1" in\n  Username*) printf "%s\\n" "$E2E_GIT_USERNAME" ;;\n' +
      '  *) printf "%s\\n" "$E2E_GIT_PASSWORD" ;;\nesac\n',
  );
  chmodSync(askpass, 0o700);
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_ASKPASS: askpass,
    E2E_GIT_USERNAME: credentials.username,
    E2E_GIT_PASSWORD: credentials.password,
  };
  const run = async (cwd: string, args: string[]) => {
    try {
      return await execFileAsync(
        'git',
        [
          '-c',
          'credential.helper=',
          '-c',
          'user.name=Tomas Take',
          '-c',
          `user.email=${candidate.email}`,
          ...args,
        ],
        { cwd, env, timeout: 60_000 },
      );
    } catch (err) {
      const e = err as { stderr?: string; message?: string };
      throw new Error(`git ${args.join(' ')} failed: ${e.stderr ?? e.message ?? String(err)}`);
    }
  };
  return { home, run };
}

// ---- Arranging through the API (the second candidate, waiting for grading) --------------------

interface StaffSession {
  cookie: string;
  csrfToken: string;
  orgId: string;
}
let staff: StaffSession;

async function call<T>(method: string, path: string, body?: unknown, cookie = staff.cookie): Promise<T> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      accept: 'application/json',
      ...(cookie ? { cookie } : {}),
      ...(method === 'GET'
        ? {}
        : { 'content-type': 'application/json', ...(staff ? { 'x-csrf-token': staff.csrfToken } : {}) }),
    },
    ...(method === 'GET' ? {} : { body: JSON.stringify(body ?? {}) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

interface InvitationRow {
  id: string;
  status: string;
  score: number | null;
  candidate: { email: string };
}

/** Both invitations graded by the real sandbox (bounded: a stuck grading fails with the statuses). */
async function waitForGraded(emails: string[]): Promise<InvitationRow[]> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const list = await call<{ items: InvitationRow[] }>('GET', `/api/orgs/${staff.orgId}/activities`);
    const rows = emails.map((e) => list.items.find((i) => i.candidate.email === e));
    if (rows.every((r) => r?.status === 'graded')) return rows as InvitationRow[];
    if (rows.some((r) => r?.status === 'grading_failed') || Date.now() > deadline) {
      throw new Error(`grading did not finish: ${JSON.stringify(rows.map((r) => r?.status))}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

beforeAll(async () => {
  smtp = await startSmtpSink();
  server = await startServer({ env: { SMTP_URL: smtp.url, MAIL_FROM: 'Assay <assay@invite.test>' } });
  const setup = await fetch(`${server.url}/api/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ organizationName, ...owner }),
  });
  if (setup.status !== 201) throw new Error(`setup answered ${setup.status}: ${await setup.text()}`);
  const session = (await setup.json()) as { csrfToken: string; currentOrganizationId: string };
  staff = {
    cookie: setup.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; '),
    csrfToken: session.csrfToken,
    orgId: session.currentOrganizationId,
  };
});

afterAll(async () => {
  for (const b of browsers) await b.close();
  await server?.stop();
  await smtp?.close();
  for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
});

describe('invite and take (issues 4 and 5)', () => {
  it('import → test → invite → SMTP mail → IDE edit, Run, git push → submit → graded report with percentile, override and PDF', async () => {
    onTestFailed(() => saveFailureArtifacts('invite-and-take', browsers, server));
    const zipPath = await buildChallengeZip();

    // ---- Recruiter: import the challenge through the UI --------------------------------------
    const recruiter = await openBrowser();
    browsers.push(recruiter);
    const page = recruiter.page;
    const nav = page.getByRole('navigation', { name: 'Main' });
    await page.goto(`${server.url}/login`);
    await signIn(page, owner.email, owner.password);
    await waitForHeading(page, 'Activities');

    await nav.getByRole('link', { name: 'Challenges' }).click();
    await waitForHeading(page, 'Challenges');
    await page.getByRole('button', { name: 'Import challenge' }).first().click();
    const importDialog = page.getByRole('dialog', { name: 'Import a challenge' });
    await importDialog.locator('input[type="file"]').setInputFiles(zipPath);
    await importDialog.getByText('tiny-calculator.zip').waitFor();
    await importDialog.getByRole('button', { name: 'Import', exact: true }).click();
    await waitForHeading(page, challengeTitle);
    await page.getByText(`“${challengeTitle}” was imported (version 1).`).waitFor();

    // ---- Build a test from it and publish ----------------------------------------------------
    await nav.getByRole('link', { name: 'Tests' }).click();
    await waitForHeading(page, 'Tests');
    await page.getByRole('link', { name: 'New test' }).click();
    await waitForHeading(page, 'New test');
    await page.getByRole('textbox', { name: 'Challenge', exact: true }).click();
    await page.getByRole('option', { name: challengeTitle }).click();
    await page.getByLabel('Test name').fill(testName);
    await page.getByRole('button', { name: 'Create test' }).click();
    await waitForHeading(page, testName);
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    const publish = page.getByRole('dialog', { name: `Publish “${testName}”?` });
    await publish.getByRole('button', { name: 'Publish' }).click();
    await publish.waitFor({ state: 'hidden' });
    await page.getByText('Published v1').waitFor();

    // ---- Invite with an ATS link -------------------------------------------------------------
    // An unrecognized URL is refused next to the field with nothing invited; a Greenhouse profile
    // URL is accepted and links the candidate (the ATS button turns blue).
    await page.getByRole('button', { name: 'Invite candidate' }).click();
    const invite = page.getByRole('dialog', { name: 'Invite candidate' });
    await expect
      .poll(() => invite.getByRole('textbox', { name: 'Test', exact: true }).inputValue())
      .toBe(testName);
    await invite.getByRole('textbox', { name: 'Name', exact: true }).fill(candidate.name);
    await invite.getByRole('textbox', { name: 'Email', exact: true }).fill(candidate.email);
    const atsField = invite.getByLabel('ATS profile URL');
    await atsField.fill('https://ats.example.test/candidates/1');
    await invite.getByRole('button', { name: 'Send invitation' }).click();
    await invite.getByText(/Assay recognizes candidate profile URLs from: Greenhouse/).waitFor();
    expect((await call<{ items: unknown[] }>('GET', `/api/orgs/${staff.orgId}/activities`)).items).toEqual(
      [],
    );
    const atsUrl = 'https://app.greenhouse.io/people/123456789?application_id=42';
    await atsField.fill(atsUrl);
    await invite.getByRole('button', { name: 'Send invitation' }).click();
    await invite.waitFor({ state: 'hidden' });
    await page.getByText(`${candidate.name} was invited to “${testName}”.`).waitFor();
    const [invited] = (
      await call<{ items: { candidate: { id: string } }[] }>('GET', `/api/orgs/${staff.orgId}/activities`)
    ).items;
    if (!invited) throw new Error('the invitation is not on Activities');
    await expect
      .poll(
        async () =>
          (
            await call<{ candidate: { atsLink: { status: string; profileUrl?: string } } }>(
              'GET',
              `/api/orgs/${staff.orgId}/candidates/${invited.candidate.id}`,
            )
          ).candidate.atsLink,
        { timeout: 20_000 },
      )
      .toMatchObject({ status: 'linked', profileUrl: atsUrl });

    // The mail arrives at the SMTP server with the candidate's link.
    const mail = await smtp.waitFor(candidate.email);
    expect(mail.subject).toContain(testName);
    const link = linkIn(mail, server.url, '/take');
    expect(link).toMatch(/\/take#token=.+/);

    // ---- Candidate: a fresh browser, the link, Start -----------------------------------------
    const cand = await openBrowser();
    browsers.push(cand);
    const take = cand.page;
    await take.goto(link);
    await waitForHeading(take, testName);
    expect(take.url()).toBe(`${server.url}/take`);
    await take.getByRole('button', { name: 'Start the test' }).click();
    await take
      .getByRole('dialog', { name: 'Start the test?' })
      .getByRole('button', { name: 'Start now' })
      .click();
    await take.waitForURL(/\/attempt\/[^/#?]+$/);
    await take.getByTestId('countdown').waitFor();

    // Edit calc.py in CodeMirror: autosaved.
    const fileItem = (path: string) => take.locator(`[data-testid="file-item"][data-path="${path}"]`);
    const editorOf = (path: string) =>
      take.locator(`[data-testid="code-editor"][data-path="${path}"] .cm-content`);
    await fileItem('calc.py').click();
    const calcEditor = editorOf('calc.py');
    await expect.poll(async () => (await calcEditor.textContent()) ?? '').toContain('return 0');
    await calcEditor.click();
    await take.keyboard.press('Control+A');
    await take.keyboard.insertText(fixedAdd);
    await expect.poll(async () => (await calcEditor.textContent()) ?? '').toContain('return a + b');
    const calcTab = take.locator('[data-testid="editor-tab"][data-path="calc.py"]');
    await expect.poll(() => calcTab.textContent()).toBe('calc.py');
    await expect.poll(() => take.getByTestId('save-status').textContent()).toBe('Saved');

    // Run the visible tests on the sandbox: the fixed add() passes them.
    await take.getByRole('tab', { name: 'Run' }).click();
    await take.getByTestId('run-button').click();
    const verdict = take.getByTestId('run-verdict');
    await verdict.waitFor({ timeout: 60_000 });
    expect(await verdict.textContent()).toBe('passed');
    const cases = take.getByRole('table', { name: 'Cases' });
    await cases.getByText('test_adds_two_numbers', { exact: false }).waitFor();
    expect(await take.getByTestId('run-output').textContent()).toContain('OK');

    // Open multiply.py: the push below changes it under the open editor.
    await fileItem('multiply.py').click();
    const multiplyEditor = editorOf('multiply.py');
    await expect.poll(async () => (await multiplyEditor.textContent()) ?? '').toContain('return 0');

    // ---- The candidate's own git client: clone, commit, push ---------------------------------
    await take.getByRole('tab', { name: 'Git' }).click();
    const cloneCommand = (await take.getByTestId('git-clone-command').textContent()) ?? '';
    expect(cloneCommand).toMatch(/^git clone http:\/\/127\.0\.0\.1:\d+\/git\/[^/@\s]+\.git$/);
    const cloneUrl = cloneCommand.slice('git clone '.length);
    const git = gitClient({
      username: (await take.getByTestId('git-username').textContent()) ?? '',
      password: (await take.getByTestId('git-password').textContent()) ?? '',
    });
    await git.run(git.home, ['clone', '--quiet', cloneUrl, 'work']);
    const work = join(git.home, 'work');
    // The clone has the IDE's edit (Run committed it).
    expect(readFileSync(join(work, 'calc.py'), 'utf8')).toBe(fixedAdd);
    writeFileSync(join(work, 'multiply.py'), fixedMultiply);
    writeFileSync(join(work, 'NOTES.md'), '# Notes\n\nmultiply() done locally.\n');
    await git.run(work, ['add', '-A']);
    await git.run(work, ['commit', '-qm', 'multiply, from my own editor']);
    await git.run(work, ['push', '--quiet', 'origin', 'HEAD:main']);
    const pushed = (await git.run(work, ['rev-parse', 'HEAD'])).stdout.trim();

    // The IDE's poll sees the new head: the open editor and the file tree follow the push.
    await expect
      .poll(async () => (await multiplyEditor.textContent()) ?? '', { timeout: 20_000 })
      .toContain('return a * b  # pushed with git');
    await fileItem('NOTES.md').waitFor();
    expect(await take.getByTestId('save-status').textContent()).toBe('Saved');

    // ---- Submit → the receipt ----------------------------------------------------------------
    await take.getByRole('button', { name: 'Submit', exact: true }).click();
    const submit = take.getByRole('dialog', { name: 'Submit your work?' });
    await submit.getByText(/Your repository has \d+ files/).waitFor();
    await submit.getByRole('button', { name: 'Submit now' }).click();
    await waitForHeading(take, 'Your work was submitted');
    const receipt = take.getByRole('region', { name: 'Receipt' });
    expect(await receipt.getByTestId('receipt-commit').textContent()).toBe(pushed.slice(0, 12));
    // starter (calc, multiply, run_tests, tests/__init__) + the visible test + NOTES.md
    expect(await receipt.getByTestId('receipt-files').textContent()).toBe('Files: 6');

    // ---- A second candidate submits the untouched starter, so the percentile means something --
    await call('POST', `/api/orgs/${staff.orgId}/invitations`, {
      testId: (
        await call<{ items: { id: string; name: string }[] }>('GET', `/api/orgs/${staff.orgId}/tests`)
      ).items.find((t) => t.name === testName)?.id,
      name: quickCandidate.name,
      email: quickCandidate.email,
    });
    const quickLink = linkIn(await smtp.waitFor(quickCandidate.email), server.url, '/take');
    const token = decodeURIComponent(new URL(quickLink).hash.replace(/^#token=/, ''));
    const started = await fetch(`${server.url}/api/candidate/start`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    });
    expect(started.status).toBe(201);
    const { attemptId } = (await started.json()) as { attemptId: string };
    const attemptCookie = started.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    await call('POST', `/api/candidate/attempts/${attemptId}/submit`, {}, attemptCookie);

    // Both graded on the real sandbox: the fixed add() and the pushed multiply() score 100, the starter 0.
    const [main, quick] = await waitForGraded([candidate.email, quickCandidate.email]);
    expect(main?.score).toBe(100);
    expect(quick?.score).toBe(0);

    // ---- Recruiter: the report from Activities ------------------------------------------------
    await nav.getByRole('link', { name: 'Activities' }).click();
    await waitForHeading(page, 'Activities');
    await page.getByRole('link', { name: `Report of ${candidate.name} on ${testName}` }).click();
    await waitForHeading(page, `Report: ${candidate.name}`);
    expect(new URL(page.url()).pathname).toBe(`/reports/${main?.id}`);
    await expect.poll(() => page.getByTestId('total-score').textContent()).toContain('100');

    // The criteria, with points (weights 1 and 1: 50 each).
    expect(await page.getByTestId('criterion').count()).toBe(2);
    const addition = page.getByRole('region', { name: 'Criterion Addition' });
    const multiplication = page.getByRole('region', { name: 'Criterion Multiplication' });
    expect(await addition.getByTestId('criterion-points').textContent()).toBe('50 / 50');
    expect(await multiplication.getByTestId('criterion-points').textContent()).toBe('50 / 50');

    // The percentile among the two graded attempts of this test version (100 and 0).
    await page.getByText('Percentile 75 among 2 graded attempts.').waitFor();
    await page.getByRole('img', { name: /Scores of 2 graded attempts/ }).waitFor();

    // A reviewer override with a reason: the reviewed score next to the automatic one.
    await multiplication.getByRole('button', { name: 'Override score' }).click();
    const override = page.getByRole('dialog', { name: 'Override “Multiplication”' });
    await override.getByLabel('Points').fill('30');
    await override.getByLabel('Reason').fill('Zero handling is only tested implicitly.');
    await override.getByRole('button', { name: 'Save override' }).click();
    await override.waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('total-score').textContent()).toContain('80');
    expect(await page.getByTestId('total-automatic').textContent()).toBe('automatic 100');
    expect(await multiplication.getByTestId('criterion-points').textContent()).toBe('30 / 50');
    expect(await multiplication.getByTestId('criterion-automatic').textContent()).toBe('automatic 50');
    await multiplication.getByText('Zero handling is only tested implicitly.', { exact: false }).waitFor();

    // The PDF.
    const href = await page.getByRole('link', { name: 'Download PDF' }).getAttribute('href');
    expect(href).toBe(`/api/orgs/${staff.orgId}/reports/${main?.id}/report.pdf`);
    const pdf = await recruiter.context.request.get(`${server.url}${href}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});
