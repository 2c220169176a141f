import { runJudgeCommand, runProblemVerifyCommand } from '@assay/runner';

/**
 * `assay judge PACKAGE SUBMISSION [--language L] [--json]`: judged by the runner library in
 * this CLI process (no database, no secrets are touched; candidate code runs only in the
 * sandbox, spawned with an empty environment). Output and exit codes: interfaces.md.
 */
export function judgeCommand(args: string[]): Promise<number> {
  return runJudgeCommand(args);
}

/** `assay problem verify PACKAGE`: every submission under submissions/ gets its folder's verdict. */
export function problemCommand(args: string[]): Promise<number> {
  if (args[0] !== 'verify') {
    process.stderr.write('Usage: assay problem verify PACKAGE\n');
    return Promise.resolve(2);
  }
  return runProblemVerifyCommand(args.slice(1));
}
