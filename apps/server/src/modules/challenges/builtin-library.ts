import { fileURLToPath } from 'node:url';
import type { Config } from '../../config/index.js';
import type { Db, DialectHelpers } from '../../db/index.js';
import type { Clock } from '../../platform/clock/index.js';
import type { Logger } from '../../platform/log/index.js';
import { createChallengesService } from './challenges.service.js';

/** The repository's `challenges/` (src/modules/challenges and dist/modules/challenges are both five levels down). */
export const BUILT_IN_LIBRARY_DIR = fileURLToPath(new URL('../../../../../challenges', import.meta.url));

/**
 * Syncs the repository's built-in challenges into the library (`assay serve`, `assay setup`):
 * unchanged ones cost a hash; a changed one gets a new version; a broken one is logged and skipped.
 */
export async function syncBuiltInChallenges(
  deps: {
    db: Db;
    dialect: Pick<DialectHelpers, 'isUniqueViolation'>;
    clock: Clock;
    config: Pick<Config, 'dataDir'>;
    logger: Logger;
  },
  libraryDir: string = BUILT_IN_LIBRARY_DIR,
) {
  const results = await createChallengesService(deps).syncBuiltInLibrary(libraryDir);
  for (const result of results) {
    if (result.outcome === 'invalid')
      deps.logger.error({ slug: result.slug, problem: result.message }, 'built-in challenge is invalid: skipped');
    else if (result.outcome !== 'unchanged')
      deps.logger.info({ slug: result.slug, outcome: result.outcome }, 'built-in challenge synced');
  }
  return results;
}
