import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import {
  findInvitation,
  integrationCard,
  invitationLink,
  issueKeyInBrowser,
  openIntegrationsAsOwner,
  publishQuickTest,
  setupOrganization,
  startAtsStack,
  takeQuickTestInBrowser,
  completeAttemptByApi,
  waitForGraded,
  type AtsStack,
  type StaffApi,
} from './support/ats.js';
import { openBrowser, type BrowserSession } from './support/browser.js';
import { saveFailureArtifacts, signIn, waitForHeading } from './support/pages.js';

// Issue 6 "Done when", end to end with real parts: the built server, chromium driving BOTH UIs
// (Assay's Settings → Integrations and the ats-sandbox playing SmartRecruiters), a real SMTP sink.
//   Assay admin: ⋮ → Integrate → password → Yes → copy the key.
//   SR admin: Apps & Integrations → Assay → Connect → Allow and Continue → the consent popup
//   (Assay's page): a wrong key is refused, the right one connects; both sides show Connected.
//   Recruiter in SR: orders by hand (Ada), and configures the "Coding test" step to auto-trigger,
//   then moves Grace there: a second order arrives without requester.
//   Candidates complete (Ada through the mail and the browser IDE); SR shows Completed with the
//   score, the report link (Assay's permanent report URL) and the Notes in order.

const owner = { name: 'Sam Recruit', email: 'sam@sr-e2e.test', password: 'a smartrecruiters passphrase' };
const organizationName = 'SR Assay Co';
const testName = 'Even pairs screen';
/** Seeded in the sandbox (apps/ats-sandbox/src/smartrecruiters/state.ts). */
const ada = { id: '0ada0000-0000-4000-8000-000000000001', name: 'Ada Lovelace', email: 'ada@example.com' };
const grace = {
  id: '06ace000-0000-4000-8000-000000000002',
  name: 'Grace Hopper',
  email: 'grace@example.com',
};
const jobId = '7a1c3e00-0000-4000-8000-00000000b0b1';

interface SrOrderState {
  id: string;
  candidateId: string;
  packageId: string;
  resultCallbackURL: string;
  requester: { userId: string; email: string } | null;
  assayStatus: number | null;
  result: Record<string, unknown>;
  history: { at: string; contentType: string; body: Record<string, unknown> }[];
}
interface SrState {
  companies: { id: string; consented: boolean; swapped: boolean }[];
  orders: SrOrderState[];
  notes: { candidateId: string; content: string; correlationId: string | null; createdAt: string }[];
}

let stack: AtsStack;
let api: StaffApi;
let test: { id: string; name: string };
const browsers: BrowserSession[] = [];

const srState = () => stack.sandbox.control<SrState>('GET', '/__sandbox/smartrecruiters/state');
const ordersOf = async (candidateId: string) =>
  (await srState()).orders.filter((o) => o.candidateId === candidateId && o.assayStatus !== null);

beforeAll(async () => {
  stack = await startAtsStack();
  api = await setupOrganization(stack.server.url, { organizationName, ...owner });
  test = await publishQuickTest(api, testName);
});

afterAll(async () => {
  for (const b of browsers) await b.close();
  await stack?.stop();
});

