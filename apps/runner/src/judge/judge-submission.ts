import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, constants as fsConstants, openSync, unlinkSync } from 'node:fs';
import { chmod, chown, copyFile, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { compareOptionsFromFlags, compareOutput, type CompareOptions } from '../compare/output-compare.js';
import { flattenTestCases } from '../packages/kattis-package-loader.js';
import type { ProblemPackage, TestCase, TestGroup } from '../packages/package-types.js';
import { readBoxFile, removeBoxTree } from '../sandbox/index.js';
import type { RunResult, SandboxHost } from '../sandbox/types.js';
import { gradeGroup } from './group-scoring.js';
import type { GroupResult, JudgeResult, TestResult, Verdict } from './judge-types.js';
import { describeRunEnd, runVerdict } from './run-verdict.js';
import { runLimits } from './sandbox-limits.js';
import { compileProgram, runProgram, type CompiledProgram } from './sandbox-program.js';
import type { PreparedSubmission } from './submission-files.js';

/** Everything the judge needs for one submission. */
export interface JudgeRequest {
  pkg: ProblemPackage;
  submission: PreparedSubmission;
  /** The output validator, prepared (language decided) by the caller, when the package has one. */
  validator?: PreparedSubmission;
  /** Time limit before the language's multiplier. */
  timeLimitMs: number;
  /** Run every test case even after a rejection (used to measure accepted submissions). */
  runAll?: boolean;
  /** Overrides the package's default-validator flags (used only without `validator`). */
  compare?: CompareOptions;
}

export interface JudgeOptions {
  signal?: AbortSignal;
  /** Called after each test case. */
  onTest?: (result: TestResult) => void;
}

const SAMPLE_OUTPUT_CAP = 4096;
const FEEDBACK_CAP = 16 * 1024;

/** Judges one submission against a problem package in the sandbox (sandbox.md §6–§8). */
export async function judgeSubmission(
  host: SandboxHost,
  request: JudgeRequest,
  options: JudgeOptions = {},
): Promise<JudgeResult> {
  const { pkg, submission } = request;
  const interactive = pkg.interactive;
  const slots = await host.claimSlots(
    interactive ? 2 : 1,
    options.signal ? { signal: options.signal } : undefined,
  );
  const [submissionSlot] = slots;
  const validatorSlot = slots[1] ?? submissionSlot;
  const workDir = join(host.jobsDir, `judge-${randomBytes(8).toString('hex')}`);
  const cpuLimitMs = Math.round(request.timeLimitMs * submission.language.timeMultiplier);
  const base = {
    language: { id: submission.language.id, version: submission.language.version },
    timeLimitMs: cpuLimitMs,
  };
  const internal = (message: string, tests: TestResult[] = []): JudgeResult => ({
    ...base,
    verdict: 'IE',
    score: 0,
    maxScore: 0,
    tests,
    groups: [],
    internalError: message,
  });
  try {
    if (!submissionSlot || !validatorSlot) return internal('no sandbox slot');
    await mkdir(workDir, { mode: 0o711 });
    await chmod(workDir, 0o711);

    let validator: CompiledProgram | undefined;
    if (request.validator) {
      const compiled = await compileProgram(
        validatorSlot,
        workDir,
        'validator',
        request.validator,
        options.signal,
      );
      if (!compiled.ok) return internal(`output validator failed to compile:\n${compiled.output}`);
      validator = compiled.program;
    }
    const compiled = await compileProgram(submissionSlot, workDir, 'submission', submission, options.signal);
    if (!compiled.ok) {
      if (compiled.internal) return internal(compiled.output);
      return {
        ...base,
        verdict: 'CE',
        score: 0,
        maxScore: maxScoreOf(pkg),
        tests: [],
        groups: [],
        compileOutput: compiled.output,
      };
    }
    const runner = new TestRunner(request, compiled.program, validator, cpuLimitMs, workDir, options);
    await runner.prepare();
    const results = new Map<string, TestResult>();
    const tests: TestResult[] = [];
    const walk = async (group: TestGroup): Promise<boolean> => {
      let rejected = false;
      for (const child of group.children) {
        if (options.signal?.aborted) return true;
        let childRejected: boolean;
        if (child.kind === 'case') {
          const result = await runner.run(child);
          results.set(child.id, result);
          tests.push(result);
          options.onTest?.(result);
          if (result.verdict === 'IE')
            throw new InternalJudgeError(result.message ?? 'internal error', tests);
          childRejected = result.verdict !== 'AC';
        } else {
          childRejected = await walk(child);
        }
        if (childRejected) {
          rejected = true;
          // Kattis stops a group (and a pass-fail problem) at its first rejection.
          if (group.settings.onReject === 'break' && !request.runAll) return true;
        }
      }
      return rejected;
    };
    await walk(pkg.data);
    if (options.signal?.aborted) return internal('aborted', tests);
    const groups: GroupResult[] = [];
    const graded = gradeGroup(pkg.data, results, groups);
    const verdict: Verdict = tests.find((t) => t.verdict !== 'AC')?.verdict ?? 'AC';
    const compileOutput = compiled.output.trim() === '' ? {} : { compileOutput: compiled.output };
    if (!pkg.scoring) {
      return {
        ...base,
        verdict,
        score: verdict === 'AC' ? 1 : 0,
        maxScore: 1,
        tests,
        groups,
        ...compileOutput,
      };
    }
    return {
      ...base,
      verdict: graded.verdict,
      score: graded.score,
      maxScore: graded.maxScore,
      tests,
      groups,
      ...compileOutput,
    };
  } catch (error) {
    if (error instanceof InternalJudgeError) return internal(error.message, error.tests);
    return internal(error instanceof Error ? error.message : String(error));
  } finally {
    await Promise.all(slots.map((s) => s.release()));
    // Only root-written files live here (sources, test copies): safe to remove recursively.
    await rm(workDir, { recursive: true, force: true });
  }
}

class InternalJudgeError extends Error {
  constructor(
    message: string,
    readonly tests: TestResult[],
  ) {
    super(message);
  }
}

/** The best score of a package (all test cases accepted). */
function maxScoreOf(pkg: ProblemPackage): number {
  if (!pkg.scoring) return 1;
  const all = new Map(
    flattenTestCases(pkg.data).map((c): [string, TestResult] => [
      c.id,
      { id: c.id, sample: c.sample, verdict: 'AC', cpuMs: 0, wallMs: 0, peakMemoryBytes: 0 },
    ]),
  );
  return gradeGroup(pkg.data, all).maxScore;
}

/** Runs single test cases: submission, then comparison or validator (or both at once when interactive). */
class TestRunner {
  private stdoutCap = 64 * 1024;
  private seq = 0;

  constructor(
    private readonly request: JudgeRequest,
    private readonly program: CompiledProgram,
    private readonly validator: CompiledProgram | undefined,
    private readonly cpuLimitMs: number,
    private readonly workDir: string,
    private readonly options: JudgeOptions,
  ) {}

  async prepare(): Promise<void> {
    const { pkg } = this.request;
    if (pkg.limits.outputMiB !== undefined) {
      this.stdoutCap = pkg.limits.outputMiB * 1024 * 1024;
      return;
    }
    // Default stdout cap: 64 KiB or twice the largest answer (sandbox.md §5).
    let largest = 0;
    for (const c of flattenTestCases(pkg.data)) {
      if (c.answerPath !== '') largest = Math.max(largest, (await stat(c.answerPath)).size);
    }
    this.stdoutCap = Math.max(this.stdoutCap, 2 * largest);
  }

  private limits() {
    return runLimits(this.program.submission.language, {
      cpuMs: this.cpuLimitMs,
      memoryMiB: this.request.pkg.limits.memoryMiB,
      stdoutBytes: this.stdoutCap,
    });
  }

  async run(testCase: TestCase): Promise<TestResult> {
    this.seq += 1;
    if (this.request.pkg.interactive) return this.runInteractive(testCase);
    const limits = this.limits();
    const result = await runProgram(this.program, {
      limits,
      stdin: { kind: 'file', path: testCase.inputPath },
      ...(this.options.signal ? { signal: this.options.signal } : {}),
    });
    const base = this.baseResult(testCase, result);
    const early = runVerdict(result, this.cpuLimitMs, limits.memoryBytes);
    if (early) return { ...base, verdict: early, message: describeRunEnd(result) };
    if (this.validator) {
      const checked = await this.runValidator(testCase, { kind: 'buffer', data: result.stdout });
      return { ...base, ...checked.fields, verdict: checked.verdict };
    }
    const flags = [...this.request.pkg.validatorFlags, ...testCase.settings.outputValidatorFlags];
    const answer = testCase.answerPath === '' ? Buffer.alloc(0) : await readFile(testCase.answerPath);
    const compared = compareOutput(
      result.stdout,
      answer,
      this.request.compare ?? compareOptionsFromFlags(flags),
    );
    return {
      ...base,
      verdict: compared.accepted ? 'AC' : 'WA',
      ...(compared.message === undefined ? {} : { message: compared.message }),
    };
  }

  private baseResult(testCase: TestCase, result: RunResult): TestResult {
    return {
      id: testCase.id,
      sample: testCase.sample,
      verdict: 'AC',
      cpuMs: Math.round(result.cpuMs),
      wallMs: Math.round(result.wallMs),
      peakMemoryBytes: result.peakMemoryBytes,
      ...(testCase.sample && result.stdout.length > 0
        ? { output: result.stdout.subarray(0, SAMPLE_OUTPUT_CAP).toString('utf8') }
        : {}),
    };
  }

  /** Lays out `check-<n>/` (root-owned: in, ans) and a slot-owned feedback dir. */
  private async prepareCheck(
    testCase: TestCase,
    validator: CompiledProgram,
  ): Promise<{ checkDir: string; feedbackDir: string }> {
    const checkDir = join(this.workDir, `check-${this.seq}`);
    await mkdir(checkDir, { mode: 0o750 });
    await chown(checkDir, 0, validator.slot.uid);
    await copyFile(testCase.inputPath, join(checkDir, 'in'));
    if (testCase.answerPath === '') await writeFile(join(checkDir, 'ans'), '');
    else await copyFile(testCase.answerPath, join(checkDir, 'ans'));
    for (const f of ['in', 'ans']) {
      await chown(join(checkDir, f), 0, validator.slot.uid);
      await chmod(join(checkDir, f), 0o640);
    }
    const feedbackDir = await validator.slot.makeScratchDir(`feedback-${this.seq}`);
    return { checkDir, feedbackDir };
  }

  private validatorArgs(testCase: TestCase): string[] {
    return [
      '/check/in',
      '/check/ans',
      '/feedback/',
      ...this.request.pkg.validatorFlags,
      ...testCase.settings.outputValidatorFlags,
    ];
  }

  private validatorLimits(validator: CompiledProgram, wallMs?: number) {
    const { limits } = this.request.pkg;
    return runLimits(validator.submission.language, {
      cpuMs: limits.validationTimeSec * 1000,
      memoryMiB: limits.validationMemoryMiB,
      ...(wallMs === undefined ? {} : { wallMs }),
    });
  }

  /** Reads the validator's verdict and feedback files (sandbox.md §8), then removes the feedback dir. */
  private async validatorOutcome(
    result: RunResult,
    feedbackDir: string,
  ): Promise<{ verdict: Verdict; fields: Partial<TestResult> }> {
    const fields: Partial<TestResult> = {};
    const judgeMessage = await readBoxFile(join(feedbackDir, 'judgemessage.txt'), FEEDBACK_CAP);
    const teamMessage = await readBoxFile(join(feedbackDir, 'teammessage.txt'), FEEDBACK_CAP);
    const scoreFile = await readBoxFile(join(feedbackDir, 'score.txt'), 1024);
    await removeBoxTree(feedbackDir);
    if (judgeMessage && judgeMessage.data.length > 0)
      fields.message = judgeMessage.data.toString('utf8').trim();
    if (teamMessage && teamMessage.data.length > 0)
      fields.teamMessage = teamMessage.data.toString('utf8').trim();
    if (
      result.outcome === 'setup-failed' ||
      result.termination !== 'exited' ||
      (result.exitCode !== 42 && result.exitCode !== 43)
    ) {
      const stderr = result.stderr.toString('utf8').slice(0, 2000);
      return {
        verdict: 'IE',
        fields: {
          message: `output validator failed: ${describeRunEnd(result)}${stderr ? `\n${stderr}` : ''}`,
        },
      };
    }
    if (scoreFile) {
      const score = Number(scoreFile.data.toString('utf8').trim());
      if (!Number.isFinite(score))
        return { verdict: 'IE', fields: { message: 'output validator wrote an invalid score.txt' } };
      fields.score = score;
    }
    return { verdict: result.exitCode === 42 ? 'AC' : 'WA', fields };
  }

  private async runValidator(
    testCase: TestCase,
    stdin: { kind: 'buffer'; data: Buffer },
  ): Promise<{ verdict: Verdict; fields: Partial<TestResult> }> {
    const validator = this.validator;
    if (!validator) return { verdict: 'IE', fields: { message: 'no output validator' } };
    const { checkDir, feedbackDir } = await this.prepareCheck(testCase, validator);
    const result = await runProgram(validator, {
      limits: this.validatorLimits(validator),
      stdin,
      args: this.validatorArgs(testCase),
      extraBinds: [
        { src: checkDir, dest: '/check' },
        { src: feedbackDir, dest: '/feedback', rw: true },
      ],
      ...(this.options.signal ? { signal: this.options.signal } : {}),
    });
    await rm(checkDir, { recursive: true, force: true });
    return this.validatorOutcome(result, feedbackDir);
  }

  /**
   * Interactive: validator and submission in their own slots, joined by two pipes the
   * runner never reads. Each side's pipe ends are closed here as soon as that side has
   * finished (so it has surely been spawned), which gives the other side EOF.
   */
  private async runInteractive(testCase: TestCase): Promise<TestResult> {
    const validator = this.validator;
    if (!validator)
      return { ...emptyResult(testCase), verdict: 'IE', message: 'interactive problem without validator' };
    const { checkDir, feedbackDir } = await this.prepareCheck(testCase, validator);
    const toSubmission = makePipe(this.workDir, `a${this.seq}`);
    const toValidator = makePipe(this.workDir, `b${this.seq}`);
    const signal = this.options.signal ? { signal: this.options.signal } : {};
    const limits = this.limits();
    let submissionEnd = 0;
    let validatorEnd = 0;
    const submissionRun = runProgram(this.program, {
      limits,
      stdin: { kind: 'fd', fd: toSubmission.read },
      stdout: { kind: 'fd', fd: toValidator.write },
      ...signal,
    }).finally(() => {
      submissionEnd = performance.now();
      closeQuietly(toSubmission.read, toValidator.write);
    });
    const validatorRun = runProgram(validator, {
      // Generous: the validator normally ends with the submission; on a loaded machine the
      // two sandboxes may start seconds apart.
      limits: this.validatorLimits(validator, 2 * limits.wallMs + 10_000),
      stdin: { kind: 'fd', fd: toValidator.read },
      stdout: { kind: 'fd', fd: toSubmission.write },
      args: this.validatorArgs(testCase),
      extraBinds: [
        { src: checkDir, dest: '/check' },
        { src: feedbackDir, dest: '/feedback', rw: true },
      ],
      ...signal,
    }).finally(() => {
      validatorEnd = performance.now();
      closeQuietly(toValidator.read, toSubmission.write);
    });
    const [submission, validatorResult] = await Promise.all([submissionRun, validatorRun]);
    await rm(checkDir, { recursive: true, force: true });
    const checked = await this.validatorOutcome(validatorResult, feedbackDir);
    const base = { ...this.baseResult(testCase, submission), ...checked.fields };
    // sandbox.md §8, in order.
    if (checked.verdict === 'IE') return { ...base, verdict: 'IE' };
    if (checked.verdict === 'WA' && validatorEnd <= submissionEnd) return { ...base, verdict: 'WA' };
    if (submission.signal === 'SIGPIPE' && checked.verdict === 'AC') {
      return { ...base, verdict: 'WA', message: 'submission killed by SIGPIPE after the validator accepted' };
    }
    const early =
      submission.outcome === 'setup-failed'
        ? 'IE'
        : runVerdict(submission, this.cpuLimitMs, limits.memoryBytes);
    if (early && early !== 'OLE') return { ...base, verdict: early, message: describeRunEnd(submission) };
    return { ...base, verdict: checked.verdict };
  }
}

function emptyResult(testCase: TestCase): TestResult {
  return { id: testCase.id, sample: testCase.sample, verdict: 'IE', cpuMs: 0, wallMs: 0, peakMemoryBytes: 0 };
}

/**
 * A pipe as two blocking fds, made from a FIFO in a root-only folder (Node has no pipe(2)):
 * a non-blocking reader lets the writer open, then a blocking reader replaces it.
 */
function makePipe(workDir: string, name: string): { read: number; write: number } {
  const path = join(workDir, `fifo-${name}`);
  execFileSync('/usr/bin/mkfifo', ['-m', '0600', path], { env: {} });
  const probe = openSync(path, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
  const write = openSync(path, fsConstants.O_WRONLY);
  const read = openSync(path, fsConstants.O_RDONLY);
  closeSync(probe);
  unlinkSync(path);
  return { read, write };
}

function closeQuietly(...fds: number[]): void {
  for (const fd of fds) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
  }
}
