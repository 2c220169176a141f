import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type {
  ChallengeDetail,
  ChallengeImportResult,
  ChallengeListQuery,
  ChallengeStatement,
  ChallengeSummary,
} from '@assay/contracts';
import type { Config } from '../../config/index.js';
import type { Db, DialectHelpers } from '../../db/index.js';
import type { Clock } from '../../platform/clock/index.js';
import { newId } from '../../platform/crypto/index.js';
import { recordAuditEvent } from '../audit/index.js';
import { readChallengePackage, slugHintOf } from './challenge-package.js';
import { ChallengeErrors, PackageInvalidError, invalidPackageError, packageProblem } from './challenges.errors.js';
import { presentChallengeDetail, presentChallengeSummary, presentVersionRef } from './challenges.presenter.js';
import * as repo from './challenges.repository.js';
import { hashPackage, listPackageFiles, storePackage } from './package-files.js';
import { extractZip } from './zip-extract.js';

export interface ChallengesDeps {
  db: Db;
  /** Without it, a lost race for a slug fails instead of being retried. */
  dialect?: Pick<DialectHelpers, 'isUniqueViolation'>;
  clock: Clock;
  config: Pick<Config, 'dataDir'>;
}

/** Who imports: an organization member, or Assay itself (the built-in library). */
export type ImportOwner = { organizationId: string; userId: string | null } | { builtIn: true };

export type ChallengesService = ReturnType<typeof createChallengesService>;

