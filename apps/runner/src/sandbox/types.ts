/**
 * The sandbox core's public types: the seam between the low-level sandbox
 * (bwrap + cgroups + seccomp + slots, `src/sandbox/`) and everything that uses it
 * (judge, checkers, interactive runs, project mode, language smoke tests).
 *
 * Keep this file stable: change it only additively.
 */

/** A directory bound into the sandbox. Whole directories only (never single files). */
export interface Bind {
  /** Absolute host path of a directory. */
  src: string;
  /** Absolute path inside the sandbox. */
  dest: string;
  /** Writable inside the sandbox. Default false (read-only). */
  rw?: boolean;
}

export interface RunLimits {
  /** CPU time limit in ms, measured from the cgroup. */
  cpuMs: number;
  /** Wall-clock limit in ms. */
  wallMs: number;
  /** Memory limit in bytes (cgroup memory.max / memory.limit_in_bytes). */
  memoryBytes: number;
  /** Max processes/threads (pids cgroup). */
  pids: number;
  /** RLIMIT_FSIZE in bytes. */
  fileSizeBytes: number;
  /** RLIMIT_STACK in bytes. */
  stackBytes: number;
  /** Size of the private /tmp tmpfs in bytes. */
  tmpBytes: number;
  /** Size of the private /dev/shm tmpfs in bytes. */
  shmBytes: number;
  /** Captured stdout cap in bytes; exceeding it kills the run (outputLimitExceeded). */
  stdoutBytes: number;
  /** Captured stderr cap in bytes; exceeding it truncates (and flags), does not kill. */
  stderrBytes: number;
  /** RLIMIT_AS in bytes, when the language wants one (C, C++, Rust, Python). */
  addressSpaceBytes?: number;
  /** RLIMIT_NOFILE. Default 256. */
  openFiles?: number;
}

/** Where a sandboxed process's stdin comes from / stdout goes to. */
export type StdinSource =
  | { kind: 'empty' }
  | { kind: 'buffer'; data: Buffer }
  /** A host file (read by the runner, root-owned test data), streamed to stdin. */
  | { kind: 'file'; path: string }
  /** An already-open file descriptor (e.g. a pipe end for interactive problems). */
  | { kind: 'fd'; fd: number };

export type StdoutSink =
  /** Captured in memory up to limits.stdoutBytes. */
  | { kind: 'capture' }
  /** An already-open file descriptor (e.g. a pipe end for interactive problems). Not captured. */
  | { kind: 'fd'; fd: number };

export interface RunSpec {
  /** argv[0] must be an absolute path inside the sandbox. */
  argv: string[];
  /** Extra environment (PATH, HOME=/tmp, LANG=C.UTF-8 are always set). */
  env?: Record<string, string>;
  /** Directories to bind in addition to /usr (ro) and the standard mounts. */
  binds: Bind[];
  /** Working directory inside the sandbox. */
  cwd: string;
  limits: RunLimits;
  stdin: StdinSource;
  stdout: StdoutSink;
  /** Allow flock/fcntl locks (compiles and project mode); denied for algorithmic runs. */
  allowFileLocks: boolean;
}

/** Why a run ended, decided outside the sandbox. */
export type Termination =
  | 'exited' // process exited by itself (see exitCode/signal)
  | 'cpu-limit' // cgroup CPU time exceeded, or SIGXCPU
  | 'wall-limit' // wall-clock timer fired
  | 'memory-limit' // oom_kill observed
  | 'output-limit' // stdout over the cap
  | 'aborted'; // caller's AbortSignal

export interface RunResult {
  /** 'setup-failed': bwrap/cgroup/spawn failure (no exit-code on --json-status-fd, exit 125, ...). Becomes IE. */
  outcome: 'completed' | 'setup-failed';
  termination: Termination;
  /** Exit code of the sandboxed program (null if killed by a signal or setup failed). */
  exitCode: number | null;
  /** Signal that killed the program, e.g. 'SIGKILL', 'SIGSEGV'. */
  signal: string | null;
  cpuMs: number;
  wallMs: number;
  peakMemoryBytes: number;
  stdout: Buffer;
  stdoutTruncated: boolean;
  stderr: Buffer;
  stderrTruncated: boolean;
  /** Human-readable details for setup failures (for logs / IE messages, never shown to candidates). */
  setupError?: string;
}

/**
 * A claimed slot (unprivileged uid + cgroup). Runs in one slot are sequential.
 * Claim two for interactive problems (validator + submission).
 */
export interface Slot {
  readonly index: number;
  readonly uid: number;
  /**
   * This claim's job directory (root:slot 0750, under the jobs dir), removed on release. Put
   * root-owned inputs such as `src/` here (create them root 0750 and chgrp to the slot uid) and
   * slot-owned writable dirs with makeScratchDir.
   */
  readonly jobDir: string;
  /** Run one sandboxed process in this slot and tear it down completely. */
  run(spec: RunSpec, options?: { signal?: AbortSignal }): Promise<RunResult>;
  /**
   * A per-job scratch directory owned by this slot's uid (mode 0700), under the runner's jobs dir.
   * Removed on release. Host code must only read from it with the O_NOFOLLOW rules (see readBoxFile).
   */
  makeScratchDir(name: string): Promise<string>;
  release(): Promise<void>;
}

export interface SandboxHost {
  /** Claim `count` slots at once (waits up to 60 s, then throws naming the holder). */
  claimSlots(count: number, options?: { signal?: AbortSignal }): Promise<Slot[]>;
  /** Root directory for per-job files (root 0711). */
  readonly jobsDir: string;
  /** Self-test results (§11 of sandbox.md). */
  readonly selfTest: SelfTestReport;
}

export interface SelfTestCheck {
  name: string;
  ok: boolean;
  detail?: string;
  /** The command that fixes it, when known (shown by `assay doctor`). */
  fix?: string;
}

export interface SelfTestReport {
  ok: boolean;
  cgroupVersion: 1 | 2 | null;
  checks: SelfTestCheck[];
}
