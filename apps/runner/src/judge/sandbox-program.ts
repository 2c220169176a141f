import { chmod, chown, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { expandArgv, runArgv } from '../languages/language-command.js';
import type { Bind, RunLimits, RunResult, RunSpec, Slot, StdinSource, StdoutSink } from '../sandbox/types.js';
import type { PreparedSubmission } from './submission-files.js';
import { compileLimits } from './sandbox-limits.js';

/** Retries of a run whose sandbox set-up failed, before it becomes IE. */
const SETUP_RETRIES = 2;

/** A program compiled in a slot: sources under `srcDir` (root-owned), build output in `outDir`. */
export interface CompiledProgram {
  submission: PreparedSubmission;
  slot: Slot;
  srcDir: string;
  outDir: string;
}

export type CompileOutcome =
  { ok: true; program: CompiledProgram; output: string } | { ok: false; internal: boolean; output: string };

/** Runs `spec` in `slot`, retrying set-up failures (IE) at most twice. */
export async function runWithRetry(slot: Slot, spec: RunSpec, signal?: AbortSignal): Promise<RunResult> {
  let result = await slot.run(spec, signal ? { signal } : undefined);
  for (let i = 0; i < SETUP_RETRIES && result.outcome === 'setup-failed' && !signal?.aborted; i++) {
    result = await slot.run(spec, signal ? { signal } : undefined);
  }
  return result;
}

/**
 * Writes the program's files into a fresh root-owned folder readable by the slot
 * (`/src` in the sandbox is bound read-only from it).
 */
export async function writeSourceDir(dir: string, submission: PreparedSubmission, slot: Slot): Promise<void> {
  await mkdir(dir, { mode: 0o750 });
  await chown(dir, 0, slot.uid);
  await chmod(dir, 0o750);
  for (const file of submission.files) {
    const path = join(dir, file.name);
    await mkdir(dirname(path), { recursive: true, mode: 0o750 });
    if (dirname(path) !== dir) await chown(dirname(path), 0, slot.uid);
    await writeFile(path, file.content, { mode: 0o640 });
    await chown(path, 0, slot.uid);
  }
}

/** Capped, lossy UTF-8 text of compiler output. */
function compilerText(result: RunResult, cap = 16 * 1024): string {
  const text = Buffer.concat([result.stdout, result.stderr]).toString('utf8');
  return text.length > cap ? `${text.slice(0, cap)}\n… (output truncated)` : text;
}

/**
 * Compiles `submission` in `slot`: sources in `<workDir>/<name>-src` (root-owned),
 * output in a slot scratch dir. CE when the compiler fails or exceeds its limits.
 */
export async function compileProgram(
  slot: Slot,
  workDir: string,
  name: string,
  submission: PreparedSubmission,
  signal?: AbortSignal,
): Promise<CompileOutcome> {
  const srcDir = join(workDir, `${name}-src`);
  await writeSourceDir(srcDir, submission, slot);
  const outDir = await slot.makeScratchDir(`${name}-out`);
  const program: CompiledProgram = { submission, slot, srcDir, outDir };
  const { language } = submission;
  if (!language.compile) return { ok: true, program, output: '' };
  const limits: RunLimits = compileLimits(language);
  const result = await runWithRetry(
    slot,
    {
      argv: expandArgv(language.compile.argv, commandContext(submission, 512)),
      env: language.env,
      binds: programBinds(program, true),
      cwd: '/out',
      limits,
      stdin: { kind: 'empty' },
      stdout: { kind: 'capture' },
      allowFileLocks: true,
    },
    signal,
  );
  if (result.outcome === 'setup-failed') {
    return { ok: false, internal: true, output: result.setupError ?? 'sandbox set-up failed' };
  }
  const output = compilerText(result);
  if (result.termination !== 'exited' || result.exitCode !== 0) {
    const why = result.termination === 'exited' ? '' : `\n(compiler stopped: ${result.termination})`;
    return { ok: false, internal: false, output: `${output}${why}` };
  }
  return { ok: true, program, output };
}

function commandContext(submission: PreparedSubmission, memoryMiB: number) {
  const ext = new Set(submission.language.extensions);
  const sources = submission.files
    .map((f) => f.name)
    .filter((n) => ext.has(n.slice(n.lastIndexOf('.') + 1).toLowerCase()));
  return {
    files: sources.length > 0 ? sources : submission.files.map((f) => f.name),
    mainFile: submission.mainFile,
    ...(submission.mainClass === undefined ? {} : { mainClass: submission.mainClass }),
    memoryMiB,
  };
}

function programBinds(program: CompiledProgram, outWritable: boolean): Bind[] {
  const { language } = program.submission;
  const cache =
    language.cache && language.cacheDir !== undefined
      ? [{ src: language.cacheDir, dest: language.cache.dest }]
      : [];
  return [
    ...language.binds,
    ...cache,
    { src: program.srcDir, dest: '/src' },
    { src: program.outDir, dest: '/out', rw: outWritable },
  ];
}

/** Runs a compiled program once, in a fresh sandbox over its read-only `/out`. */
export function runProgram(
  program: CompiledProgram,
  options: {
    limits: RunLimits;
    stdin: StdinSource;
    stdout?: StdoutSink;
    args?: string[];
    extraBinds?: Bind[];
    signal?: AbortSignal;
  },
): Promise<RunResult> {
  const memoryMiB = Math.floor(options.limits.memoryBytes / (1024 * 1024));
  const argv = [
    ...runArgv(program.submission.language, commandContext(program.submission, memoryMiB)),
    ...(options.args ?? []),
  ];
  return runWithRetry(
    program.slot,
    {
      argv,
      env: program.submission.language.env,
      binds: [...programBinds(program, false), ...(options.extraBinds ?? [])],
      cwd: '/out',
      limits: options.limits,
      stdin: options.stdin,
      stdout: options.stdout ?? { kind: 'capture' },
      allowFileLocks: false,
    },
    options.signal,
  );
}
