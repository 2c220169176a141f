/**
 * Pure pieces of grading: how a project challenge and a submission become a runner `grade`
 * request, which files of a problems submission are the candidate's solution, and how runner
 * results map to the stored {@link GradedCriterion}s. No I/O: the service reads the repository
 * and the challenge files and passes them in.
 */
import { join } from 'node:path';
import type { ChallengeManifest } from '@assay/contracts';
import type { FileSet, JudgeResult, ProjectRequest, ProjectResult } from '@assay/runner/protocol';
import { scoreCriteria } from '@assay/runner/protocol';
import type { GradedCriterion } from './grading-result.js';

/** Longest failure message kept per failed case in the stored result. */
export const MAX_FAILURE_MESSAGE_CHARS = 500;

/** A project challenge as grading needs it: its folder on the runner host and its manifest. */
export interface ProjectChallenge {
  dir: string;
  manifest: ChallengeManifest;
}

/**
 * The runner `grade` request of a project submission (sandbox.md §9, docs/challenge-format.md):
 * the submission, the challenge's hidden tests laid over it (a path on the runner host), the
 * read-only files restored, the prepared `env/` bound, and the manifest's commands and limits.
 */
export function projectGradeRequest(
  challenge: ProjectChallenge,
  submission: FileSet,
  readOnly: readonly { path: string; data: Buffer }[],
): ProjectRequest {
  const { dir, manifest } = challenge;
  return {
    variant: 'grade',
    submission,
    hidden: { kind: 'path', path: join(dir, manifest.tests.hidden) },
    readOnly: {
      kind: 'files',
      files: readOnly.map((file) => ({ path: file.path, data: file.data.toString('base64') })),
    },
    ...(manifest.env ? { env: { kind: 'path' as const, path: join(dir, 'env') } } : {}),
    ...(manifest.build === undefined ? {} : { build: manifest.build }),
    test: manifest.test,
    ...(manifest.environment ? { environment: manifest.environment } : {}),
    ...(manifest.limits ? { limits: manifest.limits } : {}),
  };
}

/** Trims a failure message to one bounded string (null when empty). */
export function trimMessage(message: string | undefined | null): string | null {
  if (message === undefined || message === null) return null;
  const trimmed = message.trim();
  if (trimmed === '') return null;
  return trimmed.length > MAX_FAILURE_MESSAGE_CHARS
    ? `${trimmed.slice(0, MAX_FAILURE_MESSAGE_CHARS - 1)}…`
    : trimmed;
}

/**
 * Per-criterion results of a project run (`scoreCriteria`: a listed case that is missing,
 * reported twice or not passed fails; a failed build fails everything), with the manifest's
 * names and descriptions and one trimmed message per failed case.
 */
export function projectCriteria(
  manifest: Pick<ChallengeManifest, 'criteria'>,
  result: Pick<ProjectResult, 'buildPassed' | 'cases'>,
): GradedCriterion[] {
  const scored = scoreCriteria(manifest.criteria, result);
  const casesById = new Map<string, ProjectResult['cases']>();
  for (const testCase of result.cases) {
    casesById.set(testCase.id, [...(casesById.get(testCase.id) ?? []), testCase]);
  }
  const failureMessage = (id: string): string | null => {
    if (!result.buildPassed) return 'build failed';
    const reported = casesById.get(id) ?? [];
    const only = reported[0];
    if (only === undefined) return 'not reported';
    if (reported.length > 1) return `reported ${reported.length} times`;
    return trimMessage(only.message?.trim() ? `${only.status}: ${only.message.trim()}` : only.status);
  };
  return manifest.criteria.map((criterion, index) => {
    const score = scored.criteria[index];
    if (score === undefined) throw new Error(`criterion ${criterion.id} was not scored`);
    return {
      id: criterion.id,
      name: criterion.name,
      description: criterion.description ?? null,
      weight: criterion.weight,
      points: score.points,
      passed: score.passed,
      failed: [...score.failed, ...score.missing].map((test) => ({ test, message: failureMessage(test) })),
    };
  });
}

/** True when a project run failed inside the sandbox machinery (IE): not a result, retry it. */
export function projectInternalError(result: Pick<ProjectResult, 'build' | 'test'>): string | null {
  if (result.build?.status === 'error') return 'the sandbox failed during the build step';
  if (result.test?.status === 'error') return 'the sandbox failed during the test step';
  return null;
}

/** Extensions never taken as solution code in a problem folder (statements, notes, test data). */
const IGNORED_EXTENSIONS = new Set(['md', 'txt', 'in', 'ans']);

export type ProblemFileSelection =
  | { kind: 'files'; language: string; files: { path: string; data: Buffer }[] }
  | { kind: 'none'; message: string };

/**
 * The candidate's solution for one problem: the files in `<slug>/` (subfolders included, paths
 * relative to it) whose extension belongs to a runner language, ignoring `*.md`, `*.txt`, `*.in`
 * and `*.ans`. One language present → its files; several → the attempt's language if present;
 * none (or several without the attempt's) → no solution (the problem scores 0, verdict CE).
 */
