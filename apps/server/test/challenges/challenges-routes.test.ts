import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChallengeImportLimits } from '@assay/contracts';
import type {
  ChallengeDetail,
  ChallengeImportResult,
  ChallengeList,
  ChallengeStatement,
  Role,
  Test,
  TestList,
} from '@assay/contracts';
import { buildTestApp, type TestApp } from '../support/test-app.js';
import { testDialect } from '../support/test-db.js';
import { buildOrganization, login, send, type Browser } from '../identity/identity-fixtures.js';
import { makeChallenge } from './challenge-factories.js';
import { buildZip, folderEntries } from './zip-writer.js';

const LIBRARY = resolve(fileURLToPath(import.meta.url), '../../../../../challenges');
const ROLES: Role[] = ['owner', 'admin', 'recruiter', 'reviewer'];

describe(`challenges and tests routes (${testDialect})`, () => {
  let t: TestApp;
  let orgId = '';
  let otherId = '';
  const as: Partial<Record<Role, Browser>> = {};
  let stranger: Browser;
  let problemA = '';
  let problemB = '';
  let project = '';
  let builtIn = '';

  const who = (role: Role): Browser => {
    const browser = as[role];
    if (!browser) throw new Error(`no ${role}`);
    return browser;
  };
  const upload = (browser: Browser | null, zip: Buffer, url = `/api/orgs/${orgId}/challenges/import`) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: {
        'content-type': 'application/zip',
        ...(browser ? { cookie: browser.cookie, 'x-csrf-token': browser.csrf } : {}),
      },
      payload: zip,
    });
  const problemsBody = (overrides: Record<string, unknown> = {}) => ({
    name: 'Backend screen',
    kind: 'problems',
    challenges: [
      { challengeId: problemA, weight: 2 },
      { challengeId: problemB, weight: 1 },
    ],
    timeLimitMinutes: 90,
    validityDays: 5,
    allowedLanguages: ['python3', 'cpp'],
    instructions: 'Use any editor.',
    showFeedback: true,
    ...overrides,
  });

  beforeAll(async () => {
    t = await buildTestApp();
    const { db } = t.database;
    const org = await buildOrganization(db, ['owner', 'admin', 'recruiter', 'reviewer']);
    const other = await buildOrganization(db, ['owner']);
    orgId = org.id;
    otherId = other.id;
    for (const role of ROLES) as[role] = await login(t.app, org.users[role].email);
    stranger = await login(t.app, other.users.owner.email);
    problemA = (await makeChallenge(db, orgId, 'algorithmic')).challengeId;
    problemB = (await makeChallenge(db, null, 'algorithmic')).challengeId;
    project = (await makeChallenge(db, orgId, 'project')).challengeId;
    builtIn = problemB;
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists built-in and own challenges to every role, filters by kind and text; 401 without a session, 404 for another organization', async () => {
    for (const role of ROLES) {
      const res = await send(t.app, who(role), 'GET', `/api/orgs/${orgId}/challenges`);
      expect(res.statusCode).toBe(200);
      const ids = res.json<ChallengeList>().items.map((c) => c.id);
      expect(ids).toEqual(expect.arrayContaining([problemA, problemB, project]));
    }
    const projects = await send(t.app, who('reviewer'), 'GET', `/api/orgs/${orgId}/challenges?kind=project`);
    expect(projects.json<ChallengeList>().items.every((c) => c.kind === 'project')).toBe(true);
    expect((await send(t.app, null, 'GET', `/api/orgs/${orgId}/challenges`)).statusCode).toBe(401);
    expect((await send(t.app, stranger, 'GET', `/api/orgs/${orgId}/challenges`)).statusCode).toBe(404);
    // The other organization sees the built-in one, not ours.
    const theirs = await send(t.app, stranger, 'GET', `/api/orgs/${otherId}/challenges`);
    const theirIds = theirs.json<ChallengeList>().items.map((c) => c.id);
    expect(theirIds).toContain(builtIn);
    expect(theirIds).not.toContain(problemA);
    expect((await send(t.app, stranger, 'GET', `/api/orgs/${otherId}/challenges/${problemA}`)).json()).toMatchObject({
      error: { code: 'challenges.not_found' },
    });
  });

  it('shows a challenge and a version statement', async () => {
    const detail = (await send(t.app, who('reviewer'), 'GET', `/api/orgs/${orgId}/challenges/${builtIn}`)).json<ChallengeDetail>();
    expect(detail).toMatchObject({ builtIn: true, kind: 'algorithmic', versions: [{ number: 1 }] });
    const statement = await send(
      t.app,
      who('reviewer'),
      'GET',
      `/api/orgs/${orgId}/challenges/${builtIn}/versions/${detail.latestVersion.id}/statement`,
    );
    expect(statement.statusCode).toBe(200);
    expect(statement.json<ChallengeStatement>().markdown).toContain('Solve it.');
    const wrong = await send(t.app, who('reviewer'), 'GET', `/api/orgs/${orgId}/challenges/${problemA}/versions/${detail.latestVersion.id}/statement`);
    expect(wrong.statusCode).toBe(404);
  });

  it('imports a zip upload (recruiter+; reviewer 403; 401; other org 404) and refuses a broken one with the file named', async () => {
    const zip = buildZip(folderEntries(join(LIBRARY, 'python-signup-cleaning'), 'python-signup-cleaning/'));
    expect((await upload(who('reviewer'), zip)).statusCode).toBe(403);
    expect((await upload(null, zip)).statusCode).toBe(401);
    expect((await upload(stranger, zip)).statusCode).toBe(404);
    const res = await upload(who('recruiter'), zip);
    expect(res.statusCode).toBe(201);
    expect(res.json<ChallengeImportResult>()).toMatchObject({ outcome: 'created', challenge: { slug: 'python-signup-cleaning', builtIn: false } });
    for (const role of ['owner', 'admin'] as const) expect((await upload(who(role), zip)).json<ChallengeImportResult>().outcome).toBe('unchanged');
    const broken = await upload(who('recruiter'), buildZip([{ name: 'challenge.json', data: '{ "format": 1,' }]));
    expect(broken.statusCode).toBe(400);
    expect(broken.json()).toMatchObject({
      error: { code: 'challenges.invalid_package', details: { problems: [{ file: 'challenge.json', line: 1 }] } },
    });
    // The role is checked before the body is read; an oversize body is refused with 413.
    const huge = Buffer.alloc(ChallengeImportLimits.maxUploadBytes + 1);
    expect((await upload(who('reviewer'), huge)).statusCode).toBe(403);
    expect((await upload(who('recruiter'), huge)).statusCode).toBe(413);
    // Without the CSRF token, or as a form, the upload is refused.
    const noToken = await t.app.inject({
      method: 'POST',
      url: `/api/orgs/${orgId}/challenges/import`,
      headers: { 'content-type': 'application/zip', cookie: who('recruiter').cookie },
      payload: zip,
    });
    expect(noToken.statusCode).toBe(403);
    const json = await send(t.app, who('recruiter'), 'POST', `/api/orgs/${orgId}/challenges/import`, {});
    expect(json.statusCode).toBe(415);
  });

  it('creates, edits, publishes, archives, unarchives and duplicates tests (recruiter+; reviewer reads only)', async () => {
    const base = `/api/orgs/${orgId}/tests`;
    expect((await send(t.app, who('reviewer'), 'POST', base, problemsBody())).statusCode).toBe(403);
    expect((await send(t.app, null, 'POST', base, problemsBody())).statusCode).toBe(401);
    expect((await send(t.app, stranger, 'POST', base, problemsBody())).statusCode).toBe(404);
    for (const role of ['owner', 'admin'] as const)
      expect((await send(t.app, who(role), 'POST', base, problemsBody({ name: `By ${role}` }))).statusCode).toBe(201);
    const created = await send(t.app, who('recruiter'), 'POST', base, problemsBody());
    expect(created.statusCode).toBe(201);
    const test = created.json<Test>();
    expect(test).toMatchObject({
      status: 'draft',
      hasUnpublishedChanges: true,
      publishedVersion: null,
      validityDays: 5,
      showFeedback: true,
      challenges: [
        { challengeId: problemA, weight: 2, versionNumber: 1 },
        { challengeId: problemB, weight: 1 },
      ],
    });
    const url = `${base}/${test.id}`;
    for (const role of ROLES) expect((await send(t.app, who(role), 'GET', url)).statusCode).toBe(200);
    expect((await send(t.app, stranger, 'GET', url)).statusCode).toBe(404);
    expect((await send(t.app, who('reviewer'), 'PATCH', url, { name: 'x' })).statusCode).toBe(403);
    expect((await send(t.app, who('reviewer'), 'POST', `${url}/publish`)).statusCode).toBe(403);

    const published = (await send(t.app, who('recruiter'), 'POST', `${url}/publish`)).json<Test>();
    expect(published).toMatchObject({ status: 'published', publishedVersion: 1, hasUnpublishedChanges: false });
    const edited = (await send(t.app, who('recruiter'), 'PATCH', url, { timeLimitMinutes: 120 })).json<Test>();
    expect(edited).toMatchObject({ status: 'published', publishedVersion: 1, hasUnpublishedChanges: true, timeLimitMinutes: 120 });
    expect((await send(t.app, who('admin'), 'POST', `${url}/publish`)).json<Test>().publishedVersion).toBe(2);

    const archived = await send(t.app, who('recruiter'), 'POST', `${url}/archive`);
    expect(archived.json<Test>().status).toBe('archived');
    const again = await send(t.app, who('recruiter'), 'POST', `${url}/archive`);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: 'tests.archived' } });
    expect((await send(t.app, who('recruiter'), 'PATCH', url, { name: 'Nope' })).json()).toMatchObject({
      error: { code: 'tests.archived' },
    });
    expect((await send(t.app, who('recruiter'), 'POST', `${url}/publish`)).statusCode).toBe(409);
    const listArchived = await send(t.app, who('reviewer'), 'GET', `${base}?status=archived`);
    expect(listArchived.json<TestList>().items.map((i) => i.id)).toEqual([test.id]);

    const copy = await send(t.app, who('recruiter'), 'POST', `${url}/duplicate`);
    expect(copy.statusCode).toBe(201);
    expect(copy.json<Test>()).toMatchObject({
      name: 'Backend screen (copy)',
      status: 'draft',
      publishedVersion: null,
      timeLimitMinutes: 120,
      challenges: [{ challengeId: problemA }, { challengeId: problemB }],
    });
    expect((await send(t.app, who('reviewer'), 'POST', `${url}/duplicate`)).statusCode).toBe(403);

    const restored = await send(t.app, who('recruiter'), 'POST', `${url}/unarchive`);
    expect(restored.json<Test>()).toMatchObject({ status: 'published', archivedAt: null });
    expect((await send(t.app, who('reviewer'), 'GET', base)).json<TestList>().items.length).toBeGreaterThanOrEqual(4);
  });

  it('validates tests: 1–5 problems, positive weights, one project challenge, known challenges', async () => {
    const base = `/api/orgs/${orgId}/tests`;
    const post = (body: unknown) => send(t.app, who('recruiter'), 'POST', base, body);
    const six = Array.from({ length: 6 }, () => ({ challengeId: problemA, weight: 1 }));
    expect((await post(problemsBody({ challenges: six }))).statusCode).toBe(400);
    expect((await post(problemsBody({ challenges: [] }))).statusCode).toBe(400);
    expect((await post(problemsBody({ challenges: [{ challengeId: problemA, weight: 0 }] }))).statusCode).toBe(400);
    expect((await post(problemsBody({ timeLimitMinutes: 4 }))).statusCode).toBe(400);
    expect((await post(problemsBody({ validityDays: 91 }))).statusCode).toBe(400);
    expect((await post(problemsBody({ allowedLanguages: ['cobol'] }))).statusCode).toBe(400);
    const projectInProblems = await post(problemsBody({ challenges: [{ challengeId: project, weight: 1 }] }));
    expect(projectInProblems.json()).toMatchObject({ error: { code: 'tests.invalid' } });
    const twice = await post(problemsBody({ challenges: [{ challengeId: problemA }, { challengeId: problemA }] }));
    expect(twice.json()).toMatchObject({ error: { code: 'tests.invalid' } });
    const twoProjects = await post(problemsBody({ kind: 'project', challenges: [{ challengeId: project }, { challengeId: project }] }));
    expect(twoProjects.statusCode).toBe(400);
    const wrongKind = await post(problemsBody({ kind: 'project', challenges: [{ challengeId: problemA }] }));
    expect(wrongKind.json()).toMatchObject({ error: { code: 'tests.invalid' } });
    const foreign = await makeChallenge(t.database.db, otherId, 'algorithmic');
    const unknown = await post(problemsBody({ challenges: [{ challengeId: foreign.challengeId }] }));
    expect(unknown.json()).toMatchObject({ error: { code: 'tests.invalid' } });
    const ok = await post(problemsBody({ kind: 'project', challenges: [{ challengeId: project }] }));
    expect(ok.statusCode).toBe(201);
    expect(ok.json<Test>()).toMatchObject({ kind: 'project', allowedLanguages: [] });
    const patchToSix = await send(t.app, who('recruiter'), 'PATCH', `${base}/${ok.json<Test>().id}`, { kind: 'problems', challenges: six });
    expect(patchToSix.statusCode).toBe(400);
  });
});
