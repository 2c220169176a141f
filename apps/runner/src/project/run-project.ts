import { existsSync } from 'node:fs';
import { lchown, lstat, readdir, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { resolveFileSet, writeMembers, type ArchiveMember } from '../archive/index.js';
import type { Bind, RunLimits, RunResult, SandboxHost, Slot } from '../sandbox/index.js';
import { RunnerRequestError } from '../protocol/execution-backend.js';
import type {
  Command,
  ProjectRequest,
  ProjectResult,
  StepLimits,
  StepResult,
} from '../protocol/project.schema.js';
import { readResultsDir } from './results-reader.js';
import { isToolchainInstalled, loadLanguageDefinitions } from '../languages/index.js';

/** Per-step defaults (sandbox.md §9); a challenge may override cpu, wall, memory, pids and /tmp. */
export const PROJECT_STEP_DEFAULTS: RunLimits = {
  cpuMs: 60_000,
  wallMs: 120_000,
  memoryBytes: 2 * 1024 ** 3,
  pids: 128,
  fileSizeBytes: 256 * 1024 ** 2,
  stackBytes: 64 * 1024 ** 2,
  tmpBytes: 512 * 1024 ** 2,
  shmBytes: 64 * 1024 ** 2,
  stdoutBytes: 1024 ** 2,
  stderrBytes: 1024 ** 2,
};

let toolchainBindsCache: Bind[] | undefined;

/**
 * The installed toolchains' configuration directories outside /usr (Java reads
 * /etc/java-17-openjdk through links in the JDK; Rust's `cc` goes through /etc/alternatives),
 * bound read-only so build and test commands can use the same toolchains as the judge.
 */
export function toolchainBinds(): Bind[] {
  if (toolchainBindsCache === undefined) {
    const byDest = new Map<string, Bind>();
    for (const language of loadLanguageDefinitions()) {
      if (!isToolchainInstalled(language)) continue;
      for (const bind of language.binds)
        if (existsSync(bind.src)) byDest.set(bind.dest, { src: bind.src, dest: bind.dest });
    }
    toolchainBindsCache = [...byDest.values()];
  }
  return toolchainBindsCache;
}

const LOG_SECTION_CHARS = 16 * 1024;
const LOG_MAX_CHARS = 64 * 1024;

/** Where `runProject` finds the sandbox and the runner's stores. */
export interface ProjectRunnerContext {
  host: SandboxHost;
  /** Tars uploaded by sha256 (`FileSet` kind `blob`). */
  blobDir: string;
  /** Prepared challenge environments by sha256 (`env` kind `sha256`). */
  envDir: string;
}

/**
 * Builds and tests a project submission (sandbox.md §9). Lays out `work/` (→ /project: the
 * submission, then for `grade` the hidden files, then the restored read-only files, then the
 * `node_modules → /env/node_modules` link), an empty `res/` (→ /results) and the env (→ /env, ro);
 * runs the optional build and then the test command, each in a fresh sandbox with file locks and
 * no network; then, with the slot empty, reads the result files. Nothing is written into `work/`
 * or `res/` once candidate code has run.
 * @throws RunnerRequestError `invalid_archive` (bad submission or overlay), `bad_request`, `aborted`.
 */
export async function runProject(
  request: ProjectRequest,
  context: ProjectRunnerContext,
  options: { signal?: AbortSignal } = {},
): Promise<ProjectResult> {
  const { signal } = options;
  const submission = await resolveMembers(request.submission, context, 'submission');
  const hidden =
    request.variant === 'grade' && request.hidden
      ? await resolveMembers(request.hidden, context, 'hidden files')
      : [];
  const readOnly = request.readOnly ? await resolveMembers(request.readOnly, context, 'read-only files') : [];
  const envPath = await resolveEnv(request, context);

  const [slot] = await context.host.claimSlots(1, signal ? { signal } : {});
  if (slot === undefined) throw new RunnerRequestError('internal', 'no sandbox slot');
  try {
    const work = await slot.makeScratchDir('work');
    const results = await slot.makeScratchDir('res');
    await writeMembers(submission, work);
    await writeMembers(hidden, work, { replace: true });
    await writeMembers(readOnly, work, { replace: true });
    if (envPath !== null && (await isDirectory(join(envPath, 'node_modules')))) {
      await rm(join(work, 'node_modules'), { recursive: true, force: true });
      await symlink('/env/node_modules', join(work, 'node_modules'));
    }
    await chownTree(work, slot.uid);

    const binds: Bind[] = [...toolchainBinds(), { src: work, dest: '/project', rw: true }];
    if (envPath !== null) binds.push({ src: envPath, dest: '/env' });
    const log: string[] = [];
    let build: StepResult | null = null;
    if (request.build !== undefined) {
      const run = await runStep(slot, request, request.build, binds, request.limits?.build, signal);
      build = stepResult(run);
      log.push(...section('build', run));
    }
    const buildPassed = build === null || build.status === 'passed';
    if (!buildPassed) {
      return {
        variant: request.variant,
        build,
        buildPassed,
        test: null,
        cases: [],
        casesTruncated: false,
        log: log.join('\n'),
      };
    }
    const testBinds: Bind[] = [...binds, { src: results, dest: '/results', rw: true }];
    const run = await runStep(slot, request, request.test, testBinds, request.limits?.test, signal);
    log.push(...section('test', run));
    // slot.run returned: the slot is empty, so the result files can no longer change under us.
    const readout = await readResultsDir(results);
    if (readout.notes.length > 0) log.push('--- results', ...readout.notes);
    return {
      variant: request.variant,
      build,
      buildPassed,
      test: stepResult(run),
      cases: readout.cases,
      casesTruncated: readout.truncated,
      log: joinLog(log),
    };
  } finally {
    await slot.release();
  }
}

async function resolveMembers(
  set: ProjectRequest['submission'],
  context: ProjectRunnerContext,
  what: string,
): Promise<ArchiveMember[]> {
  try {
    return await resolveFileSet(set, { blobDir: context.blobDir });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new RunnerRequestError('invalid_archive', `${what}: ${message}`);
  }
}

async function resolveEnv(request: ProjectRequest, context: ProjectRunnerContext): Promise<string | null> {
  if (request.env === undefined) return null;
  const path = request.env.kind === 'path' ? request.env.path : join(context.envDir, request.env.sha256);
  if (!(await isDirectory(path)))
    throw new RunnerRequestError('bad_request', `env ${path} is not a directory on the runner`);
  return path;
}

async function isDirectory(path: string): Promise<boolean> {
  const stat = await lstat(path).catch(() => null);
  return stat?.isDirectory() ?? false;
}

// The layout is written by root before any candidate code runs; the slot must own it to work in it.
async function chownTree(dir: string, uid: number): Promise<void> {
  if (process.getuid?.() !== 0) return;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    await lchown(path, uid, uid);
    if (entry.isDirectory()) await chownTree(path, uid);
  }
}

