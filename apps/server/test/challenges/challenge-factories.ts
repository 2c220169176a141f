import type { ChallengeKind } from '@assay/contracts';
import type { Db } from '../../src/db/index.js';
import { newId } from '../../src/platform/crypto/index.js';

/**
 * A challenge with one version, inserted directly (no files): the organization's own, or a
 * built-in one with `organizationId: null`.
 */
export async function makeChallenge(
  db: Db,
  organizationId: string | null,
  kind: ChallengeKind = 'algorithmic',
): Promise<{ challengeId: string; versionId: string; slug: string }> {
  const challengeId = newId();
  const versionId = newId();
  const slug = `c-${challengeId.toLowerCase()}`;
  const at = new Date().toISOString();
  await db
    .insertInto('challenges')
    .values({
      id: challengeId,
      organization_id: organizationId,
      owner_key: organizationId ?? 'builtin',
      slug,
      kind,
      latest_version_id: null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  await db
    .insertInto('challenge_versions')
    .values({
      id: versionId,
      challenge_id: challengeId,
      number: 1,
      title: `Challenge ${slug}`,
      summary: 'A factory challenge.',
      difficulty: kind === 'project' ? 'easy' : null,
      languages: JSON.stringify(kind === 'project' ? ['python3'] : ['python3', 'cpp']),
      suggested_minutes: kind === 'project' ? 60 : null,
      tags: '[]',
      manifest: '{}',
      statement_markdown: `# ${slug}\n\nSolve it.\n`,
      sha256: newId(),
      files_path: 'challenges/none',
      created_by_user_id: null,
      created_at: at,
    })
    .execute();
  await db.updateTable('challenges').set({ latest_version_id: versionId }).where('id', '=', challengeId).execute();
  return { challengeId, versionId, slug };
}

/** A draft problems test over a new algorithmic challenge of the organization. */
export async function makeDraftTest(
  db: Db,
  organizationId: string,
  options: { archived?: boolean } = {},
): Promise<{ id: string; challengeId: string }> {
  const { challengeId } = await makeChallenge(db, organizationId, 'algorithmic');
  const id = newId();
  const at = new Date().toISOString();
  await db
    .insertInto('tests')
    .values({
      id,
      organization_id: organizationId,
      name: `Draft ${id.slice(-5)}`,
      kind: 'problems',
      challenges: JSON.stringify([{ challengeId, weight: 1 }]),
      time_limit_minutes: 60,
      validity_days: 7,
      allowed_languages: JSON.stringify(['python3']),
      instructions: '',
      show_feedback: 0,
      published_version_id: null,
      published_version_number: null,
      has_unpublished_changes: 1,
      archived_at: options.archived ? at : null,
      created_by_user_id: null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  return { id, challengeId };
}
