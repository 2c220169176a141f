/**
 * The launch pipeline (sandbox.md §3) and one run's life cycle (§6):
 * cgroup leaf → `sh` JOIN → setpriv → prlimit → bwrap → program; output capture, timers,
 * CPU/OOM polling, teardown.
 */
import { spawn, type StdioOptions } from 'node:child_process';
import fs from 'node:fs';
import { constants as osConstants } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { RunCgroup, CgroupDriver } from './cgroup.js';
import { processesOfUid } from './box-files.js';
import type { RunResult, RunSpec, Termination } from './types.js';

/** Executables of the pipeline (absolute: the launcher runs with an empty environment). */
export const TOOLS = {
  sh: '/bin/sh',
  bash: '/bin/bash',
  setpriv: '/usr/bin/setpriv',
  prlimit: '/usr/bin/prlimit',
  bwrap: '/usr/bin/bwrap',
} as const;

/** Writes `$$` into every cgroup.procs file given before `--`, closes stray fds, then execs the rest. */
function joinScript(closeFds: readonly number[]): string {
  const close = closeFds.length === 0 ? '' : `exec ${closeFds.map((n) => `${String(n)}>&-`).join(' ')}; `;
  return `while [ "$1" != -- ]; do echo $$ > "$1" || exit 125; shift; done; shift; ${close}exec "$@"`;
}

const O_CLOEXEC = 0o2000000;

/**
 * Descriptors ≥ 5 of this process without FD_CLOEXEC (inherited from whoever started the runner).
 * Node cannot set FD_CLOEXEC, and libuv passes such fds to every child, so the launcher closes them.
 */
export function inheritableFds(): number[] {
  inheritedCache ??= scanInheritableFds();
  return inheritedCache;
}

// Computed once: fds Node opens itself are always O_CLOEXEC, so only inherited ones qualify.
let inheritedCache: number[] | undefined;

function scanInheritableFds(): number[] {
  const out: number[] = [];
  let names: string[];
  try {
    names = fs.readdirSync('/proc/self/fd');
  } catch {
    return out;
  }
  for (const name of names) {
    const fd = Number(name);
    if (!(fd >= 5)) continue;
    try {
      const m = /^flags:\s+([0-7]+)/m.exec(fs.readFileSync(`/proc/self/fdinfo/${name}`, 'latin1'));
      if (m?.[1] !== undefined && (parseInt(m[1], 8) & O_CLOEXEC) === 0) out.push(fd);
    } catch {
      // the listing's own fd, or closed meanwhile
    }
  }
  return out;
}

const POLL_MS = 100;

/** What a run needs to know about its slot. */
export interface LaunchContext {
  index: number;
  uid: number;
  cgroups: CgroupDriver;
  /** Seccomp program files (root 0600), opened per run and passed as fd 3. */
  seccompFiles: { locks: string; noLocks: string };
  /** Unique leaf name for this run. */
  runName: string;
}

