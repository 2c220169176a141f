import { resolveFileSet } from '../archive/index.js';
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
import { loadKattisPackage, PackageError } from '../packages/index.js';
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

  const timeLimitFor = async (
    path: string,
    pkg: ReturnType<typeof loadKattisPackage>,
    validator: Awaited<ReturnType<typeof prepareValidator>>,
    signal: AbortSignal,
  ): Promise<number> => {
    const known = timeLimits.get(path);
    if (known !== undefined) return known;
    const accepted = [];
    if (pkg.limits.timeLimitSec === undefined) {
      for (const s of pkg.submissions.filter((x) => x.expected === 'accepted')) {
        accepted.push({ path: s.path, submission: await catalog.prepare(readPackageProgram(s)) });
      }
    }
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
      if (request.compare !== undefined || request.samplesOnly === true) {
        throw new RunnerRequestError(
          'unsupported',
          'compare overrides and sample-only runs are not supported yet',
        );
      }
      try {
        const members = await resolveFileSet(request.submission, { blobDir });
        const files: SubmissionFile[] = members.flatMap((m) =>
          m.kind === 'file' ? [{ name: m.path, content: m.data }] : [],
        );
        const loaded = loadKattisPackage(request.problem.path);
        const memoryMiB = request.limits?.memoryBytes;
        const pkg =
          memoryMiB === undefined
            ? loaded
            : { ...loaded, limits: { ...loaded.limits, memoryMiB: Math.floor(memoryMiB / 1024 ** 2) } };
        const submission = await catalog.prepare(files, request.language);
        const validator = await prepareValidator(pkg, catalog);
        const timeLimitMs =
          request.limits?.timeMs ??
          (await timeLimitFor(request.problem.path, pkg, validator, options.signal));
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
        if (error instanceof Error && error.name === 'ArchiveError')
          throw new RunnerRequestError('invalid_archive', error.message);
        throw error;
      }
    },
  };
}
