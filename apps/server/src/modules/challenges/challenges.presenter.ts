import type {
  ChallengeDetail,
  ChallengeDifficulty,
  ChallengeSummary,
  ChallengeVersionRef,
  Test,
  TestChallenge,
  TestStatus,
} from '@assay/contracts';
import type { ChallengeVersionRow, ChallengeWithVersion, TestRow } from './challenges.repository.js';

function jsonArray(text: string): string[] {
  const value: unknown = JSON.parse(text);
  return Array.isArray(value) ? value.map(String) : [];
}

export function presentVersionRef(row: Pick<ChallengeVersionRow, 'id' | 'number' | 'created_at'>): ChallengeVersionRef {
  return { id: row.id, number: row.number, createdAt: row.created_at };
}

export function presentChallengeSummary({ challenge, version }: ChallengeWithVersion): ChallengeSummary {
  return {
    id: challenge.id,
    slug: challenge.slug,
    kind: challenge.kind,
    title: version.title,
    summary: version.summary,
    difficulty: version.difficulty as ChallengeDifficulty | null,
    languages: jsonArray(version.languages),
    suggestedMinutes: version.suggested_minutes,
    tags: jsonArray(version.tags),
    builtIn: challenge.organization_id === null,
    latestVersion: presentVersionRef(version),
  };
}

export function presentChallengeDetail(
  item: ChallengeWithVersion,
  versions: Pick<ChallengeVersionRow, 'id' | 'number' | 'created_at'>[],
): ChallengeDetail {
  return {
    ...presentChallengeSummary(item),
    statementMarkdown: item.version.statement_markdown,
    sha256: item.version.sha256,
    versions: versions.map(presentVersionRef),
  };
}

/** The draft's `{ challengeId, weight }` list. */
export function draftChallenges(row: Pick<TestRow, 'challenges'>): { challengeId: string; weight: number }[] {
  const value = JSON.parse(row.challenges) as { challengeId: string; weight: number }[];
  return value.map((c) => ({ challengeId: c.challengeId, weight: c.weight }));
}

export function testStatus(row: Pick<TestRow, 'archived_at' | 'published_version_id'>): TestStatus {
  if (row.archived_at !== null) return 'archived';
  return row.published_version_id === null ? 'draft' : 'published';
}

/** A test as the API shows it; challenges resolved to their latest versions. */
export function presentTest(row: TestRow, challenges: Map<string, ChallengeWithVersion>): Test {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    status: testStatus(row),
    hasUnpublishedChanges: row.has_unpublished_changes === 1,
    publishedVersion: row.published_version_number,
    challenges: draftChallenges(row).flatMap((item): TestChallenge[] => {
      const found = challenges.get(item.challengeId);
      if (!found) return [];
      return [
        {
          challengeId: item.challengeId,
          challengeVersionId: found.version.id,
          versionNumber: found.version.number,
          title: found.version.title,
          kind: found.challenge.kind,
          weight: item.weight,
        },
      ];
    }),
    timeLimitMinutes: row.time_limit_minutes,
    validityDays: row.validity_days,
    allowedLanguages: jsonArray(row.allowed_languages),
    instructions: row.instructions,
    showFeedback: row.show_feedback === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    archivedAt: row.archived_at,
  };
}