/** Extra facts about a run for the slot's bookkeeping (not part of RunResult). */
export interface LaunchOutcome {
  result: RunResult;
  /** Slot-uid processes were still alive after teardown: the slot must be quarantined. */
  leftovers: number[];
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Builds the full argv after `/bin/sh` (exported for tests and the benchmark). */
export function buildLaunchArgs(
  spec: RunSpec,
  uid: number,
  procsFiles: readonly string[],
  closeFds: readonly number[] = [],
): string[] {
  const l = spec.limits;
  const cpuS = Math.max(1, Math.ceil(l.cpuMs / 1000));
  const prlimit = [
    TOOLS.prlimit,
    `--cpu=${String(cpuS + 1)}:${String(cpuS + 2)}`,
    `--fsize=${String(l.fileSizeBytes)}`,
    `--nofile=${String(l.openFiles ?? 256)}`,
    '--core=0',
    `--nproc=${String(4 * l.pids)}`,
    `--stack=${String(l.stackBytes)}`,
    ...(l.addressSpaceBytes === undefined ? [] : [`--as=${String(l.addressSpaceBytes)}`]),
    '--',
  ];
  const env: string[] = [
    '--setenv',
    'PATH',
    '/usr/bin:/bin',
    '--setenv',
    'HOME',
    '/tmp',
    '--setenv',
    'LANG',
    'C.UTF-8',
  ];
  for (const [k, v] of Object.entries(spec.env ?? {})) {
    if (!ENV_NAME.test(k)) throw new Error(`invalid environment variable name: ${k}`);
    env.push('--setenv', k, v);
  }
  const binds: string[] = [];
  for (const b of spec.binds) {
    if (!path.isAbsolute(b.src) || !path.isAbsolute(b.dest))
      throw new Error(`bind paths must be absolute: ${b.src} -> ${b.dest}`);
    binds.push(b.rw === true ? '--bind' : '--ro-bind', b.src, b.dest);
  }
  const first = spec.argv[0];
  if (first === undefined || !path.isAbsolute(first))
    throw new Error('RunSpec.argv[0] must be an absolute path');
  const bwrap = [
    TOOLS.bwrap,
    '--unshare-all',
    '--unshare-user',
    '--uid',
    '65534',
    '--gid',
    '65534',
    '--hostname',
    'box',
    '--die-with-parent',
    '--new-session',
    '--cap-drop',
    'ALL',
    '--disable-userns',
    '--clearenv',
    ...env,
    '--ro-bind',
    '/usr',
    '/usr',
    '--symlink',
    'usr/bin',
    '/bin',
    '--symlink',
    'usr/lib',
    '/lib',
    '--symlink',
    'usr/lib64',
    '/lib64',
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    '--size',
    String(l.shmBytes),
    '--tmpfs',
    '/dev/shm',
    '--size',
    String(l.tmpBytes),
    '--tmpfs',
    '/tmp',
    // bwrap's /dev is a writable, uncapped tmpfs; only /dev/shm (mounted above) stays writable.
    '--remount-ro',
    '/dev',
    ...binds,
    '--chdir',
    spec.cwd,
    '--remount-ro',
    '/',
    '--seccomp',
    '3',
    '--json-status-fd',
    '4',
    '--',
    ...spec.argv,
  ];
  const setpriv = [
    TOOLS.setpriv,
    `--reuid=${String(uid)}`,
    `--regid=${String(uid)}`,
    '--clear-groups',
    '--no-new-privs',
    // If the runner dies, bwrap dies, and --die-with-parent takes the sandbox with it.
    '--pdeathsig=SIGKILL',
  ];
  return ['-c', joinScript(closeFds), 'sh', ...procsFiles, '--', ...setpriv, ...prlimit, ...bwrap];
}

function signalName(n: number): string | null {
  for (const [name, num] of Object.entries(osConstants.signals)) if (num === n) return name;
  return null;
}

function setupFailed(start: number, message: string): RunResult {
  return {
    outcome: 'setup-failed',
    termination: 'exited',
    exitCode: null,
    signal: null,
    cpuMs: 0,
    wallMs: performance.now() - start,
    peakMemoryBytes: 0,
    stdout: Buffer.alloc(0),
    stdoutTruncated: false,
    stderr: Buffer.alloc(0),
    stderrTruncated: false,
    setupError: message,
  };
}

/** A bounded in-memory sink. */
class Capture {
  private readonly chunks: Buffer[] = [];
  size = 0;
  truncated = false;
  constructor(private readonly cap: number) {}
  /** Returns false when the data went over the cap. */
  push(chunk: Buffer): boolean {
    if (this.truncated) return false;
    const room = this.cap - this.size;
    if (chunk.length > room) {
      if (room > 0) this.chunks.push(chunk.subarray(0, room));
      this.size = this.cap;
      this.truncated = true;
      return false;
    }
    this.chunks.push(chunk);
    this.size += chunk.length;
    return true;
  }
  buffer(): Buffer {
    return Buffer.concat(this.chunks, this.size);
  }
}

function drain(stream: Readable | null, onData: (b: Buffer) => void): Promise<void> {
  if (stream === null) return Promise.resolve();
  return new Promise((resolve) => {
    stream.on('data', onData);
    stream.on('error', () => {
      resolve();
    });
    stream.on('close', () => {
      resolve();
    });
  });
}

/**
 * Runs one sandboxed process in the slot described by `ctx` and tears everything down.
 * Never throws for problems of the run itself: those become `setup-failed` results.
 */
export async function launch(
  ctx: LaunchContext,
  spec: RunSpec,
  signal?: AbortSignal,
): Promise<LaunchOutcome> {
  const start = performance.now();
  let cg: RunCgroup;
  try {
    cg = ctx.cgroups.createRun(ctx.index, ctx.runName, {
      memoryBytes: spec.limits.memoryBytes,
      pids: spec.limits.pids,
    });
  } catch (e) {
    return { result: setupFailed(start, `cgroup setup failed: ${(e as Error).message}`), leftovers: [] };
  }
  let args: string[];
  let seccompFd: number;
  try {
    args = buildLaunchArgs(spec, ctx.uid, cg.procsFiles, inheritableFds());
    seccompFd = fs.openSync(spec.allowFileLocks ? ctx.seccompFiles.locks : ctx.seccompFiles.noLocks, 'r');
  } catch (e) {
    await cg.remove().catch(() => undefined);
    return { result: setupFailed(start, (e as Error).message), leftovers: [] };
  }

  let stdinFile: fs.ReadStream | null = null;
  const stdinOpt = spec.stdin.kind === 'empty' ? 'ignore' : spec.stdin.kind === 'fd' ? spec.stdin.fd : 'pipe';
  const stdoutOpt = spec.stdout.kind === 'fd' ? spec.stdout.fd : 'pipe';
  const stdio: StdioOptions = [stdinOpt, stdoutOpt, 'pipe', seccompFd, 'pipe'];

  let child;
  try {
    // dash cannot redirect fds above 9; bash can (and is Essential on Debian).
    // (--norc: bash sources ~/.bashrc when stdin is a socket, as Node's stdio pipes are.)
    const bash = /\b\d{2,}>&-/.test(args[1] ?? '');
    child = spawn(bash ? TOOLS.bash : TOOLS.sh, bash ? ['--norc', '--noprofile', ...args] : args, {
      env: {},
      detached: true,
      stdio,
      cwd: '/',
    });
  } catch (e) {
    fs.closeSync(seccompFd);
    await cg.remove().catch(() => undefined);
    return { result: setupFailed(start, `spawn failed: ${(e as Error).message}`), leftovers: [] };
  }
  fs.closeSync(seccompFd);

  let reason: Termination | null = null;
  let spawnError: Error | null = null;
  const stdout = new Capture(spec.limits.stdoutBytes);
  const stderr = new Capture(spec.limits.stderrBytes);
  const status: Buffer[] = [];

  const kill = (why: Termination): void => {
    reason ??= why;
    if (child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // group gone
      }
    }
    for (const pid of cg.pids()) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  };

