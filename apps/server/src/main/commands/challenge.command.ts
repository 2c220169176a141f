import { readFile, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { InvalidPackageDetails } from '@assay/contracts';
import { systemClock } from '../../platform/clock/index.js';
import { AppError } from '../../platform/errors/index.js';
import {
  createChallengesService,
  formatPackageProblem,
  PackageInvalidError,
  slugHintOf,
} from '../../modules/challenges/index.js';
import { openRuntime } from '../runtime.js';

const USAGE = `Usage:
  assay challenge import DIR|ZIP --org SLUG
    Imports a project challenge (challenge.json) or a Kattis problem package (problem.yaml) into
    the organization's library. The same slug again makes a new version; identical content changes nothing.
`;

/** `assay challenge import DIR|ZIP --org SLUG`: prints the result, or the problems naming files (exit 1). */
export async function challengeCommand(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { org: { type: 'string' } } });
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
    return 2;
  }
  const [action, path] = parsed.positionals;
  const orgSlug = parsed.values.org;
  if (action !== 'import' || path === undefined || orgSlug === undefined || parsed.positionals.length !== 2) {
    process.stderr.write(USAGE);
    return 2;
  }
  const info = await stat(path).catch(() => undefined);
  if (!info) {
    process.stderr.write(`${path}: no such file or folder\n`);
    return 1;
  }
  const runtime = await openRuntime({ migrate: true });
  const { config, database } = runtime;
  try {
    const org = await database.db
      .selectFrom('organizations')
      .select(['id', 'name'])
      .where('slug', '=', orgSlug)
      .executeTakeFirst();
    if (!org) {
      process.stderr.write(`No organization with the slug "${orgSlug}".\n`);
      return 1;
    }
    const challenges = createChallengesService({
      db: database.db,
      dialect: database.dialect,
      clock: systemClock,
      config,
    });
    const owner = { organizationId: org.id, userId: null };
    const result = info.isDirectory()
      ? await challenges.importFolder(owner, path, slugHintOf(path))
      : await challenges.importZip(owner, await readFile(path), slugHintOf(path));
    const verb = { created: 'Imported', new_version: 'Imported a new version of', unchanged: 'Unchanged:' }[
      result.outcome
    ];
    process.stdout.write(
      `${verb} ${result.challenge.kind} challenge "${result.challenge.title}" (${result.challenge.slug}) v${String(result.version.number)} into ${org.name}.\n`,
    );
    return 0;
  } catch (err) {
    const problems =
      err instanceof PackageInvalidError
        ? err.problems
        : err instanceof AppError && err.code === 'challenges.invalid_package'
          ? (err.details as InvalidPackageDetails).problems
          : undefined;
    if (problems) {
      process.stderr.write(`${path}: the package is invalid:\n`);
      for (const problem of problems) process.stderr.write(`  ${formatPackageProblem(problem)}\n`);
      return 1;
    }
    throw err;
  } finally {
    await database.close();
  }
}
