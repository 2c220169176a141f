import { randomBytes } from 'node:crypto';
import type { Candidate, CandidateDetail, Invitation } from '@assay/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atsModuleOf } from '../../src/main/build-app.js';
import type { AtsCore } from '../../src/modules/ats/index.js';
import { makePublishedTest } from '../invitations/invitation-factories.js';
import { buildOrgApp, invitationModules, PUBLIC_URL, type Caller, type OrgApp } from '../support/org-app.js';
import { startSrSandbox, type SrSandbox } from './sr-sandbox.js';

/**
 * The SmartRecruiters ATS link end to end (contract §8 and the §5 Notes), through the real
 * routes of the built app (both dialects) with the ats-sandbox playing SmartRecruiters over
 * real HTTP: a pasted SR candidate URL (Case 1: in the invite form; Case 2: "Link with ATS" on
 * an existing candidate) is resolved with the organization's C credential and the candidate
 * turns `linked` (the ATS button goes from grey to blue); a candidate linked by URL only (no
 * order) gets its results as a Note on the SR profile, never a results PATCH.
 *
 * `stages` is a second invitations service on the same database and queue with the ATS
 * listener `buildApp` subscribes, standing in for the attempt and grading stages that report
 * started / submitted / graded (as in the public API harness).
 */

const CONNECT_FIRST = 'Connect SmartRecruiters first';
const NOT_FOUND = 'Candidate not found in the connected SmartRecruiters company';
const P = '/partner/smartrecruiters';

let sandbox: SrSandbox;
let t: OrgApp;
let core: AtsCore;
let stages: ReturnType<typeof invitationModules>['invitations']['service'];

beforeAll(async () => {
  sandbox = await startSrSandbox();
  t = await buildOrgApp({ name: 'sr-ats-link', env: sandbox.env, captureLogs: false });
  const ats = atsModuleOf(t.app);
  core = ats.core;
  stages = invitationModules({
    db: t.db,
    dialect: t.dialect,
    clock: t.clock,
    config: t.config,
    queue: t.jobs.queue,
  }).invitations.service;
  stages.subscribe(ats.onInvitationEvent);
}, 60_000);
afterAll(async () => {
  await t?.close();
  await sandbox?.close();
});

const hex = (n = 4) => randomBytes(n).toString('hex');

interface SeededSrCandidate {
  id: string;
  email: string;
  jobIds: string[];
  applications: Record<string, string>;
}

/** A fresh SR company in the sandbox with one job and `count` candidates applied to it. */
async function seedCompany(count: number) {
  const companyId = `co-${hex(5)}`;
  const seeded = await sandbox.control<{ jobs: { id: string }[]; candidates: SeededSrCandidate[] }>(
    'POST',
    '/seed',
    {
      companyId,
      jobs: [{ title: 'Backend engineer' }],
      candidates: Array.from({ length: count }, (_, i) => ({
        firstName: `Cand${String(i)}`,
        lastName: 'Sr',
        email: `sr-${hex()}@example.com`,
      })),
    },
  );
  return { companyId, jobId: seeded.jobs[0]?.id ?? '', candidates: seeded.candidates };
}

function hidden(html: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!match) throw new Error(`no hidden field ${name}`);
  return (match[1] ?? '').replaceAll('&amp;', '&').replaceAll('&quot;', '"').replaceAll('&#39;', "'");
}

/** Connect `orgId` to SR company `companyId` through the real consent flow (key → consent → swap). */
async function connectThroughConsent(orgId: string, companyId: string): Promise<void> {
  const key = await core.keys.issue('smartrecruiters', orgId, null);
  await sandbox.control('POST', '/connect', { companyId });
  const page = await t.app.inject({
    method: 'GET',
    url: `${P}/consent?companyId=${encodeURIComponent(companyId)}`,
  });
  expect(page.statusCode).toBe(200);
  const fields: Record<string, string> = {};
  for (const name of ['companyId', 'redirect', 'expires', 'state']) fields[name] = hidden(page.body, name);
  const res = await t.app.inject({
    method: 'POST',
    remoteAddress: `10.9.${String(randomBytes(1)[0])}.${String(randomBytes(1)[0])}`,
    url: `${P}/consent`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ ...fields, apiKey: key }).toString(),
  });
  expect(res.statusCode).toBe(200);
  expect(res.body).toContain('Connected');
  expect(await core.connections.get('smartrecruiters', orgId)).toMatchObject({
    status: 'connected',
    externalAccountId: companyId,
  });
}

/** An organization with a published test, connected (or not) to a fresh SR company. */
async function setup(options: { connect: boolean; candidates?: number }) {
  const org = await t.organization();
  const test = await makePublishedTest(t.db, org.id, { name: `Backend take-home ${hex(2)}` });
  const company = await seedCompany(options.candidates ?? 1);
  if (options.connect) await connectThroughConsent(org.id, company.companyId);
  return { org, test, ...company };
}