  // stdin: write, close, ignore EPIPE (the program may not read it).
  if (child.stdin !== null) {
    child.stdin.on('error', () => undefined);
    if (spec.stdin.kind === 'buffer') child.stdin.end(spec.stdin.data);
    else if (spec.stdin.kind === 'file') {
      stdinFile = fs.createReadStream(spec.stdin.path);
      stdinFile.on('error', () => child.stdin?.destroy());
      stdinFile.pipe(child.stdin);
    } else child.stdin.end();
  }

  const outDone = drain(child.stdout, (b) => {
    if (!stdout.push(b)) kill('output-limit');
  });
  const errDone = drain(child.stderr, (b) => stderr.push(b));
  const statusPipe = child.stdio[4] as Readable | null;
  const statusDone = drain(statusPipe, (b) => status.push(b));

  const cpuLimitNs = spec.limits.cpuMs * 1e6;
  const poll = setInterval(() => {
    try {
      if (cg.oomKills() > 0) kill('memory-limit');
      else if (cg.cpuUsageNs() > cpuLimitNs) kill('cpu-limit');
    } catch {
      // leaf being removed
    }
  }, POLL_MS);
  const wall = setTimeout(() => {
    kill('wall-limit');
  }, spec.limits.wallMs);
  const onAbort = (): void => {
    kill('aborted');
  };
  if (signal?.aborted === true) onAbort();
  signal?.addEventListener('abort', onAbort);

