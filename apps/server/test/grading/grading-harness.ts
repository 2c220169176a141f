/**
 * The grading module on a fresh database with the real challenges (built-in library synced into
 * DATA_DIR), invitations and a real git repository store; the inline queue runs jobs on `drain()`.
 * Submissions are made the way the attempts module makes them: the initial repository from the
 * test material, the candidate's commit on top, an `attempts` row and `enqueueGrading` in a
 * transaction.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ExecutionBackend } from '@assay/runner/protocol';
import { loadConfig } from '../../src/config/index.js';
import { createJobsRuntime } from '../../src/main/jobs-runtime.js';
import { initialFiles, loadTestMaterial, syncBuiltInChallenges } from '../../src/modules/challenges/index.js';
import {
  createGradingModule,
  GradingResultSchema,
  type GradingResult,
} from '../../src/modules/grading/index.js';
import { createManualClock } from '../../src/platform/clock/index.js';
import { newId } from '../../src/platform/crypto/index.js';
import { createRepoStore } from '../../src/platform/git/index.js';
import { createLogger } from '../../src/platform/log/index.js';
import { buildOrganization } from '../identity/identity-fixtures.js';
import { makeCandidate } from '../invitations/invitation-factories.js';
import { invitationModules } from '../support/org-app.js';
import { createTestDatabase } from '../support/test-db.js';

export const CHALLENGES_DIR = resolve(import.meta.dirname, '../../../../challenges');
const AUTHOR = { name: 'Candidate', email: 'candidate@example.test' };

/** Regular files under `dir` by relative path (empty when `dir` does not exist). */
export function folderFiles(dir: string, prefix = ''): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  if (!existsSync(dir)) return files;
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) {
      for (const [path, data] of folderFiles(full, `${prefix}${name}/`)) files.set(path, data);
    } else files.set(`${prefix}${name}`, readFileSync(full));
  }
  return files;
}

/** A project challenge's reference solution files (`solution/`, laid over the initial repository). */
export function solutionFiles(slug: string): Map<string, Buffer> {
  return folderFiles(join(CHALLENGES_DIR, slug, 'solution'));
}

/** A Kattis package's reference submission file, e.g. `accepted/anagram_groups.py`. */
export function packageSubmission(slug: string, path: string): Buffer {
  return readFileSync(join(CHALLENGES_DIR, slug, 'submissions', path));
}

/** `items[index]`, or a thrown error naming the index when it is missing. */
export function at<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`no item at index ${String(index)} (of ${String(items.length)})`);
  return item;
}

/** The stored result of a grading row (throws when there is none). */
export function resultOf(row: { result: string | null }): GradingResult {
  if (row.result === null) throw new Error('the grading has no result');
  return GradingResultSchema.parse(JSON.parse(row.result));
}

export interface Submission {
  attemptId: string;
  invitationId: string;
  gradingId: string;
  testVersionId: string;
  commit: string;
}

