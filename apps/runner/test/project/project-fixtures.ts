/** Helpers for the project-mode tests: fixture challenges, submissions as tars, a sandbox or a reason to skip. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createSandboxHost, type SandboxHost } from '../../src/sandbox/index.js';
import type { ManifestCriterion } from '../../src/project/criteria-scoring.js';
import type { Command, ProjectRequest } from '../../src/protocol/project.schema.js';
import { makeTar, type FixtureEntry } from './tar-fixture.js';

export const PROJECT_FIXTURES = resolve(import.meta.dirname, '../fixtures/projects');

export interface FixtureChallenge {
  dir: string;
  test: Command;
  readOnly: string[];
  criteria: ManifestCriterion[];
}

/** Reads `challenge.json` of a fixture under test/fixtures/projects. */
export function loadFixtureChallenge(name: string): FixtureChallenge {
  const dir = join(PROJECT_FIXTURES, name);
  const manifest = JSON.parse(readFileSync(join(dir, 'challenge.json'), 'utf8')) as Omit<
    FixtureChallenge,
    'dir'
  >;
  return { dir, ...manifest };
}

/** The regular files under `dir`, as tar entries with paths relative to it. */
export function directoryEntries(dir: string, prefix = ''): FixtureEntry[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = join(dir, name);
      const stat = statSync(full);
      if (stat.isDirectory()) return directoryEntries(full, `${prefix}${name}/`);
      return [{ name: `${prefix}${name}`, data: readFileSync(full), mode: stat.mode & 0o777 }];
    });
}

/**
 * A submission as `git archive` would send it: the fixture's `solution/` or `starter/`, with some
 * files replaced or added (paths relative to the project root).
 */
export function submissionTar(
  challenge: FixtureChallenge,
  base: 'solution' | 'starter',
  replace: Record<string, string | Buffer> = {},
): Buffer {
  const entries = directoryEntries(join(challenge.dir, base)).filter((e) => !(e.name in replace));
  for (const [name, data] of Object.entries(replace)) entries.push({ name, data });
  return makeTar(entries);
}

/** A project request for a fixture challenge (`grade` gets the hidden files, `run` never does). */
export function fixtureRequest(
  challenge: FixtureChallenge,
  variant: 'grade' | 'run',
  tar: Buffer,
): ProjectRequest {
  const readOnly = challenge.readOnly.map((path) => ({
    path,
    data: readFileSync(join(challenge.dir, 'starter', path)).toString('base64'),
  }));
  return {
    variant,
    submission: { kind: 'tar', data: tar.toString('base64') },
    ...(variant === 'grade'
      ? { hidden: { kind: 'path' as const, path: join(challenge.dir, 'hidden') } }
      : {}),
    readOnly: { kind: 'files', files: readOnly },
    test: challenge.test,
  };
}

/**
 * The sandbox host, or why there is none. Under CI=true a missing sandbox throws (the suite fails,
 * never skips); otherwise the suite is skipped with the reason.
 */
export async function sandboxOrSkip(): Promise<{ host: SandboxHost | null; reason: string }> {
  try {
    return { host: await createSandboxHost(), reason: '' };
  } catch (error) {
    if (process.env.CI === 'true') throw error;
    const reason = `sandbox unavailable, project-mode tests skipped: ${(error as Error).message}`;
    console.warn(reason);
    return { host: null, reason };
  }
}
