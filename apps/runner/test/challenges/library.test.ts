import { existsSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProblemVerifyCommand, type VerifyRow } from '../../src/cli/problem-verify-command.js';
import { scoreCriteria } from '../../src/project/criteria-scoring.js';
import { runProject, type ProjectRunnerContext } from '../../src/project/run-project.js';
import { captureIo } from '../judge/command-io.js';
import { sandboxOrSkip } from '../project/project-fixtures.js';
import {
  CHALLENGES_DIR,
  gradeRequest,
  listLibrary,
  loadChallenge,
  projectFiles,
} from './challenge-library.js';

// CI proof of the built-in library (architecture.md §11): every project challenge has a valid
// manifest, its reference solution scores 100 and its untouched starter less than 30; every
// algorithmic package passes `assay problem verify`. Real sandbox; under CI=true a missing one fails.
const { host, reason } = await sandboxOrSkip();
const context = (): ProjectRunnerContext => {
  if (host === null) throw new Error(reason);
  return { host, blobDir: '/nonexistent/blobs', envDir: '/nonexistent/env' };
};
const library = listLibrary();

describe('the challenge library', () => {
  it('holds at least six project challenges and six algorithmic packages, and nothing else', () => {
    expect(library.projects.length).toBeGreaterThanOrEqual(6);
    expect(library.problems.length).toBeGreaterThanOrEqual(6);
    expect(library.other).toEqual([]);
  });
});

describe.each(library.projects)('project challenge %s', (slug) => {
  it('has a valid manifest whose files exist', () => {
    const challenge = loadChallenge(slug);
    const { manifest, dir } = challenge;
    expect(manifest.slug).toBe(slug);
    for (const path of [manifest.statement, manifest.starter, manifest.solution, manifest.tests.hidden])
      expect(existsSync(join(dir, path)), path).toBe(true);
    if (manifest.env?.kind === 'npm') expect(existsSync(join(dir, 'env', 'package-lock.json'))).toBe(true);
    // Every read-only path is part of the candidate's initial repository.
    const initial = projectFiles(challenge, 'starter');
    for (const path of manifest.readOnly) expect(initial.has(path), path).toBe(true);
  });

  describe.skipIf(host === null)('on the real sandbox', () => {
    it('grades the reference solution 100, with every reported case passing', async () => {
      const challenge = loadChallenge(slug);
      const result = await runProject(
        gradeRequest(challenge, projectFiles(challenge, 'solution')),
        context(),
      );
      const score = scoreCriteria(challenge.manifest.criteria, result);
      const failing = result.cases.filter((c) => c.status !== 'passed');
      expect({ failing, messages: score.criteria.flatMap((c) => c.messages) }, result.log).toEqual({
        failing: [],
        messages: [],
      });
      expect(result.test?.status, result.log).toBe('passed');
      expect(score.total).toBe(100);
    });

    it('grades the untouched starter below 30', async () => {
      const challenge = loadChallenge(slug);
      const result = await runProject(gradeRequest(challenge, projectFiles(challenge, 'starter')), context());
      const score = scoreCriteria(challenge.manifest.criteria, result);
      expect(score.total, result.log).toBeLessThan(30);
    });
  });
});

const LANGUAGE_BY_EXTENSION: Record<string, string> = {
  '.c': 'c',
  '.cpp': 'cpp',
  '.cc': 'cpp',
  '.java': 'java',
  '.py': 'python3',
  '.js': 'javascript',
  '.ts': 'typescript',
  '.go': 'go',
  '.rs': 'rust',
  '.kt': 'kotlin',
};

describe.each(library.problems)('algorithmic package %s', (slug) => {
  const dir = join(CHALLENGES_DIR, slug);
  const submissions = (folder: string): string[] => {
    const path = join(dir, 'submissions', folder);
    return existsSync(path) ? readdirSync(path) : [];
  };

  it('has accepted submissions in three languages, wrong-answer and too-slow ones, and templates', () => {
    const languagesOf = (names: string[]): Set<string | undefined> =>
      new Set(names.map((name) => LANGUAGE_BY_EXTENSION[extname(name)]));
    expect(languagesOf(submissions('accepted')).size).toBeGreaterThanOrEqual(3);
    const templates = readdirSync(join(dir, 'templates'));
    expect(languagesOf(templates).size).toBe(templates.length);
    expect(templates.length).toBeGreaterThanOrEqual(3);
    expect(submissions('wrong_answer').length).toBeGreaterThan(0);
    expect(submissions('time_limit_exceeded').length).toBeGreaterThan(0);
    expect(existsSync(join(dir, 'data', 'sample'))).toBe(true);
    expect(existsSync(join(dir, 'data', 'secret'))).toBe(true);
  });

  it('passes assay problem verify', { timeout: 600_000 }, async () => {
    const io = captureIo();
    const code = await runProblemVerifyCommand([dir, '--json'], io);
    const rows = io.out() === '' ? [] : (JSON.parse(io.out()) as { submissions: VerifyRow[] }).submissions;
    expect(
      rows.filter((row) => !row.ok),
      io.err(),
    ).toEqual([]);
    expect(rows.length).toBeGreaterThan(0);
    expect(code, io.err()).toBe(0);
  });
});