async function invite(caller: Caller, orgId: string, testId: string, atsUrl?: string): Promise<Invitation> {
  const res = await t.send(caller, 'POST', `/api/orgs/${orgId}/invitations`, {
    testId,
    name: 'Ada Lovelace',
    email: `ada-${hex()}@example.test`,
    ...(atsUrl ? { atsUrl } : {}),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Invitation>();
}

async function candidateOf(caller: Caller, orgId: string, candidateId: string): Promise<Candidate> {
  const res = await t.send(caller, 'GET', `/api/orgs/${orgId}/candidates/${candidateId}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<CandidateDetail>().candidate;
}

async function linkWithAts(caller: Caller, orgId: string, candidateId: string, url: string) {
  const res = await t.send(caller, 'POST', `/api/orgs/${orgId}/candidates/${candidateId}/ats-link`, { url });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Candidate>();
}

/** Run every due job (link resolution, ATS deliveries) until none is left. */
async function drainAll(): Promise<void> {
  for (let i = 0; i < 10 && (await t.drain()) > 0; i++);
}

/** The Notes the sandbox holds on SR candidate `id`. */
async function notesAbout(id: string) {
  return (await sandbox.state()).notes
    .filter((n) => n.candidateId === id)
    .map(({ candidateId, content, correlationId }) => ({ candidateId, content, correlationId }));
}

const profileUrl = (srCandidateId: string) => `${sandbox.url}/app/people/candidates/${srCandidateId}`;

describe('SmartRecruiters ATS link (contract §8)', () => {
  it('an organization that has not connected SmartRecruiters: the link fails with "Connect SmartRecruiters first"', async () => {
    const { org, test, candidates } = await setup({ connect: false });
    const sr = candidates[0] as SeededSrCandidate;
    const lookupsBefore = (await sandbox.requests('candidate')).length;
    const url = `https://www.smartrecruiters.com/app/people/candidates/${sr.id}`;
    const invitation = await invite(org.as.recruiter, org.id, test.id, url);
    expect((await candidateOf(org.as.recruiter, org.id, invitation.candidate.id)).atsLink).toEqual({
      url,
      status: 'linking',
      provider: 'smartrecruiters',
    });
    await drainAll();
    const failed = await candidateOf(org.as.recruiter, org.id, invitation.candidate.id);
    expect(failed.atsLink).toMatchObject({ url, status: 'failed', provider: 'smartrecruiters' });
    expect(failed.atsLink.error).toContain(CONNECT_FIRST);
    expect(failed.atsLink.profileUrl).toBeUndefined();
    // Nothing was asked of SmartRecruiters with anyone's credentials.
    expect((await sandbox.requests('candidate')).length).toBe(lookupsBefore);
  });

  it('Case 1: an SR candidate URL typed in the invite form links the candidate (every URL shape)', async () => {
    const { org, test, jobId, candidates } = await setup({ connect: true, candidates: 5 });
    const [a, b, c, d, e] = candidates as [
      SeededSrCandidate,
      SeededSrCandidate,
      SeededSrCandidate,
      SeededSrCandidate,
      SeededSrCandidate,
    ];
    const application = b.applications[jobId];
    expect(application).toBeTruthy();
    const shapes: [string, SeededSrCandidate][] = [
      // The SR web app's host (what recruiters paste), resolved through the configured API.
      [`https://www.smartrecruiters.com/app/people/candidates/${a.id}/summary`, a],
      // An application id: the application lookup names the candidate (profileId).
      [`https://www.smartrecruiters.com/app/people/applications/${String(application)}`, b],
      // A candidate id on the applications path: the application lookup 404s, it is a candidate id.
      [`https://acme.smartrecruiters.com/app/people/applications/${c.id}`, c],
      [`https://www.smartrecruiters.com/app/people/profile/${d.id}`, d],
      // Legacy `/app/people/<uuid>/…`, on the configured (sandbox) origin itself.
      [`${sandbox.url}/app/people/${e.id}/messages`, e],
    ];
    const invited: [Invitation, string, SeededSrCandidate][] = [];
    for (const [url, sr] of shapes)
      invited.push([await invite(org.as.recruiter, org.id, test.id, url), url, sr]);
    for (const [invitation] of invited) {
      expect((await candidateOf(org.as.recruiter, org.id, invitation.candidate.id)).atsLink.status).toBe(
        'linking',
      );
    }
    await drainAll();
    for (const [invitation, url, sr] of invited) {
      const candidate = await candidateOf(org.as.recruiter, org.id, invitation.candidate.id);
      expect(candidate.atsLink, url).toEqual({
        url,
        status: 'linked',
        provider: 'smartrecruiters',
        profileUrl: profileUrl(sr.id),
      });
      const row = await t.db
        .selectFrom('candidates')
        .select(['ats_external_id'])
        .where('id', '=', invitation.candidate.id)
        .executeTakeFirstOrThrow();
      expect(row.ats_external_id, url).toBe(sr.id);
    }
    // Looked up with the organization's company credential (C): the sandbox scopes candidates
    // to the company, so a lookup with any other principal would have answered 404.
    const lookups = await sandbox.requests('candidate');
    for (const [, , sr] of invited) {
      expect(lookups.some((r) => r.path === `/candidates/${sr.id}` && r.status === 200)).toBe(true);
    }
  });

  it('Case 2: "Link with ATS" on an existing candidate links it; an unknown or foreign candidate fails', async () => {
    const { org, test, candidates } = await setup({ connect: true });
    const sr = candidates[0] as SeededSrCandidate;
    const invitation = await invite(org.as.recruiter, org.id, test.id);
    const candidateId = invitation.candidate.id;
    expect((await candidateOf(org.as.recruiter, org.id, candidateId)).atsLink).toEqual({
      url: null,
      status: 'none',
    });

    // Not in the connected company: a random id, and a candidate of another SR company.
    const other = await seedCompany(1);
    for (const id of [crypto.randomUUID(), (other.candidates[0] as SeededSrCandidate).id]) {
      const url = `https://www.smartrecruiters.com/app/people/candidates/${id}`;
      expect((await linkWithAts(org.as.recruiter, org.id, candidateId, url)).atsLink.status).toBe('linking');
      await drainAll();
      const failed = await candidateOf(org.as.recruiter, org.id, candidateId);
      expect(failed.atsLink).toEqual({
        url,
        status: 'failed',
        provider: 'smartrecruiters',
        error: NOT_FOUND,
      });
    }

    const url = `https://www.smartrecruiters.com/app/people/candidates/${sr.id}`;
    const linking = await linkWithAts(org.as.recruiter, org.id, candidateId, url);
    expect(linking.atsLink).toEqual({ url, status: 'linking', provider: 'smartrecruiters' });
    await drainAll();
    expect((await candidateOf(org.as.recruiter, org.id, candidateId)).atsLink).toEqual({
      url,
      status: 'linked',
      provider: 'smartrecruiters',
      profileUrl: profileUrl(sr.id),
    });

    // §8: a bare UUID pasted on its own is a candidate id too.
    expect((await linkWithAts(org.as.recruiter, org.id, candidateId, sr.id)).atsLink.status).toBe('linking');
    await drainAll();
    expect((await candidateOf(org.as.recruiter, org.id, candidateId)).atsLink).toEqual({
      url: sr.id,
      status: 'linked',
      provider: 'smartrecruiters',
      profileUrl: profileUrl(sr.id),
    });
  });

  it('a link that failed for want of a connection succeeds with "Link with ATS" once connected', async () => {
    const { org, test, companyId, candidates } = await setup({ connect: false });
    const sr = candidates[0] as SeededSrCandidate;
    const url = `https://www.smartrecruiters.com/app/people/candidates/${sr.id}`;
    const invitation = await invite(org.as.recruiter, org.id, test.id, url);
    await drainAll();
    const candidateId = invitation.candidate.id;
    expect((await candidateOf(org.as.recruiter, org.id, candidateId)).atsLink.error).toContain(CONNECT_FIRST);
    await connectThroughConsent(org.id, companyId);
    await linkWithAts(org.as.recruiter, org.id, candidateId, url);
    await drainAll();
    expect((await candidateOf(org.as.recruiter, org.id, candidateId)).atsLink).toMatchObject({
      status: 'linked',
      profileUrl: profileUrl(sr.id),
    });
  });
});

