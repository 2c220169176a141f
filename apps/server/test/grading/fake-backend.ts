import type {
  ExecutionBackend,
  JudgeRequest,
  JudgeResult,
  ProjectRequest,
  ProjectResult,
} from '@assay/runner/protocol';

/**
 * A scripted ExecutionBackend for the mapping and failure-path tests (a true boundary: the real
 * runner is exercised by grading.sandbox.test.ts and the runner's own suites). Records requests.
 */
export function createFakeBackend(script: {
  project?: (request: ProjectRequest) => ProjectResult | Promise<ProjectResult>;
  judge?: (request: JudgeRequest) => JudgeResult | Promise<JudgeResult>;
}) {
  const projectRequests: ProjectRequest[] = [];
  const judgeRequests: JudgeRequest[] = [];
  const backend: ExecutionBackend & { projectRequests: ProjectRequest[]; judgeRequests: JudgeRequest[] } = {
    projectRequests,
    judgeRequests,
    languages: () => Promise.resolve([]),
    health: () => Promise.resolve({ ok: true, cgroupVersion: 2, checks: [], protocolVersion: 1 }),
    async runProject(request) {
      projectRequests.push(request);
      if (!script.project) throw new Error('no project script');
      return script.project(request);
    },
    async judge(request) {
      judgeRequests.push(request);
      if (!script.judge) throw new Error('no judge script');
      return script.judge(request);
    },
    close: () => Promise.resolve(),
  };
  return backend;
}

/** A project result with these cases (build passed unless `buildPassed` is false). */
export function projectResult(
  cases: { id: string; status: 'passed' | 'failed' | 'skipped' | 'error'; message?: string }[],
  over: Partial<ProjectResult> = {},
): ProjectResult {
  const step = { status: 'passed' as const, exitCode: 0, signal: null, cpuMs: 10, wallMs: 10 };
  return {
    variant: 'grade',
    build: null,
    buildPassed: true,
    test: step,
    cases: cases.map((c) => ({ ms: 1, ...c })),
    casesTruncated: false,
    log: 'ran the tests\n',
    ...over,
  };
}

/** A judge result: `verdicts` per test id (first one a sample). */
export function judgeResult(
  verdicts: Record<string, JudgeResult['verdict']>,
  over: Partial<JudgeResult> = {},
): JudgeResult {
  const tests = Object.entries(verdicts).map(([id, verdict], index) => ({
    id,
    sample: index === 0,
    verdict,
    cpuMs: 1,
    wallMs: 1,
    peakMemoryBytes: 1,
    ...(verdict === 'AC' ? {} : { message: `${id} differs` }),
  }));
  const accepted = tests.every((t) => t.verdict === 'AC');
  return {
    verdict: accepted ? 'AC' : (tests.find((t) => t.verdict !== 'AC')?.verdict ?? 'WA'),
    score: accepted ? 1 : 0,
    maxScore: 1,
    tests,
    groups: [],
    language: { id: 'python3', version: '3.11' },
    timeLimitMs: 1000,
    ...over,
  };
}