  const exit = await new Promise<{ code: number | null; sig: NodeJS.Signals | null }>((resolve) => {
    child.on('error', (e) => {
      spawnError = e;
      resolve({ code: null, sig: null });
    });
    child.on('exit', (code, sig) => {
      resolve({ code, sig });
    });
  });
  clearInterval(poll);
  clearTimeout(wall);
  signal?.removeEventListener('abort', onAbort);

  // Whatever is left in the run's cgroup dies now (bwrap's pid namespace normally took it already).
  const empty = await cg.killAll(1000);
  stdinFile?.destroy();
  child.stdin?.destroy();
  // Pipes close once every holder is dead; never wait forever on a process stuck in the kernel.
  let drainTimer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all([outDone, errDone, statusDone]),
    new Promise<void>((resolve) => {
      drainTimer = setTimeout(() => {
        for (const s of [child.stdout, child.stderr, statusPipe]) s?.destroy();
        resolve();
      }, 2000);
    }),
  ]);
  clearTimeout(drainTimer);
  const wallMs = performance.now() - start;

  let cpuNs = 0;
  let peak = 0;
  let ooms = 0;
  try {
    cpuNs = cg.cpuUsageNs();
    peak = cg.peakMemoryBytes();
    ooms = cg.oomKills();
  } catch {
    // stats unavailable: leave zeros, the removal below reports real problems
  }
  let teardownError: string | null = empty ? null : 'processes survived in the run cgroup';
  try {
    await cg.remove();
  } catch (e) {
    teardownError ??= `cgroup removal failed: ${(e as Error).message}`;
  }
  // Every slot-uid process starts inside the run's cgroup (JOIN runs before setpriv) and cannot leave
  // it, so an empty, removed leaf proves the slot is empty; the costly /proc scan is only for failures.
  const leftovers = teardownError === null ? [] : processesOfUid(ctx.uid);

  const statusText = Buffer.concat(status).toString('utf8');
  const m = /"exit-code"\s*:\s*(\d+)/.exec(statusText);
  const reported = m?.[1] === undefined ? null : Number(m[1]);

  let exitCode: number | null = null;
  let sig: string | null = null;
  if (reported !== null) {
    // bwrap reports a signal death as 128 + signal number.
    if (reported > 128 && reported < 128 + 65) sig = signalName(reported - 128) ?? null;
    if (sig === null) exitCode = reported;
  } else if (exit.sig !== null) sig = exit.sig;

  let termination: Termination;
  if (reason === 'aborted' || reason === 'output-limit') termination = reason;
  else if (ooms > 0) termination = 'memory-limit';
  else if (cpuNs > cpuLimitNs || sig === 'SIGXCPU' || reason === 'cpu-limit') termination = 'cpu-limit';
  else if (reason !== null) termination = reason;
  else termination = 'exited';

  const base = {
    termination,
    exitCode,
    signal: sig,
    cpuMs: cpuNs / 1e6,
    wallMs,
    peakMemoryBytes: peak,
    stdout: stdout.buffer(),
    stdoutTruncated: stdout.truncated,
    stderr: stderr.buffer(),
    stderrTruncated: stderr.truncated,
  };
  let setupError: string | null = null;
  if (spawnError !== null) setupError = `spawn failed: ${(spawnError as Error).message}`;
  else if (teardownError !== null) setupError = teardownError;
  else if (reported === null && termination === 'exited') {
    const why =
      exit.code === 125
        ? 'joining the run cgroup failed (exit 125)'
        : `sandbox set-up failed (launcher exit ${String(exit.code ?? exit.sig)})`;
    setupError = `${why}: ${base.stderr.toString('utf8', 0, Math.min(base.stderr.length, 2000)).trim()}`;
  }
  if (setupError !== null) {
    return {
      result: {
        ...base,
        outcome: 'setup-failed',
        termination: 'exited',
        exitCode: null,
        signal: null,
        setupError,
      },
      leftovers,
    };
  }
  return { result: { ...base, outcome: 'completed' }, leftovers };
}