export async function buildGradingHarness(options: { execution?: ExecutionBackend } = {}) {
  const database = await createTestDatabase();
  const { db } = database;
  const clock = createManualClock(new Date('2026-03-02T09:00:00.000Z'));
  const dataDir = mkdtempSync(join(tmpdir(), 'assay-grading-'));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const logger = createLogger({ level: 'silent' });
  const jobs = createJobsRuntime({ config, db, clock, logger }, { inline: true });
  await syncBuiltInChallenges({ db, dialect: database.dialect, clock, config, logger });
  const repos = createRepoStore({ root: join(dataDir, 'repos') });
  const { candidates, invitations } = invitationModules({
    db,
    dialect: database.dialect,
    clock,
    config,
    queue: jobs.queue,
  });
  const grading = createGradingModule({
    db,
    clock,
    queue: jobs.queue,
    config,
    execution: options.execution,
    repos,
    invitations: invitations.service,
    logger,
  });
  jobs.registry.register(candidates.jobs, invitations.jobs, grading.jobs);
  const org = await buildOrganization(db, ['recruiter', 'reviewer'] as const);

  /** The built-in challenge's current version id. */
  async function builtinVersion(slug: string): Promise<string> {
    const row = await db
      .selectFrom('challenges')
      .select('latest_version_id')
      .where('owner_key', '=', 'builtin')
      .where('slug', '=', slug)
      .executeTakeFirstOrThrow();
    if (row.latest_version_id === null) throw new Error(`${slug} has no version`);
    return row.latest_version_id;
  }

  const testVersions = new Map<string, { testId: string; versionId: string; kind: 'project' | 'problems' }>();

  /** A published test (one per list of challenge slugs) pinning the built-in challenges' versions. */
  async function publishedTest(
    kind: 'project' | 'problems',
    slugs: readonly string[],
    organizationId = org.id,
  ) {
    const cacheKey = `${organizationId}:${kind}:${slugs.join(',')}`;
    const cached = testVersions.get(cacheKey);
    if (cached) return cached;
    const testId = newId();
    const versionId = newId();
    const at = clock.now().toISOString();
    const common = {
      name: `Test ${slugs.join(' + ')}`,
      kind,
      time_limit_minutes: 90,
      validity_days: 7,
      allowed_languages: JSON.stringify(kind === 'problems' ? ['python3', 'cpp'] : []),
      instructions: '',
      show_feedback: 1,
    };
    await db
      .insertInto('tests')
      .values({
        ...common,
        id: testId,
        organization_id: organizationId,
        challenges: '[]',
        published_version_id: versionId,
        published_version_number: 1,
        has_unpublished_changes: 0,
        archived_at: null,
        created_by_user_id: null,
        created_at: at,
        updated_at: at,
      })
      .execute();
    await db
      .insertInto('test_versions')
      .values({
        ...common,
        id: versionId,
        test_id: testId,
        number: 1,
        published_by_user_id: null,
        published_at: at,
      })
      .execute();
    let position = 0;
    for (const slug of slugs) {
      await db
        .insertInto('test_version_challenges')
        .values({
          test_version_id: versionId,
          position: position++,
          challenge_version_id: await builtinVersion(slug),
          weight: 1,
        })
        .execute();
    }
    const made = { testId, versionId, kind };
    testVersions.set(cacheKey, made);
    return made;
  }

  /**
   * A submitted attempt of a new invitation to the test of `slugs`, whose submission is the initial
   * repository with `changes` over it, and its grading queued (as the attempts module's submit does).
   */
  async function submit(input: {
    kind: 'project' | 'problems';
    slugs: readonly string[];
    /** Paths to write (or delete: null) over the initial repository. */
    changes: ReadonlyMap<string, Buffer | null>;
    language?: string | null;
    organizationId?: string;
  }): Promise<Submission> {
    const organizationId = input.organizationId ?? org.id;
    const test = await publishedTest(input.kind, input.slugs, organizationId);
    const candidate = await makeCandidate(db, organizationId);
    const invitationId = newId();
    const attemptId = newId();
    const at = clock.now().toISOString();
    await db
      .insertInto('invitations')
      .values({
        id: invitationId,
        organization_id: organizationId,
        candidate_id: candidate.id,
        test_id: test.testId,
        test_version_id: test.versionId,
        test_name: 'Grading test',
        test_kind: input.kind,
        languages: '["python3"]',
        time_limit_minutes: 90,
        status: 'submitted',
        token_hash: null,
        expires_at: new Date(clock.now().getTime() + 7 * 86_400_000).toISOString(),
        extra_time_minutes: 0,
        time_extension_minutes: 0,
        message: null,
        invited_by_user_id: null,
        reinvited_from_id: null,
        score: null,
        created_at: at,
        updated_at: at,
        sent_at: at,
        opened_at: at,
        started_at: at,
        submitted_at: at,
        graded_at: null,
        cancelled_at: null,
        expired_at: null,
        reminder_sent_at: null,
      })
      .execute();
    const material = await loadTestMaterial(db, dataDir, test.versionId);
    const initialCommit = await repos.create(attemptId, await initialFiles(material), {
      message: 'Start',
      author: AUTHOR,
      at: clock.now(),
    });
    const commit =
      input.changes.size === 0
        ? initialCommit
        : await repos.commit(attemptId, {
            parent: initialCommit,
            changes: [...input.changes].map(([path, data]) => ({ path, data })),
            message: 'Submit',
            author: AUTHOR,
            at: clock.now(),
          });
    await db
      .insertInto('attempts')
      .values({
        id: attemptId,
        organization_id: organizationId,
        invitation_id: invitationId,
        test_version_id: test.versionId,
        status: 'submitted',
        started_at: at,
        initial_commit: initialCommit,
        head_commit: commit,
        head_committed_at: at,
        last_draft_commit_at: null,
        git_password_hash: 'x',
        git_password_sealed: 'x',
        language: input.language ?? null,
        submitted_at: at,
        submitted_commit: commit,
        submit_reason: 'candidate',
        created_at: at,
        updated_at: at,
      })
      .execute();
    await db
      .transaction()
      .execute((trx) => grading.service.enqueueGrading(trx, { attemptId, requestedByUserId: null }));
    const { id: gradingId } = await db
      .selectFrom('gradings')
      .select('id')
      .where('attempt_id', '=', attemptId)
      .executeTakeFirstOrThrow();
    return { attemptId, invitationId, gradingId, testVersionId: test.versionId, commit };
  }

  /** Drain due jobs; then advance the clock past every retry delay and drain again, `rounds` times. */
  async function drainWithRetries(rounds = 6): Promise<void> {
    for (let round = 0; round < rounds; round++) {
      await jobs.drain?.();
      clock.advance(2 * 3_600_000);
    }
  }

  const gradingRows = (invitationId: string) =>
    db
      .selectFrom('gradings')
      .selectAll()
      .where('invitation_id', '=', invitationId)
      .orderBy('number')
      .execute();
  /** The grading `number` of the invitation (throws when there is none). */
  const gradingRow = async (invitationId: string, number = 1) => {
    const row = (await gradingRows(invitationId)).find((r) => r.number === number);
    if (!row) throw new Error(`invitation ${invitationId} has no grading ${String(number)}`);
    return row;
  };
  const invitationRow = (invitationId: string) =>
    db.selectFrom('invitations').selectAll().where('id', '=', invitationId).executeTakeFirstOrThrow();

  return {
    db,
    database,
    clock,
    dataDir,
    repos,
    jobs,
    org,
    grading: grading.service,
    invitations: invitations.service,
    builtinVersion,
    submit,
    drain: () => jobs.drain?.() ?? Promise.resolve(0),
    drainWithRetries,
    gradingRows,
    gradingRow,
    invitationRow,
    close: () => database.destroy(),
  };
}

export type GradingHarness = Awaited<ReturnType<typeof buildGradingHarness>>;
