import type { CreateTestBody, Test, TestListQuery, UpdateTestBody } from '@assay/contracts';
import type { Db, DbOrTrx } from '../../db/index.js';
import type { Clock } from '../../platform/clock/index.js';
import { newId } from '../../platform/crypto/index.js';
import { recordAuditEvent } from '../audit/index.js';
import { ChallengeErrors } from './challenges.errors.js';
import { draftChallenges, presentTest, testStatus } from './challenges.presenter.js';
import * as repo from './challenges.repository.js';
import { checkTestChallenges, type TestDraft } from './tests.policy.js';

export interface TestsDeps {
  db: Db;
  clock: Clock;
}

/** What the invitations module needs to send a test. */
export interface TestForInvitation {
  testId: string;
  testVersionId: string;
  testName: string;
  kind: 'project' | 'problems';
  timeLimitMinutes: number;
  validityDays: number;
  languages: string[];
}

export type TestsService = ReturnType<typeof createTestsService>;

/** Tests: drafts, immutable published versions, archive, duplicate. */
export function createTestsService(deps: TestsDeps) {
  const { db, clock } = deps;

  function notFound(testId: string) {
    return ChallengeErrors.create('tests.not_found', {
      message: `test ${testId} not found`,
      userMessage: 'Test not found.',
    });
  }

  async function loadTest(trx: DbOrTrx, organizationId: string, testId: string) {
    const row = await repo.getTest(trx, organizationId, testId);
    if (!row) throw notFound(testId);
    return row;
  }

  function refuseArchived(row: repo.TestRow) {
    if (row.archived_at !== null)
      throw ChallengeErrors.create('tests.archived', {
        message: `test ${row.id} is archived`,
        userMessage: 'This test is archived. Unarchive it first.',
      });
  }

  async function present(trx: DbOrTrx, row: repo.TestRow): Promise<Test> {
    const ids = draftChallenges(row).map((c) => c.challengeId);
    const items = await repo.listVisibleChallenges(trx, row.organization_id, { ids });
    return presentTest(row, new Map(items.map((item) => [item.challenge.id, item])));
  }

  /** Checks the draft against the library (visible challenges of the right kind); tests.invalid otherwise. */
  async function validateDraft(trx: DbOrTrx, organizationId: string, draft: TestDraft) {
    const ids = draft.challenges.map((c) => c.challengeId);
    const items = await repo.listVisibleChallenges(trx, organizationId, { ids });
    const byId = new Map(items.map((item) => [item.challenge.id, item]));
    const problem = checkTestChallenges(draft, (id) => byId.get(id)?.challenge.kind);
    if (problem)
      throw ChallengeErrors.create('tests.invalid', {
        message: problem.message,
        details: { fields: { [problem.field]: [problem.message] } },
      });
    return byId;
  }

  function draftColumns(draft: TestDraft) {
    return {
      name: draft.name,
      kind: draft.kind,
      challenges: JSON.stringify(draft.challenges.map((c) => ({ challengeId: c.challengeId, weight: c.weight }))),
      time_limit_minutes: draft.timeLimitMinutes,
      validity_days: draft.validityDays,
      // A project test's language is its challenge's.
      allowed_languages: JSON.stringify(draft.kind === 'project' ? [] : [...new Set(draft.allowedLanguages)]),
      instructions: draft.instructions,
      show_feedback: draft.showFeedback ? 1 : 0,
    };
  }

  function draftOf(row: repo.TestRow): TestDraft {
    return {
      name: row.name,
      kind: row.kind,
      challenges: draftChallenges(row),
      timeLimitMinutes: row.time_limit_minutes,
      validityDays: row.validity_days,
      allowedLanguages: JSON.parse(row.allowed_languages) as string[],
      instructions: row.instructions,
      showFeedback: row.show_feedback === 1,
    };
  }

  async function audit(trx: DbOrTrx, organizationId: string, userId: string, action: string, testId: string, data?: Record<string, unknown>) {
    await recordAuditEvent(trx, {
      organizationId,
      actorUserId: userId,
      action,
      subjectType: 'test',
      subjectId: testId,
      ...(data ? { data } : {}),
      occurredAt: clock.now(),
    });
  }

  async function insertDraft(trx: DbOrTrx, organizationId: string, userId: string, draft: TestDraft) {
    const now = clock.now().toISOString();
    const row: repo.TestRow = {
      id: newId(),
      organization_id: organizationId,
      ...draftColumns(draft),
      published_version_id: null,
      published_version_number: null,
      has_unpublished_changes: 1,
      archived_at: null,
      created_by_user_id: userId,
      created_at: now,
      updated_at: now,
    };
    await repo.insertTest(trx, row);
    return row;
  }

  return {
    async listTests(organizationId: string, query: TestListQuery): Promise<Test[]> {
      const rows = await repo.listTests(db, organizationId);
      const filtered = query.status === undefined ? rows : rows.filter((row) => testStatus(row) === query.status);
      const ids = [...new Set(filtered.flatMap((row) => draftChallenges(row).map((c) => c.challengeId)))];
      const items = await repo.listVisibleChallenges(db, organizationId, { ids });
      const byId = new Map(items.map((item) => [item.challenge.id, item]));
      return filtered.map((row) => presentTest(row, byId));
    },

    async getTest(organizationId: string, testId: string): Promise<Test> {
      return present(db, await loadTest(db, organizationId, testId));
    },

    async createTest(actor: { userId: string }, organizationId: string, body: CreateTestBody): Promise<Test> {
      return db.transaction().execute(async (trx) => {
        const draft: TestDraft = { ...body };
        await validateDraft(trx, organizationId, draft);
        const row = await insertDraft(trx, organizationId, actor.userId, draft);
        await audit(trx, organizationId, actor.userId, 'tests.created', row.id, { name: row.name });
        return present(trx, row);
      });
    },

    async updateTest(actor: { userId: string }, organizationId: string, testId: string, body: UpdateTestBody): Promise<Test> {
      return db.transaction().execute(async (trx) => {
        const row = await loadTest(trx, organizationId, testId);
        refuseArchived(row);
        const draft: TestDraft = { ...draftOf(row), ...body };
        await validateDraft(trx, organizationId, draft);
        const changes = { ...draftColumns(draft), has_unpublished_changes: 1, updated_at: clock.now().toISOString() };
        await repo.updateTest(trx, testId, changes);
        await audit(trx, organizationId, actor.userId, 'tests.updated', testId, { fields: Object.keys(body) });
        return present(trx, { ...row, ...changes });
      });
    },

    /** Snapshots the draft as a new immutable version pinned to the challenges' latest versions. */
    async publishTest(actor: { userId: string }, organizationId: string, testId: string): Promise<Test> {
      return db.transaction().execute(async (trx) => {
        const row = await loadTest(trx, organizationId, testId);
        refuseArchived(row);
        const draft = draftOf(row);
        const byId = await validateDraft(trx, organizationId, draft);
        const pinned = draft.challenges.map((c) => byId.get(c.challengeId)?.version.id ?? '');
        if (row.published_version_id !== null && row.has_unpublished_changes === 0) {
          const current = await repo.listTestVersionChallenges(trx, row.published_version_id);
          // Nothing changed, not even a challenge version: publishing again is a no-op.
          if (current.map((c) => c.challenge_version_id).join() === pinned.join()) return present(trx, row);
        }
        const now = clock.now().toISOString();
        const versionId = newId();
        const number = (row.published_version_number ?? 0) + 1;
        await repo.insertTestVersion(
          trx,
          {
            id: versionId,
            test_id: testId,
            number,
            name: draft.name,
            kind: draft.kind,
            time_limit_minutes: draft.timeLimitMinutes,
            validity_days: draft.validityDays,
            allowed_languages: row.allowed_languages,
            instructions: draft.instructions,
            show_feedback: draft.showFeedback ? 1 : 0,
            published_by_user_id: actor.userId,
            published_at: now,
          },
          draft.challenges.map((c, position) => ({
            test_version_id: versionId,
            position,
            challenge_version_id: pinned[position] ?? '',
            weight: c.weight,
          })),
        );
        const changes = {
          published_version_id: versionId,
          published_version_number: number,
          has_unpublished_changes: 0,
          updated_at: now,
        };
        await repo.updateTest(trx, testId, changes);
        await audit(trx, organizationId, actor.userId, 'tests.published', testId, { version: number });
        return present(trx, { ...row, ...changes });
      });
    },

    async archiveTest(actor: { userId: string }, organizationId: string, testId: string): Promise<Test> {
      return db.transaction().execute(async (trx) => {
        const row = await loadTest(trx, organizationId, testId);
        refuseArchived(row);
        const now = clock.now().toISOString();
        await repo.updateTest(trx, testId, { archived_at: now, updated_at: now });
        await audit(trx, organizationId, actor.userId, 'tests.archived', testId);
        return present(trx, { ...row, archived_at: now, updated_at: now });
      });
    },

    async unarchiveTest(actor: { userId: string }, organizationId: string, testId: string): Promise<Test> {
      return db.transaction().execute(async (trx) => {
        const row = await loadTest(trx, organizationId, testId);
        if (row.archived_at === null) return present(trx, row);
        const now = clock.now().toISOString();
        await repo.updateTest(trx, testId, { archived_at: null, updated_at: now });
        await audit(trx, organizationId, actor.userId, 'tests.unarchived', testId);
        return present(trx, { ...row, archived_at: null, updated_at: now });
      });
    },

    /** A new draft with the test's current settings (archived tests too). */
    async duplicateTest(actor: { userId: string }, organizationId: string, testId: string): Promise<Test> {
      return db.transaction().execute(async (trx) => {
        const source = await loadTest(trx, organizationId, testId);
        const draft = draftOf(source);
        const name = `${draft.name} (copy)`;
        const row = await insertDraft(trx, organizationId, actor.userId, {
          ...draft,
          name: name.length > 120 ? `${draft.name.slice(0, 113)} (copy)` : name,
        });
        await audit(trx, organizationId, actor.userId, 'tests.duplicated', row.id, { sourceTestId: testId });
        return present(trx, row);
      });
    },

    /**
     * The published version an invitation pins. tests.not_found (404), tests.archived (409),
     * tests.not_published (409).
     */
    /** The instructions of a test version (empty when the version does not exist). */
    async getTestVersionInstructions(testVersionId: string): Promise<string> {
      return (await repo.getTestVersion(db, testVersionId))?.instructions ?? '';
    },

    /**
     * The organization's published, unarchived tests as their published versions name them
     * (ATS integrations list these to partners; ids are the stable test ids).
     */
    async listPublishedTests(
      organizationId: string,
    ): Promise<{ testId: string; name: string; instructions: string; timeLimitMinutes: number }[]> {
      const rows = (await repo.listTests(db, organizationId)).filter((row) => testStatus(row) === 'published');
      const items = [];
      for (const row of rows) {
        const version = row.published_version_id ? await repo.getTestVersion(db, row.published_version_id) : undefined;
        if (!version) continue;
        items.push({
          testId: row.id,
          name: version.name,
          instructions: version.instructions,
          timeLimitMinutes: version.time_limit_minutes,
        });
      }
      return items.sort((a, b) => a.name.localeCompare(b.name) || a.testId.localeCompare(b.testId));
    },

    async getTestForInvitation(organizationId: string, testId: string): Promise<TestForInvitation> {
      const row = await loadTest(db, organizationId, testId);
      refuseArchived(row);
      if (row.published_version_id === null)
        throw ChallengeErrors.create('tests.not_published', {
          message: `test ${testId} has no published version`,
          userMessage: 'Publish the test before inviting candidates.',
        });
      const version = await repo.getTestVersion(db, row.published_version_id);
      if (!version) throw notFound(testId);
      let languages = JSON.parse(version.allowed_languages) as string[];
      if (version.kind === 'project') {
        const pinned = await repo.listTestVersionChallenges(db, version.id);
        const versions = await repo.getVersionsByIds(db, pinned.map((p) => p.challenge_version_id));
        languages = [...new Set([...versions.values()].flatMap((v) => JSON.parse(v.languages) as string[]))];
      }
      return {
        testId,
        testVersionId: version.id,
        testName: version.name,
        kind: version.kind,
        timeLimitMinutes: version.time_limit_minutes,
        validityDays: version.validity_days,
        languages,
      };
    },
  };
}
