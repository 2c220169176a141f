import type { Config } from '../../config/index.js';
import type { Db, DialectHelpers } from '../../db/index.js';
import type { Clock } from '../../platform/clock/index.js';
import { challengesRoutes } from './challenges.routes.js';
import { createChallengesService } from './challenges.service.js';
import { createTestsService } from './tests.service.js';

export interface ChallengesModuleDeps {
  db: Db;
  /** Without it, a lost race for a slug fails instead of being retried. */
  dialect?: Pick<DialectHelpers, 'isUniqueViolation'>;
  clock: Clock;
  config: Pick<Config, 'dataDir'>;
}

/**
 * The challenge library (built-in + imported, versioned) and tests. `service` is what other
 * modules use: `getTestForInvitation` for invitations.
 */
export function createChallengesModule(deps: ChallengesModuleDeps) {
  const library = createChallengesService(deps);
  const tests = createTestsService(deps);
  return {
    library,
    service: {
      getTestForInvitation: (organizationId: string, testId: string) =>
        tests.getTestForInvitation(organizationId, testId),
      getTestVersionInstructions: (testVersionId: string) => tests.getTestVersionInstructions(testVersionId),
    },
    tests,
    routes: challengesRoutes({ challenges: library, tests }),
    jobs: [],
  };
}

export type ChallengesModule = ReturnType<typeof createChallengesModule>;
export type { TestForInvitation } from './tests.service.js';
export { createChallengesService, type ChallengesService, type ImportOwner } from './challenges.service.js';
export { createTestsService, type TestsService } from './tests.service.js';
export { ChallengeErrors, PackageInvalidError, formatPackageProblem } from './challenges.errors.js';
export { syncBuiltInChallenges, BUILT_IN_LIBRARY_DIR } from './builtin-library.js';
export { slugHintOf } from './challenge-package.js';
export {
  loadTestMaterial,
  initialFiles,
  languageOfFile,
  languageExtension,
  TestMaterialError,
  type TestMaterial,
  type ProblemMaterial,
} from './test-material.js';
