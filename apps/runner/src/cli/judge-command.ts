import { join } from 'node:path';
import { loadKattisPackage } from '../packages/kattis-package-loader.js';
import { DEFAULT_STATE_DIR } from '../sandbox/index.js';
import { judgeSubmission } from '../judge/judge-submission.js';
import type { JudgeResult } from '../judge/judge-types.js';
import {
  LanguageCatalog,
  prepareValidator,
  readPackageProgram,
  readSubmissionPath,
  resolveTimeLimit,
} from '../judge/problem-session.js';
import {
  EXIT,
  formatMiB,
  parseCommandArgs,
  processIo,
  startSandbox,
  userErrorMessage,
  type CommandIo,
} from './cli-support.js';

const USAGE = 'usage: assay judge PACKAGE SUBMISSION [--language L] [--json]\n';

/**
 * `assay judge PACKAGE SUBMISSION [--language L] [--json]`: judges one submission (a file
 * or a folder) against a Kattis problem package and prints the verdict. With --json,
 * exactly one JSON object on stdout; logs on stderr. Exit 0 whenever a verdict was produced.
 */
export async function runJudgeCommand(argv: string[], io: CommandIo = processIo()): Promise<number> {
  const args = parseCommandArgs(argv, {
    language: { type: 'string', short: 'l' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if ('error' in args) {
    io.stderr(`${args.error}\n${USAGE}`);
    return EXIT.usage;
  }
  if (args.values.help === true) {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  const [packagePath, submissionPath, ...extra] = args.positionals;
  if (packagePath === undefined || submissionPath === undefined || extra.length > 0) {
    io.stderr(USAGE);
    return EXIT.usage;
  }
  const json = args.values.json === true;
  const language = typeof args.values.language === 'string' ? args.values.language : undefined;
  try {
    const pkg = loadKattisPackage(packagePath);
    const files = readSubmissionPath(submissionPath);
    const host = await startSandbox();
    const catalog = new LanguageCatalog(host);
    const submission = await catalog.prepare(files, language);
    const validator = await prepareValidator(pkg, catalog);
    const accepted = [];
    if (pkg.limits.timeLimitSec === undefined) {
      for (const s of pkg.submissions.filter((x) => x.expected === 'accepted')) {
        try {
          accepted.push({ path: s.path, submission: await catalog.prepare(readPackageProgram(s)) });
        } catch (error) {
          io.stderr(`skipping ${s.path} for the time limit: ${userErrorMessage(error)}\n`);
        }
      }
    }
    const { decision } = await resolveTimeLimit(host, pkg, accepted, validator, {
      onProbe: (path) => io.stderr(`measuring ${path} to derive the time limit…\n`),
      // Measured once per package version, so later `assay judge` runs start at once.
      cacheDir: join(DEFAULT_STATE_DIR, 'derived-time-limits'),
    });
    io.stderr(
      `${pkg.name}: time limit ${decision.timeLimitMs / 1000} s (${decision.source}), memory ${pkg.limits.memoryMiB} MiB\n`,
    );
    const result = await judgeSubmission(
      host,
      { pkg, submission, ...(validator ? { validator } : {}), timeLimitMs: decision.timeLimitMs },
      {
        onTest: (t) => {
          if (!json) return;
          io.stderr(`${t.id}: ${t.verdict} ${t.cpuMs} ms\n`);
        },
      },
    );
    if (json) io.stdout(`${JSON.stringify(result)}\n`);
    else io.stdout(formatJudgeResult(result));
    if (result.internalError !== undefined) io.stderr(`internal error: ${result.internalError}\n`);
    return EXIT.ok;
  } catch (error) {
    io.stderr(`${userErrorMessage(error)}\n`);
    return EXIT.failure;
  }
}

/** Human-readable judge result: one line per test case, then the verdict. */
export function formatJudgeResult(result: JudgeResult): string {
  const lines: string[] = [];
  if (result.compileOutput !== undefined) lines.push(result.compileOutput.trimEnd());
  for (const t of result.tests) {
    const extra = t.message === undefined ? '' : `  ${t.message.split('\n')[0] ?? ''}`;
    lines.push(
      `${t.id.padEnd(24)} ${t.verdict.padEnd(3)} ${String(t.cpuMs).padStart(6)} ms cpu ${String(t.wallMs).padStart(6)} ms wall ${formatMiB(t.peakMemoryBytes).padStart(10)}${extra}`,
    );
  }
  lines.push(`Verdict: ${result.verdict}   Score: ${result.score}/${result.maxScore}`);
  return `${lines.join('\n')}\n`;
}
