import { spawn } from 'node:child_process';

/** Where the system tools live; the environment of every git process is fixed, never inherited. */
export const SAFE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * The environment every git process gets: no system or user configuration, no prompts, a fixed
 * locale and time zone. `home` is an empty directory (git and its helpers never read a real one).
 */
export function baseGitEnv(home: string): NodeJS.ProcessEnv {
  return {
    PATH: SAFE_PATH,
    HOME: home,
    XDG_CONFIG_HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    GIT_ASKPASS: '/bin/false',
    GIT_ATTR_NOSYSTEM: '1',
    GIT_NO_REPLACE_OBJECTS: '1',
    LC_ALL: 'C',
    LANG: 'C',
    TZ: 'UTC',
  };
}

/** A git command that exited non-zero (`stderr` is git's own message, never a secret). */
export class GitCommandError extends Error {
  override readonly name = 'GitCommandError';
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(`git ${args[0] ?? ''} failed (exit ${String(exitCode)}): ${stderr.trim().split('\n')[0] ?? ''}`);
  }
}

export interface RunGitOptions {
  git: string;
  env: NodeJS.ProcessEnv;
  cwd?: string;
  input?: Buffer | string;
  /** Stop and fail when stdout grows beyond this (default 256 MiB). */
  maxOutputBytes?: number;
  /** Exit codes that are answers rather than failures (e.g. 1 for `merge-base --is-ancestor`). */
  okExitCodes?: readonly number[];
  /** Keep the first `truncateAt` bytes of stdout, then stop git and resolve with `truncated: true`. */
  truncateAt?: number;
}

/** Run git with `args` (no shell); resolves with stdout as bytes and the exit code. */
export function runGit(
  args: readonly string[],
  options: RunGitOptions,
): Promise<{ stdout: Buffer; code: number; truncated: boolean }> {
  const maxOutput = options.maxOutputBytes ?? 256 * 1024 * 1024;
  const ok = new Set([0, ...(options.okExitCodes ?? [])]);
  return new Promise((resolve, reject) => {
    const child = spawn(options.git, args, {
      env: options.env,
      ...(options.cwd ? { cwd: options.cwd } : {}),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    let outBytes = 0;
    const err: Buffer[] = [];
    let errBytes = 0;
    let overflow = false;
    let truncated = false;
    child.stdout.on('data', (chunk: Buffer) => {
      if (truncated) return;
      if (options.truncateAt !== undefined && outBytes + chunk.length > options.truncateAt) {
        out.push(chunk.subarray(0, options.truncateAt - outBytes));
        outBytes = options.truncateAt;
        truncated = true;
        child.kill('SIGKILL');
        return;
      }
      outBytes += chunk.length;
      if (outBytes > maxOutput) {
        overflow = true;
        child.kill('SIGKILL');
        return;
      }
      out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (errBytes < 64 * 1024) err.push(chunk);
      errBytes += chunk.length;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const stderr = Buffer.concat(err).toString('utf8');
      if (truncated) {
        resolve({ stdout: Buffer.concat(out), code: code ?? -1, truncated });
      } else if (overflow) {
        reject(new GitCommandError(args, code, `output over ${maxOutput} bytes`));
      } else if (code !== null && ok.has(code)) {
        resolve({ stdout: Buffer.concat(out), code, truncated });
      } else {
        reject(new GitCommandError(args, code, stderr));
      }
    });
    // git may exit before reading all of stdin (an error); the close handler reports it.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}
