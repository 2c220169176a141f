/** Reads the built-in challenge library (challenges/) and turns a project challenge into runner requests. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ChallengeManifestSchema, type ChallengeManifest } from '@assay/contracts';
import type { ProjectRequest } from '../../src/protocol/project.schema.js';

export const CHALLENGES_DIR = resolve(import.meta.dirname, '../../../../challenges');

/** The library's folders, by kind: `challenge.json` (project) or `problem.yaml` (Kattis package). */
export function listLibrary(): { projects: string[]; problems: string[]; other: string[] } {
  const dirs = readdirSync(CHALLENGES_DIR)
    .filter((name) => statSync(join(CHALLENGES_DIR, name)).isDirectory())
    .sort();
  const has = (dir: string, file: string): boolean => existsSync(join(CHALLENGES_DIR, dir, file));
  return {
    projects: dirs.filter((dir) => has(dir, 'challenge.json')),
    problems: dirs.filter((dir) => has(dir, 'problem.yaml')),
    other: dirs.filter((dir) => !has(dir, 'challenge.json') && !has(dir, 'problem.yaml')),
  };
}

export interface LoadedChallenge {
  dir: string;
  manifest: ChallengeManifest;
}

/** Parses a project challenge's `challenge.json` with the contract schema (throws on an invalid one). */
export function loadChallenge(slug: string): LoadedChallenge {
  const dir = join(CHALLENGES_DIR, slug);
  const raw: unknown = JSON.parse(readFileSync(join(dir, 'challenge.json'), 'utf8'));
  return { dir, manifest: ChallengeManifestSchema.parse(raw) };
}

/** Regular files under `dir` by project-relative path (empty when `dir` does not exist). */
export function filesUnder(dir: string, prefix = ''): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  if (!existsSync(dir)) return files;
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) {
      for (const [path, data] of filesUnder(full, `${prefix}${name}/`)) files.set(path, data);
    } else {
      files.set(`${prefix}${name}`, readFileSync(full));
    }
  }
  return files;
}

/**
 * The candidate's initial repository (starter with the visible tests over it) or the reference
 * solution (that repository with solution/ over it), as docs/challenge-format.md describes.
 */
export function projectFiles(
  challenge: LoadedChallenge,
  variant: 'starter' | 'solution',
): Map<string, Buffer> {
  const { dir, manifest } = challenge;
  const files = new Map([
    ...filesUnder(join(dir, manifest.starter)),
    ...filesUnder(join(dir, manifest.tests.sample)),
  ]);
  if (variant === 'solution')
    for (const [path, data] of filesUnder(join(dir, manifest.solution))) files.set(path, data);
  return files;
}

/** A `grade` request for a submission: hidden tests overlaid, read-only files restored, env bound. */
export function gradeRequest(challenge: LoadedChallenge, submission: Map<string, Buffer>): ProjectRequest {
  const { dir, manifest } = challenge;
  const initial = projectFiles(challenge, 'starter');
  const readOnly = manifest.readOnly.map((path) => {
    const data = initial.get(path);
    if (data === undefined)
      throw new Error(`${manifest.slug}: read-only path ${path} is not in the starter or the visible tests`);
    return { path, data: data.toString('base64') };
  });
  const envDir = join(dir, 'env');
  return {
    variant: 'grade',
    submission: {
      kind: 'files',
      files: [...submission].map(([path, data]) => ({ path, data: data.toString('base64') })),
    },
    hidden: { kind: 'path', path: join(dir, manifest.tests.hidden) },
    readOnly: { kind: 'files', files: readOnly },
    ...(manifest.env ? { env: { kind: 'path' as const, path: envDir } } : {}),
    ...(manifest.build === undefined ? {} : { build: manifest.build }),
    test: manifest.test,
    ...(manifest.environment ? { environment: manifest.environment } : {}),
    ...(manifest.limits ? { limits: manifest.limits } : {}),
  };
}