describe('results of a candidate linked by URL only go to Notes (contract §8.4, §5 Notes)', () => {
  /**
   * A candidate invited (and mailed, every job drained) before "Link with ATS" links it: no
   * order. (Linked in the invite form instead, the mail and the link lookup are two jobs of the
   * same instant: see the test below for the mail going first.)
   */
  async function linkedAfterInvite() {
    const { org, test, candidates } = await setup({ connect: true });
    const sr = candidates[0] as SeededSrCandidate;
    const invitation = await invite(org.as.recruiter, org.id, test.id);
    await drainAll();
    const url = `https://www.smartrecruiters.com/app/people/candidates/${sr.id}`;
    await linkWithAts(org.as.recruiter, org.id, invitation.candidate.id, url);
    await drainAll();
    expect((await candidateOf(org.as.recruiter, org.id, invitation.candidate.id)).atsLink.status).toBe(
      'linked',
    );
    const orders = await t.db
      .selectFrom('ats_orders')
      .select('id')
      .where('organization_id', '=', org.id)
      .execute();
    expect(orders).toEqual([]);
    return { org, test, sr, invitation };
  }

  it('a link typed in the invite form: the "sent" Note waits for the link even when the mail goes out first', async () => {
    const { org, test, candidates } = await setup({ connect: true });
    const sr = candidates[0] as SeededSrCandidate;
    const url = `https://www.smartrecruiters.com/app/people/candidates/${sr.id}`;
    const invitation = await invite(org.as.recruiter, org.id, test.id, url);
    // The mail first, while the candidate is still `linking`.
    await stages.sendInvitationEmail(invitation.id);
    expect((await candidateOf(org.as.recruiter, org.id, invitation.candidate.id)).atsLink.status).toBe(
      'linking',
    );
    await drainAll();
    t.clock.advance(60_000); // past any wait for the link
    await drainAll();
    expect((await candidateOf(org.as.recruiter, org.id, invitation.candidate.id)).atsLink.status).toBe(
      'linked',
    );
    const notes = await notesAbout(sr.id);
    expect(notes).toHaveLength(1);
    expect(notes[0]?.content).toMatch(new RegExp(`^#\\[CANDIDATE:${sr.id}\\] Assay: ".*" sent`));
  });

  it('a link that fails leaves its waiting Notes undelivered without alarms (skipped, not dead)', async () => {
    const { org, test } = await setup({ connect: true });
    const unknown = `https://www.smartrecruiters.com/app/people/candidates/${crypto.randomUUID()}`;
    const invitation = await invite(org.as.recruiter, org.id, test.id, unknown);
    await stages.sendInvitationEmail(invitation.id);
    await drainAll();
    t.clock.advance(60_000);
    await drainAll();
    expect((await candidateOf(org.as.recruiter, org.id, invitation.candidate.id)).atsLink.status).toBe(
      'failed',
    );
    const rows = await t.db
      .selectFrom('ats_deliveries')
      .select(['kind', 'status', 'last_error'])
      .where('invitation_id', '=', invitation.id)
      .execute();
    expect(rows).toEqual([
      {
        kind: 'note',
        status: 'delivered',
        last_error: 'The candidate is no longer linked to SmartRecruiters.',
      },
    ]);
  });

  it('graded: a Note "#[CANDIDATE:<id>] Assay: "<test>" completed …" on the SR profile, no results PATCH', async () => {
    const { org, test, sr, invitation } = await linkedAfterInvite();
    const notesOf = async () => notesAbout(sr.id);
    // Invited (and mailed) before it was linked: nothing was posted for it.
    expect(await notesOf()).toEqual([]);

    await stages.markStarted(invitation.id);
    await stages.markSubmitted(invitation.id);
    await stages.markGraded(invitation.id, 82.4);
    await drainAll();

    const notes = await notesOf();
    expect(notes).toEqual([
      {
        candidateId: sr.id,
        content: `#[CANDIDATE:${sr.id}] Assay: "${test.name}" completed 82/100, report ${PUBLIC_URL}/reports/${invitation.id}`,
        correlationId: invitation.id,
      },
    ]);
    const deliveries = await t.db
      .selectFrom('ats_deliveries')
      .select(['kind', 'cause', 'status', 'order_id'])
      .where('organization_id', '=', org.id)
      .execute();
    expect(deliveries).toEqual([
      { kind: 'note', cause: 'invitations.graded', status: 'delivered', order_id: null },
    ]);
    // No order behind the link: no results PATCH, no attachment upload was attempted.
    expect(await sandbox.requests('results')).toEqual([]);
    expect(await sandbox.requests('attachment')).toEqual([]);
  });

  it('a second invitation of the linked candidate posts a "sent" Note at once', async () => {
    const { org, sr, invitation: first } = await linkedAfterInvite();
    expect(await notesAbout(sr.id)).toEqual([]);
    const second = await makePublishedTest(t.db, org.id, { name: 'SQL "basics"' });
    const res = await t.send(org.as.recruiter, 'POST', `/api/orgs/${org.id}/invitations`, {
      testId: second.id,
      name: first.candidate.name,
      email: first.candidate.email,
    });
    expect(res.statusCode, res.body).toBe(201);
    const invitation = res.json<Invitation>();
    expect(invitation.candidate.id).toBe(first.candidate.id);
    await drainAll();
    const notes = await notesAbout(sr.id);
    expect(notes).toEqual([
      {
        candidateId: sr.id,
        content: `#[CANDIDATE:${sr.id}] Assay: "SQL 'basics'" sent`,
        correlationId: invitation.id,
      },
    ]);
    expect(await sandbox.requests('results')).toEqual([]);
  });
});