describe('SmartRecruiters (issue 6)', () => {
  it('connects from both UIs, orders by hand and by auto-trigger, and shows the completed result, report link and Notes', async () => {
    onTestFailed(() => saveFailureArtifacts('smartrecruiters', browsers, stack?.server));
    const { server, sandbox, smtp } = stack;

    // ---- Assay admin: Settings → Integrations → SmartRecruiters ⋮ → Integrate ----------------
    const assay = await openBrowser();
    browsers.push(assay);
    const page = assay.page;
    await openIntegrationsAsOwner(page, server.url, owner);
    const card = integrationCard(page, 'SmartRecruiters');
    await expect.poll(() => card.getByTestId('smartrecruiters-state').textContent()).toBe('Not connected');
    const key = await issueKeyInBrowser(page, {
      label: 'SmartRecruiters',
      action: 'Integrate',
      password: owner.password,
      confirmText: `You are integrating ${organizationName} with SmartRecruiters`,
    });
    expect(key).toMatch(/^assay_sr_/);
    await expect
      .poll(() => card.getByTestId('smartrecruiters-state').textContent())
      .toBe('Waiting for SmartRecruiters');

    // ---- SR admin: Apps & Integrations → Assay → Connect → Allow and Continue -----------------
    const sr = await openBrowser();
    browsers.push(sr);
    const srPage = sr.page;
    await srPage.goto(`${sandbox.url}/sr/apps`);
    await srPage.getByLabel('Search apps').fill('Assay');
    await srPage.getByRole('button', { name: 'Search' }).click();
    await srPage.getByRole('button', { name: 'Connect' }).click();
    await srPage.getByText('Assay wants access to your SmartRecruiters data').waitFor();
    await srPage.getByText('Not connected', { exact: true }).waitFor();
    const popupOpened = srPage.waitForEvent('popup');
    await srPage.getByRole('button', { name: 'Allow and Continue' }).click();
    const popup = await popupOpened;
    await popup.waitForLoadState();
    expect(popup.url()).toContain(`${server.url}/partner/smartrecruiters/consent?companyId=`);

    // Our consent page: a wrong key is refused, revealing nothing; the right key connects.
    const keyField = popup.getByLabel(/API key/i);
    await keyField.fill('assay_sr_not-the-right-key');
    await popup.getByRole('button', { name: /connect/i }).click();
    await popup.getByText('This API key is not valid.').waitFor();
    const closed = popup.waitForEvent('close');
    await popup.getByLabel(/API key/i).fill(key);
    await popup.getByRole('button', { name: /connect/i }).click();
    await closed;

    // Both sides show Connected within seconds (the sandbox page and Assay's card poll).
    await srPage.getByText('Connected', { exact: true }).waitFor();
    await expect.poll(() => card.getByTestId('smartrecruiters-state').textContent()).toBe('Connected');
    const company = (await srState()).companies.find((c) => c.swapped);
    expect(company).toMatchObject({ consented: true, swapped: true });
    await card.getByText(`Company ${company?.id}`).waitFor();

    // ---- Recruiter in SR: order by hand for Ada ---------------------------------------------------
    await srPage.goto(`${sandbox.url}/sr/people`);
    await srPage.getByRole('link', { name: ada.name }).click();
    await srPage.waitForURL(`${sandbox.url}/sr/people/${ada.id}`);
    await srPage.getByRole('button', { name: 'Order Assessments' }).click();
    await srPage.getByRole('radio', { name: testName }).check();
    await srPage.getByRole('button', { name: 'Continue' }).click();
    await srPage.getByRole('button', { name: 'Send' }).click();
    await srPage.getByText('Pending', { exact: true }).waitFor();
    const [adaOrder] = await ordersOf(ada.id);
    expect(adaOrder).toMatchObject({ packageId: test.id, assayStatus: 202 });
    expect(adaOrder?.requester).not.toBeNull();

    // ---- Auto-trigger: the job's "Coding test" step orders the test by itself ------------------
    await srPage.goto(`${sandbox.url}/sr/jobs/${jobId}`);
    await srPage.getByLabel('Assessment').selectOption({ label: testName });
    await srPage.getByLabel('Auto-trigger').check();
    await srPage.getByRole('button', { name: 'Save' }).click();
    await srPage.goto(`${sandbox.url}/sr/people/${grace.id}`);
    await srPage.getByLabel('Hiring step').selectOption('Coding test');
    await srPage.getByRole('button', { name: 'Move' }).click();
    await expect.poll(async () => (await ordersOf(grace.id)).length).toBe(1);
    const [graceOrder] = await ordersOf(grace.id);
    expect(graceOrder).toMatchObject({ packageId: test.id, assayStatus: 202, requester: null });
    const orderRequests = (
      await sandbox.control<{ direction: string; method: string; path: string; body: unknown }[]>(
        'GET',
        '/__sandbox/smartrecruiters/requests',
      )
    ).filter((r) => r.direction === 'to-assay' && r.method === 'POST' && r.path.endsWith('/packages/orders'));
    expect(orderRequests).toHaveLength(2);
    expect(orderRequests[0]?.body).toHaveProperty('requester');
    expect(orderRequests[1]?.body).not.toHaveProperty('requester');
    await srPage.getByText('Pending', { exact: true }).waitFor();

    // ---- Candidates: Ada through the mail and the browser; Grace through the API ---------------
    const adaLink = await invitationLink(smtp, server.url, ada.email);
    const candidate = await openBrowser();
    browsers.push(candidate);
    await takeQuickTestInBrowser(candidate.page, adaLink, testName);
    await completeAttemptByApi(server.url, await invitationLink(smtp, server.url, grace.email));
    const adaInvitation = await waitForGraded(api, ada.email);
    expect(adaInvitation.score).toBe(100);
    await waitForGraded(api, grace.email);

    // ---- SR shows Completed with the score, the report link and the Notes in order -------------
    const reportUrl = `${server.url}/reports/${adaInvitation.id}`;
    await srPage.goto(`${sandbox.url}/sr/people/${ada.id}`);
    await srPage.getByText('Completed', { exact: true }).waitFor({ timeout: 60_000 });
    await srPage.getByText('100%').first().waitFor();
    const reportLink = srPage.getByRole('link', { name: 'Assay report', exact: true });
    await reportLink.waitFor();
    expect(await reportLink.getAttribute('href')).toBe(reportUrl);
    const notes = srPage.getByRole('region', { name: 'Notes' });
    await expect.poll(async () => (await notes.textContent()) ?? '').toContain('completed 100/100');
    const notesText = (await notes.textContent()) ?? '';
    expect(notesText.indexOf(`"${testName}" sent`)).toBeGreaterThan(-1);
    expect(notesText.indexOf(`"${testName}" sent`)).toBeLessThan(notesText.indexOf('completed 100/100'));

    const adaNotes = (await srState()).notes.filter((n) => n.candidateId === ada.id).map((n) => n.content);
    expect(adaNotes).toEqual([
      expect.stringMatching(new RegExp(`^#\\[CANDIDATE:${ada.id}\\] Assay: "${testName}" sent`)),
      `#[CANDIDATE:${ada.id}] Assay: "${testName}" completed 100/100, report ${reportUrl}`,
    ]);

    // The patch history: PENDING → IN_PROGRESS → COMPLETED, full state each time, integer score.
    const [finalOrder] = await ordersOf(ada.id);
    const history = finalOrder?.history ?? [];
    const statuses = history.map((h) => h.body.status);
    expect(statuses.filter((s, i) => s !== statuses[i - 1])).toEqual(['PENDING', 'IN_PROGRESS', 'COMPLETED']);
    for (const patch of history) {
      expect(typeof patch.body.status).toBe('string');
      expect(patch.body.name).toBe(testName);
      expect(patch.body).toHaveProperty('assessmentPackageDate');
      if (patch.body.status !== 'IN_PROGRESS') expect(typeof patch.body.summary).toBe('string');
    }
    const completed = history.filter((h) => h.body.status === 'COMPLETED');
    for (const patch of completed) {
      expect(patch.body.score).toEqual({ raw: 100, min: 0, max: 100 });
      expect(patch.body.scoreLabel).toBe('100/100');
      expect(patch.body.attachments).toContainEqual({
        type: 'OTHER_URL',
        url: reportUrl,
        name: 'Assay report',
      });
    }
    expect(finalOrder?.result).toMatchObject({ status: 'COMPLETED', score: { raw: 100, min: 0, max: 100 } });

    // ---- The report link opens Assay's report after login -----------------------------------------
    const reviewer = await openBrowser();
    browsers.push(reviewer);
    await reviewer.page.goto(reportUrl);
    await waitForHeading(reviewer.page, 'Sign in to Assay');
    await signIn(reviewer.page, owner.email, owner.password);
    await waitForHeading(reviewer.page, `Report: ${ada.name}`);
    expect(new URL(reviewer.page.url()).pathname).toBe(`/reports/${adaInvitation.id}`);

    // Assay knows both invitations came from SmartRecruiters orders.
    expect(await findInvitation(api, grace.email)).toMatchObject({ status: 'graded', score: 100 });
  });
});
