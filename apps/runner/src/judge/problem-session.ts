import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { SubmissionLimits } from '@assay/contracts';
import { isToolchainInstalled, loadLanguageDefinitions } from '../languages/language-registry.js';
import type { Language } from '../languages/language-schema.js';
import {
  decideTimeLimit,
  DERIVATION_PROBE_LIMIT_MS,
  type TimeLimitDecision,
} from '../packages/time-limit.js';
import { flattenTestCases } from '../packages/kattis-package-loader.js';
import type { PackageProgram, ProblemPackage } from '../packages/package-types.js';
import type { SandboxHost } from '../sandbox/types.js';
import { judgeSubmission, type JudgeOptions } from './judge-submission.js';
import type { JudgeResult } from './judge-types.js';
import { detectLanguages } from './language-availability.js';
import {
  prepareSubmission,
  SubmissionError,
  UnsupportedLanguageError,
  type PreparedSubmission,
  type SubmissionFile,
} from './submission-files.js';

/**
 * Reads a submission from a file or a folder (its regular files, recursively).
 * Links are refused; size limits are checked while reading.
 */
export function readSubmissionPath(path: string): SubmissionFile[] {
  const stat = lstatSync(path, { throwIfNoEntry: false });
  if (!stat) throw new SubmissionError(`${path}: no such file or folder`);
  if (stat.isSymbolicLink()) throw new SubmissionError(`${path}: submissions may contain no symbolic links`);
  if (stat.isFile()) return [readCapped(path, basename(path), stat.size)];
  if (!stat.isDirectory()) throw new SubmissionError(`${path}: not a regular file or folder`);
  const files: SubmissionFile[] = [];
  const walk = (dir: string, prefix: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      const entry = lstatSync(full);
      if (entry.isSymbolicLink())
        throw new SubmissionError(`${full}: submissions may contain no symbolic links`);
      if (entry.isDirectory()) walk(full, `${prefix}${name}/`);
      else if (entry.isFile()) {
        if (files.length >= SubmissionLimits.maxFiles) {
          throw new SubmissionError(`${path}: more than ${SubmissionLimits.maxFiles} files`);
        }
        files.push(readCapped(full, `${prefix}${name}`, entry.size));
      } else throw new SubmissionError(`${full}: not a regular file`);
    }
  };
  walk(path, '');
  return files;
}

function readCapped(path: string, name: string, size: number): SubmissionFile {
  if (size > SubmissionLimits.maxFileBytes) {
    throw new SubmissionError(
      `${path} is ${size} bytes; files may be at most ${SubmissionLimits.maxFileBytes} bytes (1 MiB).`,
    );
  }
  return { name, content: readFileSync(path) };
}

/** Reads the files of a package program (validator or submission). */
export function readPackageProgram(program: PackageProgram): SubmissionFile[] {
  return program.files.map((f) => ({ name: f.name, content: readFileSync(f.path) }));
}

/** Languages known to Assay and, lazily, which of them pass their smoke test here. */
export class LanguageCatalog {
  readonly known: Language[];
  private readonly verified = new Map<string, boolean>();
  private readonly reasons = new Map<string, string>();

  constructor(
    private readonly host: SandboxHost,
    languages?: Language[],
  ) {
    this.known = languages ?? loadLanguageDefinitions();
  }

  /** Installed languages (for messages listing what is supported). */
  installed(): Language[] {
    return this.known.filter((l) => isToolchainInstalled(l));
  }

  /** Smoke-tests `language` once (cached on disk per toolchain version). */
  async isAvailable(language: Language): Promise<boolean> {
    const key = `${language.id}/${language.version}`;
    let ok = this.verified.get(key);
    if (ok === undefined) {
      const [status] = await detectLanguages(this.host, { languages: [language] });
      ok = status?.available ?? false;
      if (status?.reason !== undefined) this.reasons.set(key, status.reason);
      this.verified.set(key, ok);
    }
    return ok;
  }

  reason(language: Language): string | undefined {
    return this.reasons.get(`${language.id}/${language.version}`);
  }

  /**
   * Prepares a submission: language from --language or the extension, then checks the
   * toolchain is installed and passes its smoke test.
   */
  async prepare(files: SubmissionFile[], languageName?: string): Promise<PreparedSubmission> {
    const installed = this.installed();
    // First pass against every known language: tells "not installed" from "unknown".
    const prepared = prepareSubmission(files, this.known, installed, languageName);
    if (!(await this.isAvailable(prepared.language))) {
      const why = this.reason(prepared.language);
      throw new UnsupportedLanguageError(
        `${prepared.language.name} is not available (${why === 'not installed' || why === undefined ? 'not installed' : `smoke test failed: ${why}`})`,
      );
    }
    return prepared;
  }
}

