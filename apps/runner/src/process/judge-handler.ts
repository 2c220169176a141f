import { ArchiveError, resolveFileSet } from '../archive/index.js';
import {
  judgeSubmission,
  detectLanguages,
  SubmissionError,
  type JudgeResult as EngineJudgeResult,
  type SubmissionFile,
} from '../judge/index.js';
import {
  LanguageCatalog,
  prepareValidator,
  readPackageProgram,
  resolveTimeLimit,
} from '../judge/problem-session.js';
import { loadKattisPackage, PackageError, type ProblemPackage } from '../packages/index.js';
import type { SandboxHost } from '../sandbox/index.js';
import type { LanguageInfo } from '../protocol/common.schema.js';
import { RunnerRequestError } from '../protocol/execution-backend.js';
import type { JudgeRequest, JudgeResult, JudgeTestResult } from '../protocol/judge.schema.js';

// The engine's result is the protocol's result: this fails to compile if the two drift apart.
const sameShape = (result: EngineJudgeResult): JudgeResult => result;

/**
 * Serves `judge` and `languages` requests with the judge engine (`src/judge`). One instance per
 * runner process: language smoke tests and derived time limits are remembered.
 */
export function createJudgeHandler(host: SandboxHost, blobDir: string) {
  const catalog = new LanguageCatalog(host);
  const timeLimits = new Map<string, number>();

  // The time limit belongs to the package as published, whatever a request overrides.
  const timeLimitFor = async (path: string, signal: AbortSignal): Promise<number> => {
    const known = timeLimits.get(path);
    if (known !== undefined) return known;
    const pkg = loadKattisPackage(path);
    const accepted = [];
    if (pkg.limits.timeLimitSec === undefined) {
      for (const s of pkg.submissions.filter((x) => x.expected === 'accepted')) {
        accepted.push({ path: s.path, submission: await catalog.prepare(readPackageProgram(s)) });
      }
    }
    const validator = await prepareValidator(pkg, catalog);
    const { decision } = await resolveTimeLimit(host, pkg, accepted, validator, { signal });
    timeLimits.set(path, decision.timeLimitMs);
    return decision.timeLimitMs;
  };

  return {
    async languages(): Promise<LanguageInfo[]> {
      const statuses = await detectLanguages(host, { languages: catalog.known });
      return statuses
        .filter((s) => s.available)
        .map((s) => ({
          id: s.language.id,
          name: s.language.name,
          version: s.toolchainVersion ?? s.language.version,
          extensions: s.language.extensions,
        }));
    },

    async judge(
      request: JudgeRequest,
      options: { signal: AbortSignal; onTest: (test: JudgeTestResult) => void },
    ): Promise<JudgeResult> {
      if (request.problem.kind !== 'path')
        throw new RunnerRequestError('unsupported', 'problem packages by blob are not supported yet');
      try {
        const members = await resolveFileSet(request.submission, { blobDir });
        const files: SubmissionFile[] = members.flatMap((m) =>
          m.kind === 'file' ? [{ name: m.path, content: m.data }] : [],
        );
        const pkg = applyOverrides(loadKattisPackage(request.problem.path), request);
        const submission = await catalog.prepare(files, request.language);
        const validator = await prepareValidator(pkg, catalog);
        const timeLimitMs =
          request.limits?.timeMs ?? (await timeLimitFor(request.problem.path, options.signal));
        const result = await judgeSubmission(
          host,
          { pkg, submission, ...(validator ? { validator } : {}), timeLimitMs },
          { signal: options.signal, onTest: options.onTest },
        );
        return sameShape(result);
      } catch (error) {
        if (error instanceof SubmissionError || error instanceof PackageError) {
          throw new RunnerRequestError('bad_request', error.message);
        }
        if (error instanceof ArchiveError) throw new RunnerRequestError('invalid_archive', error.message);
        throw error;
      }
    },
  };
}

/** Applies a request's limit, comparison and sample-only overrides to a loaded package. */
export function applyOverrides(loaded: ProblemPackage, request: JudgeRequest): ProblemPackage {
  let pkg = loaded;
  const memoryBytes = request.limits?.memoryBytes;
  if (memoryBytes !== undefined)
    pkg = { ...pkg, limits: { ...pkg.limits, memoryMiB: Math.floor(memoryBytes / 1024 ** 2) } };
  if (request.samplesOnly === true) {
    pkg = {
      ...pkg,
      data: { ...pkg.data, children: pkg.data.children.filter((child) => child.id === 'sample') },
    };
  }
  const compare = request.compare;
  if (compare !== undefined) {
    if (pkg.interactive && compare.mode !== 'checker') {
      throw new RunnerRequestError('bad_request', 'an interactive problem is always judged by its validator');
    }
    if (compare.mode === 'checker') {
      if (pkg.outputValidator === undefined)
        throw new RunnerRequestError(
          'bad_request',
          'compare mode checker: the package has no output validator',
        );
    } else if (compare.mode === 'tokens' || compare.mode === 'float') {
      // Expressed as Kattis default-validator flags, which the judge's comparator reads.
      const flags: string[] = [];
      if (compare.caseSensitive === true) flags.push('case_sensitive');
      if (compare.spaceChangeSensitive === true) flags.push('space_change_sensitive');
      if (compare.mode === 'float') {
        flags.push('float_absolute_tolerance', String(compare.floatAbsoluteTolerance ?? 0));
        flags.push('float_relative_tolerance', String(compare.floatRelativeTolerance ?? 0));
      }
      const { outputValidator: _ignored, ...rest } = pkg;
      pkg = { ...rest, validatorFlags: flags };
    } else {
      throw new RunnerRequestError(
        'unsupported',
        `compare mode ${compare.mode} is not supported by the local judge yet`,
      );
    }
  }
  return pkg;
}