async function runStep(
  slot: Slot,
  request: ProjectRequest,
  command: Command,
  binds: Bind[],
  overrides: StepLimits | undefined,
  signal: AbortSignal | undefined,
): Promise<RunResult> {
  const argv = typeof command === 'string' ? ['/bin/sh', '-c', command] : command;
  if (!argv[0]?.startsWith('/'))
    throw new RunnerRequestError('bad_request', 'a command argv must start with an absolute path');
  const limits: RunLimits = { ...PROJECT_STEP_DEFAULTS, ...definedOnly(overrides ?? {}) };
  const run = await slot.run(
    {
      argv,
      env: request.environment ?? {},
      binds,
      cwd: '/project',
      limits,
      stdin: { kind: 'empty' },
      stdout: { kind: 'capture' },
      allowFileLocks: true,
    },
    signal ? { signal } : {},
  );
  if (run.termination === 'aborted') throw new RunnerRequestError('aborted', 'the request was cancelled');
  return run;
}

function definedOnly(limits: StepLimits): Partial<RunLimits> {
  return Object.fromEntries(Object.entries(limits).filter(([, value]) => value !== undefined));
}

/** Maps a sandbox run to a step status (limits first, then the exit code). */
export function stepResult(run: RunResult): StepResult {
  const base = { exitCode: run.exitCode, signal: run.signal, cpuMs: run.cpuMs, wallMs: run.wallMs };
  if (run.outcome === 'setup-failed') return { status: 'error', ...base };
  switch (run.termination) {
    case 'cpu-limit':
    case 'wall-limit':
      return { status: 'timeout', ...base };
    case 'memory-limit':
      return { status: 'memory', ...base };
    case 'output-limit':
      return { status: 'output', ...base };
    default:
      return { status: run.exitCode === 0 ? 'passed' : 'failed', ...base };
  }
}

function section(name: string, run: RunResult): string[] {
  const lines = [`--- ${name}: ${describeEnd(run)}`];
  for (const [stream, data, truncated] of [
    ['stdout', run.stdout, run.stdoutTruncated],
    ['stderr', run.stderr, run.stderrTruncated],
  ] as const) {
    const text = data.toString('utf8');
    if (text.trim() === '') continue;
    const cut = text.length > LOG_SECTION_CHARS || truncated;
    lines.push(
      `[${stream}]${cut ? ' (last part only)' : ''}`,
      cut ? text.slice(-LOG_SECTION_CHARS) : text.trimEnd(),
    );
  }
  return lines;
}

function joinLog(lines: string[]): string {
  const text = lines.join('\n');
  return text.length > LOG_MAX_CHARS ? `${text.slice(0, LOG_MAX_CHARS)}\n[log truncated]` : text;
}

function describeEnd(run: RunResult): string {
  if (run.outcome === 'setup-failed') return `sandbox error: ${run.setupError ?? 'unknown'}`;
  if (run.termination !== 'exited') return `stopped (${run.termination}) after ${Math.round(run.wallMs)} ms`;
  return run.signal
    ? `killed by ${run.signal}`
    : `exit ${String(run.exitCode)} after ${Math.round(run.wallMs)} ms`;
}