/** Prepares a package's output validator, when it has one. */
export async function prepareValidator(
  pkg: ProblemPackage,
  catalog: LanguageCatalog,
): Promise<PreparedSubmission | undefined> {
  if (!pkg.outputValidator) return undefined;
  const files = readPackageProgram(pkg.outputValidator);
  const known = new Set(catalog.known.flatMap((l) => l.extensions));
  // Kattis validators may ship headers and data; the language comes from the source files.
  const sources = files.filter((f) => known.has(f.name.slice(f.name.lastIndexOf('.') + 1).toLowerCase()));
  const mainSource = sources.find((f) => /^(validate|validator|main)\./i.test(f.name)) ?? sources[0];
  try {
    const prepared = await catalog.prepare(
      mainSource ? [mainSource, ...files.filter((f) => f !== mainSource)] : files,
    );
    return mainSource ? { ...prepared, mainFile: mainSource.name } : prepared;
  } catch (error) {
    throw new SubmissionError(`${pkg.outputValidator.path}: ${(error as Error).message}`);
  }
}

/** Maximum CPU time over a result's test cases. */
export function maxCpuMs(result: JudgeResult): number {
  return result.tests.reduce((m, t) => Math.max(m, t.cpuMs), 0);
}

/**
 * Decides the package's time limit, running accepted submissions with a generous limit
 * when it must be derived (as problemtools). Returns their results too, for reuse.
 */
export async function resolveTimeLimit(
  host: SandboxHost,
  pkg: ProblemPackage,
  accepted: { path: string; submission: PreparedSubmission }[],
  validator: PreparedSubmission | undefined,
  options: JudgeOptions & {
    onProbe?: (path: string) => void;
    /** Remember measured times here (keyed by the package fingerprint). */
    cacheDir?: string;
    /** Measure even when a cached measurement exists. */
    remeasure?: boolean;
  } = {},
): Promise<{ decision: TimeLimitDecision; probes: Map<string, JudgeResult> }> {
  const probes = new Map<string, JudgeResult>();
  if (pkg.limits.timeLimitSec !== undefined || accepted.length === 0) {
    return { decision: decideTimeLimit(pkg, []), probes };
  }
  const cacheFile =
    options.cacheDir === undefined
      ? undefined
      : join(options.cacheDir, `${packageFingerprint(pkg, accepted)}.json`);
  if (cacheFile !== undefined && !options.remeasure) {
    try {
      const cached = JSON.parse(readFileSync(cacheFile, 'utf8')) as { acceptedCpuMs: number[] };
      return { decision: decideTimeLimit(pkg, cached.acceptedCpuMs), probes };
    } catch {
      // not measured yet
    }
  }
  const times: number[] = [];
  for (const { path, submission } of accepted) {
    options.onProbe?.(path);
    const result = await judgeSubmission(
      host,
      {
        pkg,
        submission,
        ...(validator ? { validator } : {}),
        timeLimitMs: DERIVATION_PROBE_LIMIT_MS,
        runAll: true,
      },
      options,
    );
    probes.set(path, result);
    if (result.verdict === 'AC') times.push(maxCpuMs(result) / submission.language.timeMultiplier);
  }
  if (cacheFile !== undefined && times.length > 0) {
    mkdirSync(dirname(cacheFile), { recursive: true, mode: 0o700 });
    writeFileSync(cacheFile, JSON.stringify({ acceptedCpuMs: times }));
  }
  return { decision: decideTimeLimit(pkg, times), probes };
}

/**
 * Identifies what a derived time limit depends on: problem.yaml, the accepted
 * submissions' contents, and the test data files (names, sizes, modification times).
 */
export function packageFingerprint(
  pkg: ProblemPackage,
  accepted: { path: string; submission: PreparedSubmission }[],
): string {
  const hash = createHash('sha256');
  hash.update(readFileSync(join(pkg.root, 'problem.yaml')));
  for (const { path, submission } of accepted) {
    hash.update(`\0${path}\0${submission.language.id}`);
    for (const file of submission.files) hash.update(file.content);
  }
  for (const c of flattenTestCases(pkg.data)) {
    for (const file of [c.inputPath, c.answerPath]) {
      if (file === '') continue;
      const st = statSync(file);
      hash.update(`\0${file}\0${st.size}\0${st.mtimeMs}`);
    }
  }
  return hash.digest('hex');
}
