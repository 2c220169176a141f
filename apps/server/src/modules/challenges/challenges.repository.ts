import type { Selectable } from 'kysely';
import type { DbOrTrx } from '../../db/index.js';
import type { ChallengesTable } from '../../db/schema/challenges.table.js';
import type { ChallengeVersionsTable } from '../../db/schema/challenge-versions.table.js';
import type { TestsTable } from '../../db/schema/tests.table.js';
import type { TestVersionChallengesTable, TestVersionsTable } from '../../db/schema/test-versions.table.js';

export type ChallengeRow = Selectable<ChallengesTable>;
export type ChallengeVersionRow = Selectable<ChallengeVersionsTable>;
export type TestRow = Selectable<TestsTable>;
export type TestVersionRow = Selectable<TestVersionsTable>;
export type TestVersionChallengeRow = Selectable<TestVersionChallengesTable>;

/** A challenge with its latest version. */
export interface ChallengeWithVersion {
  challenge: ChallengeRow;
  version: ChallengeVersionRow;
}

/** The owner key of built-in challenges (organization_id NULL). */
export const BUILT_IN_OWNER = 'builtin';

export async function findChallengeBySlug(db: DbOrTrx, ownerKey: string, slug: string) {
  return db
    .selectFrom('challenges')
    .selectAll()
    .where('owner_key', '=', ownerKey)
    .where('slug', '=', slug)
    .executeTakeFirst();
}

/** The challenge of `ownerKey` whose latest version has this content hash. */
export async function findLatestBySha(db: DbOrTrx, ownerKey: string, sha256: string) {
  return db
    .selectFrom('challenges')
    .innerJoin('challenge_versions', 'challenge_versions.id', 'challenges.latest_version_id')
    .selectAll('challenges')
    .where('challenges.owner_key', '=', ownerKey)
    .where('challenge_versions.sha256', '=', sha256)
    .executeTakeFirst();
}

export async function insertChallenge(db: DbOrTrx, row: ChallengeRow): Promise<void> {
  await db.insertInto('challenges').values(row).execute();
}

export async function insertChallengeVersion(db: DbOrTrx, row: ChallengeVersionRow): Promise<void> {
  await db.insertInto('challenge_versions').values(row).execute();
}

export async function setLatestVersion(db: DbOrTrx, challengeId: string, versionId: string, at: string) {
  await db
    .updateTable('challenges')
    .set({ latest_version_id: versionId, updated_at: at })
    .where('id', '=', challengeId)
    .execute();
}

export async function getVersion(db: DbOrTrx, versionId: string) {
  return db.selectFrom('challenge_versions').selectAll().where('id', '=', versionId).executeTakeFirst();
}

export async function maxVersionNumber(db: DbOrTrx, challengeId: string): Promise<number> {
  const row = await db
    .selectFrom('challenge_versions')
    .select((eb) => eb.fn.max<number | string>('number').as('max'))
    .where('challenge_id', '=', challengeId)
    .executeTakeFirst();
  return Number(row?.max ?? 0);
}

/** Challenges `organizationId` can see (built-in + its own) with their latest versions. */
export async function listVisibleChallenges(
  db: DbOrTrx,
  organizationId: string,
  filter: { kind?: string | undefined; ids?: readonly string[] },
): Promise<ChallengeWithVersion[]> {
  let query = db
    .selectFrom('challenges')
    .selectAll()
    .where((eb) => eb.or([eb('owner_key', '=', BUILT_IN_OWNER), eb('organization_id', '=', organizationId)]))
    .where('latest_version_id', 'is not', null);
  if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind as ChallengeRow['kind']);
  if (filter.ids !== undefined) {
    if (filter.ids.length === 0) return [];
    query = query.where('id', 'in', filter.ids);
  }
  const challenges = await query.orderBy('slug').orderBy('id').execute();
  const versionIds = challenges.flatMap((c) => (c.latest_version_id === null ? [] : [c.latest_version_id]));
  const versions = await getVersionsByIds(db, versionIds);
  return challenges.flatMap((challenge) => {
    const version = versions.get(challenge.latest_version_id ?? '');
    return version ? [{ challenge, version }] : [];
  });
}

export async function getVersionsByIds(db: DbOrTrx, ids: readonly string[]) {
  if (ids.length === 0) return new Map<string, ChallengeVersionRow>();
  const rows = await db.selectFrom('challenge_versions').selectAll().where('id', 'in', ids).execute();
  return new Map(rows.map((row) => [row.id, row]));
}

export async function listVersions(db: DbOrTrx, challengeId: string) {
  return db
    .selectFrom('challenge_versions')
    .select(['id', 'number', 'created_at'])
    .where('challenge_id', '=', challengeId)
    .orderBy('number', 'desc')
    .execute();
}

// ---------------------------------------------------------------- tests

export async function insertTest(db: DbOrTrx, row: TestRow): Promise<void> {
  await db.insertInto('tests').values(row).execute();
}

export async function updateTest(db: DbOrTrx, id: string, changes: Partial<Omit<TestRow, 'id'>>) {
  await db.updateTable('tests').set(changes).where('id', '=', id).execute();
}

export async function getTest(db: DbOrTrx, organizationId: string, testId: string) {
  return db
    .selectFrom('tests')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', testId)
    .executeTakeFirst();
}

export async function listTests(db: DbOrTrx, organizationId: string) {
  return db
    .selectFrom('tests')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('updated_at', 'desc')
    .orderBy('id')
    .execute();
}

export async function insertTestVersion(
  db: DbOrTrx,
  row: TestVersionRow,
  challenges: TestVersionChallengeRow[],
): Promise<void> {
  await db.insertInto('test_versions').values(row).execute();
  if (challenges.length > 0) await db.insertInto('test_version_challenges').values(challenges).execute();
}

export async function getTestVersion(db: DbOrTrx, id: string) {
  return db.selectFrom('test_versions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listTestVersionChallenges(db: DbOrTrx, testVersionId: string) {
  return db
    .selectFrom('test_version_challenges')
    .selectAll()
    .where('test_version_id', '=', testVersionId)
    .orderBy('position')
    .execute();
}