export function selectProblemFiles(
  slug: string,
  files: readonly { path: string; data: Buffer }[],
  options: { attemptLanguage: string | null; languageOf: (fileName: string) => string | undefined },
): ProblemFileSelection {
  const prefix = `${slug}/`;
  const byLanguage = new Map<string, { path: string; data: Buffer }[]>();
  for (const file of files) {
    if (!file.path.startsWith(prefix)) continue;
    const relative = file.path.slice(prefix.length);
    const name = relative.split('/').pop() ?? relative;
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
    if (ext === '' || IGNORED_EXTENSIONS.has(ext)) continue;
    const language = options.languageOf(name);
    if (language === undefined) continue;
    byLanguage.set(language, [...(byLanguage.get(language) ?? []), { path: relative, data: file.data }]);
  }
  const languages = [...byLanguage.keys()].sort();
  const pick = (language: string): ProblemFileSelection => ({
    kind: 'files',
    language,
    files: byLanguage.get(language) ?? [],
  });
  const only = languages[0];
  if (only === undefined) return { kind: 'none', message: 'no solution file' };
  if (languages.length === 1) return pick(only);
  if (options.attemptLanguage !== null && byLanguage.has(options.attemptLanguage))
    return pick(options.attemptLanguage);
  return {
    kind: 'none',
    message: `solution files in several languages (${languages.join(', ')}) and none is the attempt's language`,
  };
}

/** One problem's outcome: its criterion (weight = the problem's weight) and summary. */
export interface ProblemOutcome {
  criterion: GradedCriterion;
  problem: { slug: string; title: string; language: string | null; verdict: string; score: number };
}

/** 0..100 for one judged problem: score / maxScore, or all-or-nothing by verdict when maxScore is 0. */
export function problemScore(result: Pick<JudgeResult, 'score' | 'maxScore' | 'verdict'>): number {
  if (result.maxScore > 0) {
    const ratio = Math.min(1, Math.max(0, result.score / result.maxScore));
    return Math.round(ratio * 10_000) / 100;
  }
  return result.verdict === 'AC' ? 100 : 0;
}

/** True when a judge result is an internal error of the sandbox (IE): not a result, retry it. */
export function judgeInternalError(result: Pick<JudgeResult, 'verdict' | 'internalError'>): string | null {
  if (result.verdict === 'IE') return result.internalError ?? 'the sandbox reported an internal error';
  if (result.internalError !== undefined) return result.internalError;
  return null;
}

/** A judged problem → its criterion and summary (passed/failed list test case ids). */
export function judgedProblem(
  problem: { slug: string; title: string; weight: number },
  result: JudgeResult,
): ProblemOutcome {
  const score = problemScore(result);
  const failed = result.tests
    .filter((test) => test.verdict !== 'AC')
    .map((test) => ({
      test: test.id,
      message: trimMessage(test.message?.trim() ? `${test.verdict}: ${test.message.trim()}` : test.verdict),
    }));
  if (result.verdict === 'CE' && failed.length === 0)
    failed.push({ test: 'compile', message: trimMessage(`CE: ${result.compileOutput ?? 'compile error'}`) });
  return {
    criterion: {
      id: problem.slug,
      name: problem.title,
      description: null,
      weight: problem.weight,
      points: (problem.weight * score) / 100,
      passed: result.tests.filter((test) => test.verdict === 'AC').map((test) => test.id),
      failed,
    },
    problem: {
      slug: problem.slug,
      title: problem.title,
      language: result.language.id,
      verdict: result.verdict,
      score,
    },
  };
}

/** A problem without a usable solution file: 0 points, verdict CE with the reason. */
export function unsolvedProblem(
  problem: { slug: string; title: string; weight: number },
  message: string,
): ProblemOutcome {
  return {
    criterion: {
      id: problem.slug,
      name: problem.title,
      description: null,
      weight: problem.weight,
      points: 0,
      passed: [],
      failed: [{ test: 'solution', message }],
    },
    problem: { slug: problem.slug, title: problem.title, language: null, verdict: 'CE', score: 0 },
  };
}

/** Caps a log at `maxBytes` of UTF-8, keeping the head and the tail with a note between. */
export function capLog(log: string, maxBytes: number): string {
  const bytes = Buffer.from(log, 'utf8');
  if (bytes.length <= maxBytes) return log;
  const note = `\n… ${bytes.length - maxBytes} bytes cut …\n`;
  const half = Math.floor((maxBytes - Buffer.byteLength(note) - 8) / 2);
  // A multi-byte character split at a cut becomes U+FFFD (3 bytes): the 8-byte margin covers it.
  const head = bytes.subarray(0, half).toString('utf8');
  const tail = bytes.subarray(bytes.length - half).toString('utf8');
  return `${head}${note}${tail}`;
}