/** The challenge library: import, versions, built-in sync, reads. */
export function createChallengesService(deps: ChallengesDeps) {
  const { db, clock } = deps;
  const storeRoot = join(deps.config.dataDir, 'challenges');

  async function findVisible(organizationId: string, challengeId: string) {
    const [found] = await repo.listVisibleChallenges(db, organizationId, { ids: [challengeId] });
    if (!found)
      throw ChallengeErrors.create('challenges.not_found', {
        message: `challenge ${challengeId} not visible to ${organizationId}`,
        userMessage: 'Challenge not found.',
      });
    return found;
  }

  /**
   * Imports a package folder as a new challenge, a new version of the challenge with the same
   * slug, or nothing when its content is unchanged. Throws PackageInvalidError.
   */
  async function importFolder(owner: ImportOwner, root: string, slugHint: string): Promise<ChallengeImportResult> {
    try {
      return await importOnce(owner, root, slugHint);
    } catch (error) {
      // A concurrent import (e.g. two servers syncing the built-in library at start) won the
      // race for the slug or the version number: the second pass sees its result.
      if (deps.dialect?.isUniqueViolation(error) !== true) throw error;
      return importOnce(owner, root, slugHint);
    }
  }

  async function importOnce(owner: ImportOwner, root: string, slugHint: string): Promise<ChallengeImportResult> {
    const ownerKey = 'builtIn' in owner ? repo.BUILT_IN_OWNER : owner.organizationId;
    const files = await listPackageFiles(root);
    const sha256 = await hashPackage(root, files);
    // Restarts re-hash the library only: an unchanged package is not validated again.
    const same = await repo.findLatestBySha(db, ownerKey, sha256);
    if (same) {
      const [item] = await repo.listVisibleChallenges(db, same.organization_id ?? '', { ids: [same.id] });
      if (item) return { outcome: 'unchanged', challenge: presentChallengeSummary(item), version: presentVersionRef(item.version) };
    }
    const parsed = await readChallengePackage(root, slugHint);
    await storePackage(root, files, storeRoot, sha256);
    const now = clock.now().toISOString();
    const userId = 'builtIn' in owner ? null : owner.userId;
    const organizationId = 'builtIn' in owner ? null : owner.organizationId;
    const result = await db.transaction().execute(async (trx) => {
      const existing = await repo.findChallengeBySlug(trx, ownerKey, parsed.slug);
      if (existing && existing.kind !== parsed.kind)
        throw packageProblem(
          parsed.kind === 'project' ? 'challenge.json' : 'problem.yaml',
          `the slug "${parsed.slug}" is already a ${existing.kind} challenge`,
          { field: 'slug' },
        );
      const latest = existing?.latest_version_id ? await repo.getVersion(trx, existing.latest_version_id) : undefined;
      if (existing && latest?.sha256 === sha256) {
        // The same content was imported meanwhile.
        const [item] = await repo.listVisibleChallenges(trx, organizationId ?? '', { ids: [existing.id] });
        if (item) return { outcome: 'unchanged' as const, item };
      }
      const challengeId = existing?.id ?? newId();
      if (!existing)
        await repo.insertChallenge(trx, {
          id: challengeId,
          organization_id: organizationId,
          owner_key: ownerKey,
          slug: parsed.slug,
          kind: parsed.kind,
          latest_version_id: null,
          created_at: now,
          updated_at: now,
        });
      const version: repo.ChallengeVersionRow = {
        id: newId(),
        challenge_id: challengeId,
        number: (await repo.maxVersionNumber(trx, challengeId)) + 1,
        title: parsed.title,
        summary: parsed.summary,
        difficulty: parsed.difficulty,
        languages: JSON.stringify(parsed.languages),
        suggested_minutes: parsed.suggestedMinutes,
        tags: JSON.stringify(parsed.tags),
        manifest: JSON.stringify(parsed.manifest),
        statement_markdown: parsed.statementMarkdown,
        sha256,
        files_path: `challenges/${sha256}`,
        created_by_user_id: userId,
        created_at: now,
      };
      await repo.insertChallengeVersion(trx, version);
      await repo.setLatestVersion(trx, challengeId, version.id, now);
      if (organizationId !== null)
        await recordAuditEvent(trx, {
          organizationId,
          actorUserId: userId,
          action: 'challenges.imported',
          subjectType: 'challenge',
          subjectId: challengeId,
          data: { slug: parsed.slug, version: version.number, sha256 },
          occurredAt: clock.now(),
        });
      const [item] = await repo.listVisibleChallenges(trx, organizationId ?? '', { ids: [challengeId] });
      if (!item) throw new Error('imported challenge not found');
      return { outcome: existing ? ('new_version' as const) : ('created' as const), item };
    });
    return {
      outcome: result.outcome,
      challenge: presentChallengeSummary(result.item),
      version: presentVersionRef(result.item.version),
    };
  }

  async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
    const parent = join(deps.config.dataDir, 'tmp');
    await mkdir(parent, { recursive: true });
    const dir = await mkdtemp(join(parent, 'import-'));
    try {
      return await fn(dir);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** A zip wrapping the package in one top-level folder: that folder is the package (and the slug hint). */
  async function packageRootOf(dir: string, fallbackHint: string): Promise<{ root: string; hint: string }> {
    const names = (await readdir(dir)).filter((n) => n !== '__MACOSX');
    const [only] = names;
    if (
      names.length === 1 &&
      only !== undefined &&
      !['challenge.json', 'problem.yaml'].includes(only) &&
      (await stat(join(dir, only))).isDirectory()
    )
      return { root: join(dir, only), hint: only };
    return { root: dir, hint: fallbackHint };
  }

  return {
    importFolder,

    /** Imports an uploaded zip for an organization; `challenges.invalid_package` names the file. */
    async importZip(
      owner: { organizationId: string; userId: string | null },
      zip: Buffer,
      fileName = 'package.zip',
    ): Promise<ChallengeImportResult> {
      try {
        return await withTempDir(async (dir) => {
          await extractZip(zip, dir);
          const { root, hint } = await packageRootOf(dir, slugHintOf(fileName));
          return importFolder(owner, root, hint);
        });
      } catch (error) {
        if (error instanceof PackageInvalidError) throw invalidPackageError(error);
        throw error;
      }
    },

    /**
     * Syncs `libraryDir/<slug>/` into the built-in library (idempotent by content hash).
     * Returns one line per challenge; a broken package is reported, not fatal.
     */
    async syncBuiltInLibrary(libraryDir: string) {
      const results: { slug: string; outcome: ChallengeImportResult['outcome'] | 'invalid'; message?: string }[] = [];
      const entries = await readdir(libraryDir, { withFileTypes: true }).catch(() => []);
      for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
        try {
          const result = await importFolder({ builtIn: true }, join(libraryDir, entry.name), entry.name);
          results.push({ slug: entry.name, outcome: result.outcome });
        } catch (error) {
          if (!(error instanceof PackageInvalidError)) throw error;
          results.push({ slug: entry.name, outcome: 'invalid', message: error.message });
        }
      }
      return results;
    },

    async listChallenges(organizationId: string, query: ChallengeListQuery): Promise<ChallengeSummary[]> {
      const items = await repo.listVisibleChallenges(db, organizationId, { kind: query.kind });
      const q = query.q?.toLowerCase();
      const summaries = items.map(presentChallengeSummary);
      if (q === undefined || q === '') return summaries;
      return summaries.filter((c) =>
        [c.title, c.slug, c.summary, ...c.tags].some((text) => text.toLowerCase().includes(q)),
      );
    },

    async getChallenge(organizationId: string, challengeId: string): Promise<ChallengeDetail> {
      const item = await findVisible(organizationId, challengeId);
      return presentChallengeDetail(item, await repo.listVersions(db, challengeId));
    },

    async getStatement(organizationId: string, challengeId: string, versionId: string): Promise<ChallengeStatement> {
      await findVisible(organizationId, challengeId);
      const version = await repo.getVersion(db, versionId);
      if (version?.challenge_id !== challengeId)
        throw ChallengeErrors.create('challenges.not_found', {
          message: `version ${versionId} of ${challengeId} not found`,
          userMessage: 'Challenge version not found.',
        });
      return {
        challengeId,
        versionId: version.id,
        versionNumber: version.number,
        title: version.title,
        markdown: version.statement_markdown,
      };
    },

    /** Challenges visible to the organization, by id, with their latest versions. */
    async visibleChallenges(organizationId: string, ids: readonly string[]) {
      const items = await repo.listVisibleChallenges(db, organizationId, { ids });
      return new Map(items.map((item) => [item.challenge.id, item]));
    },
  };
}
