import type { PackageProblem } from '@assay/contracts';
import { defineErrors } from '../../platform/errors/index.js';

/** Challenge library and test error codes. */
export const ChallengeErrors = defineErrors({
  'challenges.invalid_package': {
    status: 400,
    when: 'an imported package is malformed; details.problems name the file, line or field',
  },
  'challenges.not_found': {
    status: 404,
    when: 'the challenge or version does not exist or belongs to another organization',
  },
  'tests.not_found': { status: 404, when: 'the test does not exist or belongs to another organization' },
  'tests.not_published': { status: 409, when: 'inviting to a test that has no published version' },
  'tests.archived': { status: 409, when: 'editing, publishing or inviting to an archived test' },
  'tests.invalid': {
    status: 400,
    when: 'a test whose challenges do not fit its kind (project: one project challenge; problems: 1–5 algorithmic)',
  },
});

/** Thrown while reading a package; collected into `challenges.invalid_package`. */
export class PackageInvalidError extends Error {
  constructor(readonly problems: PackageProblem[]) {
    super(problems.map(formatPackageProblem).join('\n'));
  }
}

/** `file:line: field: message`, as the CLI prints it. */
export function formatPackageProblem(problem: PackageProblem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${String(problem.line)}`;
  return `${where}: ${problem.field === undefined ? '' : `${problem.field}: `}${problem.message}`;
}

/** One problem as a PackageInvalidError. */
export function packageProblem(file: string, message: string, extra: { line?: number; field?: string } = {}) {
  return new PackageInvalidError([{ file, message, ...extra }]);
}

/** The HTTP error for a refused package. */
export function invalidPackageError(error: PackageInvalidError) {
  return ChallengeErrors.create('challenges.invalid_package', {
    message: `The package is invalid: ${error.message}`,
    userMessage: `The package is invalid: ${error.problems[0] ? formatPackageProblem(error.problems[0]) : ''}`,
    details: { problems: error.problems },
  });
}
