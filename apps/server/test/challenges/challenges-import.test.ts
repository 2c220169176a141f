import { mkdtempSync, mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChallengeImportLimits, type InvalidPackageDetails } from '@assay/contracts';
import { AppError } from '../../src/platform/errors/index.js';
import { createManualClock } from '../../src/platform/clock/index.js';
import {
  createChallengesService,
  createTestsService,
  PackageInvalidError,
  type ChallengesService,
} from '../../src/modules/challenges/index.js';
import { createTestDatabase, testDialect, type TestDatabase } from '../support/test-db.js';
import { buildOrganization } from '../identity/identity-fixtures.js';
import { buildZip, folderEntries, withFiles } from './zip-writer.js';

const LIBRARY = resolve(fileURLToPath(import.meta.url), '../../../../../challenges');
const PROJECT = join(LIBRARY, 'python-signup-cleaning');
const KATTIS = join(LIBRARY, 'even-pairs');
const SLUGS = readdirSync(LIBRARY).filter((name) => statSync(join(LIBRARY, name)).isDirectory());

/** The problems of a refused zip import. */
async function refusal(promise: Promise<unknown>): Promise<InvalidPackageDetails['problems']> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe('challenges.invalid_package');
  expect((error as AppError).status).toBe(400);
  return ((error as AppError).details as InvalidPackageDetails).problems;
}

