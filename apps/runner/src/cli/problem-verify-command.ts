import { loadKattisPackage } from '../packages/kattis-package-loader.js';
import type { ExpectedVerdictFolder, PackageSubmission } from '../packages/package-types.js';
import { judgeSubmission } from '../judge/judge-submission.js';
import type { JudgeResult, Verdict } from '../judge/judge-types.js';
import {
  LanguageCatalog,
  maxCpuMs,
  prepareValidator,
  readPackageProgram,
  resolveTimeLimit,
} from '../judge/problem-session.js';
import { UnsupportedLanguageError, type PreparedSubmission } from '../judge/submission-files.js';
import {
  EXIT,
  parseCommandArgs,
  processIo,
  renderTable,
  startSandbox,
  userErrorMessage,
  type CommandIo,
} from './cli-support.js';

const USAGE = 'usage: assay problem verify PACKAGE [--json]\n';

const FOLDER_VERDICT: Partial<Record<ExpectedVerdictFolder, Verdict>> = {
  accepted: 'AC',
  wrong_answer: 'WA',
  time_limit_exceeded: 'TLE',
  run_time_error: 'RTE',
  memory_limit_exceeded: 'MLE',
  output_limit_exceeded: 'OLE',
  compile_error: 'CE',
};

/** One row of the verification summary. */
export interface VerifyRow {
  submission: string;
  expected: ExpectedVerdictFolder;
  verdict: Verdict | null;
  score: number | null;
  maxScore: number | null;
  maxCpuMs: number | null;
  ok: boolean;
  note?: string;
}

/**
 * Whether a result matches its submissions/ folder: the folder's verdict (accepted also
 * needs the full score on scoring problems); partially_accepted needs 0 < score < max.
 */
export function matchesExpectation(
  expected: ExpectedVerdictFolder,
  result: JudgeResult,
  scoring: boolean,
): boolean {
  if (expected === 'partially_accepted') return scoring && result.score > 0 && result.score < result.maxScore;
  if (expected === 'accepted' && scoring && result.score < result.maxScore) return false;
  return FOLDER_VERDICT[expected] === result.verdict;
}

function progressBar(done: number, total: number, label: string): string {
  const width = 24;
  const filled = total === 0 ? width : Math.round((done / total) * width);
  const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
  return `\r\x1b[2K[${bar}] ${done}/${total} ${label}`;
}

/**
 * `assay problem verify PACKAGE`: judges every submission under submissions/ and checks
 * each gets its folder's verdict. Progress bar on a TTY, summary table at the end;
 * exit 0 only when all match.
 */
export async function runProblemVerifyCommand(argv: string[], io: CommandIo = processIo()): Promise<number> {
  const args = parseCommandArgs(argv, { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if ('error' in args) {
    io.stderr(`${args.error}\n${USAGE}`);
    return EXIT.usage;
  }
  if (args.values.help === true) {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  const [packagePath, ...extra] = args.positionals;
  if (packagePath === undefined || extra.length > 0) {
    io.stderr(USAGE);
    return EXIT.usage;
  }
  const json = args.values.json === true;
  try {
    const pkg = loadKattisPackage(packagePath);
    if (pkg.submissions.length === 0) {
      io.stderr(`${packagePath}: no submissions under submissions/ to verify\n`);
      return EXIT.failure;
    }
    const host = await startSandbox();
    const catalog = new LanguageCatalog(host);
    const validator = await prepareValidator(pkg, catalog);
    const rows: VerifyRow[] = [];
    const prepared: { entry: PackageSubmission; submission: PreparedSubmission }[] = [];
    for (const entry of pkg.submissions) {
      try {
        prepared.push({ entry, submission: await catalog.prepare(readPackageProgram(entry)) });
      } catch (error) {
        // As problemtools: submissions in languages this machine lacks are skipped with a warning.
        const skipped = error instanceof UnsupportedLanguageError;
        if (skipped) io.stderr(`warning: skipping ${entry.path}: ${error.message}\n`);
        rows.push({
          submission: entry.path,
          expected: entry.expected,
          verdict: null,
          score: null,
          maxScore: null,
          maxCpuMs: null,
          ok: skipped,
          note: skipped ? `skipped: ${error.message}` : userErrorMessage(error),
        });
      }
    }
    const total = prepared.length;
    let done = 0;
    const progress = (label: string): void => {
      if (io.isTty && !json) io.stderr(progressBar(done, total, label));
      else io.stderr(`[${done}/${total}] ${label}\n`);
    };
    const accepted = prepared
      .filter((p) => p.entry.expected === 'accepted')
      .map((p) => ({ path: p.entry.path, submission: p.submission }));
    const { decision, probes } = await resolveTimeLimit(host, pkg, accepted, validator, {
      onProbe: (path) => progress(`measuring ${path}`),
    });
    if (io.isTty && !json) io.stderr('\r\x1b[2K');
    io.stderr(
      `${pkg.name}: time limit ${decision.timeLimitMs / 1000} s (${decision.source}), memory ${pkg.limits.memoryMiB} MiB\n`,
    );
    for (const { entry, submission } of prepared) {
      progress(entry.path);
      const probe = probes.get(entry.path);
      const limitMs = decision.timeLimitMs * submission.language.timeMultiplier;
      // A measuring run is the real verdict when everything ran within the final limit.
      const result =
        probe && probe.verdict === 'AC' && maxCpuMs(probe) <= limitMs
          ? { ...probe, timeLimitMs: limitMs }
          : await judgeSubmission(host, {
              pkg,
              submission,
              ...(validator ? { validator } : {}),
              timeLimitMs: decision.timeLimitMs,
            });
      done += 1;
      const ok = matchesExpectation(entry.expected, result, pkg.scoring);
      const note =
        result.internalError ?? (result.verdict === 'CE' ? result.compileOutput?.split('\n')[0] : undefined);
      rows.push({
        submission: entry.path,
        expected: entry.expected,
        verdict: result.verdict,
        score: result.score,
        maxScore: result.maxScore,
        maxCpuMs: maxCpuMs(result),
        ok,
        ...(note === undefined ? {} : { note }),
      });
    }
    if (io.isTty && !json) io.stderr(`${progressBar(done, total, 'done')}\n`);
    const failures = rows.filter((r) => !r.ok).length;
    if (json) {
      io.stdout(
        `${JSON.stringify({ ok: failures === 0, timeLimitMs: decision.timeLimitMs, submissions: rows })}\n`,
      );
    } else {
      io.stdout(
        renderTable(
          ['Submission', 'Expected', 'Got', 'Score', 'Max CPU', 'Result'],
          rows.map((r) => [
            r.submission,
            r.expected,
            r.verdict ?? '-',
            r.score === null ? '-' : `${r.score}/${r.maxScore ?? 0}`,
            r.maxCpuMs === null ? '-' : `${r.maxCpuMs} ms`,
            r.verdict === null && r.ok
              ? 'skipped'
              : r.ok
                ? 'ok'
                : `MISMATCH${r.note === undefined ? '' : ` (${r.note})`}`,
          ]),
        ),
      );
      io.stdout(
        failures === 0
          ? `All ${rows.length} submissions got their expected verdicts.\n`
          : `${failures} of ${rows.length} submissions did not get their expected verdict.\n`,
      );
    }
    return failures === 0 ? EXIT.ok : EXIT.failure;
  } catch (error) {
    io.stderr(`${userErrorMessage(error)}\n`);
    return EXIT.failure;
  }
}