describe(`challenge import (${testDialect})`, () => {
  let database: TestDatabase;
  let challenges: ChallengesService;
  let dataDir: string;
  const clock = createManualClock(new Date('2026-11-25T10:00:00Z'));

  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'assay-challenges-'));
    challenges = createChallengesService({ db: database.db, dialect: database.dialect, clock, config: { dataDir } });
  });
  afterAll(async () => {
    await database.destroy();
  });

  const newOrg = async () => {
    const org = await buildOrganization(database.db, ['recruiter']);
    return { organizationId: org.id, userId: org.users.recruiter.id };
  };

  it('syncs every built-in challenge (all valid), then finds nothing to do on restart', async () => {
    const first = await challenges.syncBuiltInLibrary(LIBRARY);
    expect(first.map((r) => r.slug).sort()).toEqual([...SLUGS].sort());
    expect(first.filter((r) => r.outcome !== 'created')).toEqual([]);
    const again = await challenges.syncBuiltInLibrary(LIBRARY);
    expect(again.every((r) => r.outcome === 'unchanged')).toBe(true);
    const owner = await newOrg();
    const list = await challenges.listChallenges(owner.organizationId, {});
    expect(list.filter((c) => c.builtIn).map((c) => c.slug).sort()).toEqual([...SLUGS].sort());
    const project = list.find((c) => c.slug === 'python-signup-cleaning');
    expect(project).toMatchObject({ kind: 'project', languages: ['python3'], difficulty: 'medium', suggestedMinutes: 60 });
    const kattis = list.find((c) => c.slug === 'even-pairs');
    expect(kattis).toMatchObject({ kind: 'algorithmic', title: 'Even Pairs', difficulty: null });
    expect(kattis?.summary).toContain('warehouse robot');
    // Files are stored once under DATA_DIR/challenges/<sha256>/, read-only.
    const detail = await challenges.getChallenge(owner.organizationId, project?.id ?? '');
    const stored = join(dataDir, 'challenges', detail.sha256, 'challenge.json');
    expect(statSync(stored).mode & 0o222).toBe(0);
    expect(detail.statementMarkdown).toContain('#');
    expect(await challenges.listChallenges(owner.organizationId, { kind: 'algorithmic', q: 'PAIRS' })).toHaveLength(1);
  });

  it('a changed built-in gets a new version', async () => {
    const library = mkdtempSync(join(tmpdir(), 'assay-library-'));
    cpSync(PROJECT, join(library, 'python-signup-cleaning'), { recursive: true });
    const local = createChallengesService({ db: database.db, dialect: database.dialect, clock, config: { dataDir } });
    expect((await local.syncBuiltInLibrary(library))[0]?.outcome).toBe('unchanged');
    writeFileSync(join(library, 'python-signup-cleaning', 'README.md'), '# Changed\n\nNew statement.\n');
    expect((await local.syncBuiltInLibrary(library))[0]?.outcome).toBe('new_version');
  });

  it('imports a zip (wrapped in a folder or not); the same slug again makes version 2, identical content changes nothing', async () => {
    const owner = await newOrg();
    const wrapped = buildZip(folderEntries(PROJECT, 'python-signup-cleaning/'));
    const first = await challenges.importZip(owner, wrapped);
    expect(first).toMatchObject({ outcome: 'created', version: { number: 1 }, challenge: { builtIn: false } });
    expect((await challenges.importZip(owner, wrapped)).outcome).toBe('unchanged');
    const changed = buildZip(withFiles(folderEntries(PROJECT), { 'README.md': '# v2\n\nSecond version.\n' }));
    const second = await challenges.importZip(owner, changed);
    expect(second).toMatchObject({ outcome: 'new_version', version: { number: 2 } });
    expect(second.challenge.id).toBe(first.challenge.id);
    const detail = await challenges.getChallenge(owner.organizationId, first.challenge.id);
    expect(detail.versions.map((v) => v.number)).toEqual([2, 1]);
    expect(detail.statementMarkdown).toContain('Second version');
    const v1 = await challenges.getStatement(owner.organizationId, first.challenge.id, first.version.id);
    expect(v1.versionNumber).toBe(1);
    expect(v1.markdown).not.toContain('Second version');
    // Another organization does not see it.
    const stranger = await newOrg();
    await expect(challenges.getChallenge(stranger.organizationId, first.challenge.id)).rejects.toMatchObject({
      code: 'challenges.not_found',
    });
  });

  it('two concurrent imports of the same package make one version', async () => {
    const owner = await newOrg();
    const zip = buildZip(folderEntries(PROJECT));
    const results = await Promise.all([challenges.importZip(owner, zip), challenges.importZip(owner, zip)]);
    expect(results.map((r) => r.outcome).sort()).toEqual(['created', 'unchanged']);
    const detail = await challenges.getChallenge(owner.organizationId, results[0]?.challenge.id ?? '');
    expect(detail.versions).toHaveLength(1);
  });

  it('imports a Kattis zip named after the archive, with a .tex statement converted to Markdown', async () => {
    const owner = await newOrg();
    const entries = withFiles(folderEntries(KATTIS), {
      'problem_statement/problem.en.md': undefined,
      'problem_statement/problem.en.tex':
        '\\problemname{Even Pairs}\nCount \\textbf{balanced} pairs, see \\emph{notes}: $a_i + a_j$.\n\\section*{Input}\n\\begin{itemize}\n\\item one\n\\item two\n\\end{itemize}\n\\begin{verbatim}\n3\n1 2 3\n\\end{verbatim}\n',
    });
    const result = await challenges.importZip(owner, buildZip(entries), 'my-even-pairs.zip');
    expect(result.challenge).toMatchObject({ slug: 'my-even-pairs', kind: 'algorithmic' });
    const detail = await challenges.getChallenge(owner.organizationId, result.challenge.id);
    expect(detail.statementMarkdown).toContain('# Even Pairs');
    expect(detail.statementMarkdown).toContain('**balanced**');
    expect(detail.statementMarkdown).toContain('*notes*');
    expect(detail.statementMarkdown).toContain('$a_i + a_j$');
    expect(detail.statementMarkdown).toContain('## Input');
    expect(detail.statementMarkdown).toContain('- one');
    expect(detail.statementMarkdown).toContain('```\n3\n1 2 3\n```');
  });

  it('refuses broken descriptors naming the file, line and field', async () => {
    const owner = await newOrg();
    const base = folderEntries(PROJECT);
    const badJson = await refusal(
      challenges.importZip(owner, buildZip(withFiles(base, { 'challenge.json': '{\n  "format": 1,\n  "kind": \n}\n' }))),
    );
    expect(badJson[0]).toMatchObject({ file: 'challenge.json', line: 4 });
    const manifest = JSON.parse(
      base.find((e) => e.name === 'challenge.json')?.data?.toString() ?? '{}',
    ) as Record<string, unknown>;
    delete manifest.title;
    manifest.difficulty = 'impossible';
    const missing = await refusal(
      challenges.importZip(
        owner,
        buildZip(withFiles(base, { 'challenge.json': JSON.stringify(manifest, null, 2) })),
      ),
    );
    expect(missing).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'challenge.json', field: 'title' }),
        expect.objectContaining({ file: 'challenge.json', field: 'difficulty', line: 6 }),
      ]),
    );
    const noStatement = await refusal(challenges.importZip(owner, buildZip(withFiles(base, { 'README.md': undefined }))));
    expect(noStatement[0]).toMatchObject({ file: 'README.md', field: 'statement' });
    const badYaml = await refusal(
      challenges.importZip(
        owner,
        buildZip(withFiles(folderEntries(KATTIS), { 'problem.yaml': 'name: x\nlimits: [unclosed\n' })),
      ),
    );
    expect(badYaml[0]?.file).toBe('problem.yaml');
    expect(badYaml[0]?.line).toBeGreaterThan(0);
    const neither = await refusal(challenges.importZip(owner, buildZip([{ name: 'notes.txt', data: 'hi' }])));
    expect(neither[0]?.file).toBe('challenge.json');
  });

  it('refuses links, absolute and ".." paths and oversize archives', async () => {
    const owner = await newOrg();
    const base = folderEntries(PROJECT);
    const link = await refusal(
      challenges.importZip(owner, buildZip([...base, { name: 'starter/evil', data: '/etc/passwd', mode: 0o120777 }])),
    );
    expect(link[0]).toMatchObject({ file: 'starter/evil', message: expect.stringContaining('symbolic link') as unknown });
    const dotdot = await refusal(challenges.importZip(owner, buildZip([...base, { name: '../escape.txt', data: 'x' }])));
    expect(dotdot[0]?.file).toBe('../escape.txt');
    const absolute = await refusal(challenges.importZip(owner, buildZip([...base, { name: '/etc/evil', data: 'x' }])));
    expect(absolute[0]?.file).toBe('/etc/evil');
    const big = Buffer.alloc(ChallengeImportLimits.maxFileBytes + 1, 'a');
    const oversize = await refusal(challenges.importZip(owner, buildZip([...base, { name: 'starter/big.txt', data: big }])));
    expect(oversize[0]).toMatchObject({ file: 'starter/big.txt', message: expect.stringContaining('too large') as unknown });
    const notZip = await refusal(challenges.importZip(owner, Buffer.from('not a zip')));
    expect(notZip[0]?.file).toBe('(zip)');
    // Nothing escaped the temporary folder.
    expect(readdirSync(join(dataDir, 'tmp'))).toEqual([]);
  });

  it('refuses a folder with a symbolic link (CLI import)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'assay-linked-'));
    cpSync(PROJECT, join(dir, 'p'), { recursive: true });
    mkdirSync(join(dir, 'p', 'extra'));
    symlinkSync('/etc/passwd', join(dir, 'p', 'extra', 'passwd'));
    const owner = await newOrg();
    const error = await challenges.importFolder(owner, join(dir, 'p'), 'p').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PackageInvalidError);
    expect((error as PackageInvalidError).problems[0]?.file).toBe('extra/passwd');
  });

  it('a published test version keeps pointing at the challenge version it was published with', async () => {
    const owner = await newOrg();
    const tests = createTestsService({ db: database.db, clock });
    const v1 = await challenges.importZip(owner, buildZip(folderEntries(PROJECT)));
    const test = await tests.createTest(owner, owner.organizationId, {
      name: 'Backend take-home',
      kind: 'project',
      challenges: [{ challengeId: v1.challenge.id, weight: 1 }],
      timeLimitMinutes: 90,
      validityDays: 7,
      allowedLanguages: [],
      instructions: '',
      showFeedback: false,
    });
    const published = await tests.publishTest(owner, owner.organizationId, test.id);
    expect(published.challenges[0]?.challengeVersionId).toBe(v1.version.id);
    const pinned = await tests.getTestForInvitation(owner.organizationId, test.id);
    const v2 = await challenges.importZip(
      owner,
      buildZip(withFiles(folderEntries(PROJECT), { 'README.md': '# v2\n' })),
    );
    expect(v2.version.number).toBe(2);
    const rows = await database.db
      .selectFrom('test_version_challenges')
      .selectAll()
      .where('test_version_id', '=', pinned.testVersionId)
      .execute();
    expect(rows.map((r) => r.challenge_version_id)).toEqual([v1.version.id]);
    expect((await tests.getTestForInvitation(owner.organizationId, test.id)).testVersionId).toBe(pinned.testVersionId);
    // Publishing again pins the new challenge version in a new test version.
    const republished = await tests.publishTest(owner, owner.organizationId, test.id);
    expect(republished.publishedVersion).toBe(2);
    const next = await tests.getTestForInvitation(owner.organizationId, test.id);
    expect(next.testVersionId).not.toBe(pinned.testVersionId);
    expect(next).toMatchObject({ kind: 'project', languages: ['python3'], timeLimitMinutes: 90, validityDays: 7 });
    // What invitations get for tests that cannot be sent.
    const stranger = await newOrg();
    await expect(tests.getTestForInvitation(stranger.organizationId, test.id)).rejects.toMatchObject({
      code: 'tests.not_found',
      status: 404,
    });
    const draft = await tests.duplicateTest(owner, owner.organizationId, test.id);
    await expect(tests.getTestForInvitation(owner.organizationId, draft.id)).rejects.toMatchObject({
      code: 'tests.not_published',
      status: 409,
      userMessage: 'Publish the test before inviting candidates.',
    });
    await tests.archiveTest(owner, owner.organizationId, test.id);
    await expect(tests.getTestForInvitation(owner.organizationId, test.id)).rejects.toMatchObject({
      code: 'tests.archived',
      status: 409,
    });
  });
});
