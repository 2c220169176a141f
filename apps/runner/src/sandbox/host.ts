/**
 * The sandbox host: state directories, slot claims, per-slot sequential runs, quarantine and
 * the start-up self-test (sandbox.md §2, §4, §11).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { processStartTime, processesOfUid, removeBoxTree } from './box-files.js';
import { detectCgroups, type CgroupDriver } from './cgroup.js';
import { launch } from './launch.js';
import { seccompProgramBytes } from './seccomp.js';
import { runPrerequisiteChecks, runSandboxChecks } from './self-test.js';
import { DEFAULT_SLOTS_DIR, SlotLocks } from './slot-locks.js';
import type { RunResult, RunSpec, SandboxHost, SelfTestCheck, SelfTestReport, Slot } from './types.js';

/** Options of {@link createSandboxHost}. */
export interface SandboxHostOptions {
  /** Runner state directory (root 0711). Default `/var/lib/assay/runner`. */
  stateDir?: string;
  /** Slot lock directory. Default `/run/assay/slots`. */
  slotsDir?: string;
  /** Number of slots. Default: cores if ≤ 2, else cores − 1. */
  slotCount?: number;
}

export const DEFAULT_STATE_DIR = '/var/lib/assay/runner';
export const SLOT_UID_BASE = 61000;
const CLAIM_TIMEOUT_MS = 60_000;

/** Thrown by {@link createSandboxHost} when the self-test fails (fail closed). */
export class SandboxUnavailableError extends Error {
  constructor(readonly report: SelfTestReport) {
    const failed = report.checks.filter((c) => !c.ok);
    super(
      `sandbox unavailable: ${failed
        .map(
          (c) =>
            `${c.name}${c.detail === undefined ? '' : ` (${c.detail})`}${c.fix === undefined ? '' : ` — fix: ${c.fix}`}`,
        )
        .join('; ')}`,
    );
    this.name = 'SandboxUnavailableError';
  }
}

/** Default slot count (sandbox.md §2). */
export function defaultSlotCount(): number {
  const cores = os.availableParallelism();
  return cores <= 2 ? cores : cores - 1;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function isMountPoint(dir: string): boolean {
  const real = fs.realpathSync(dir);
  return fs
    .readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .some((l) => l.split(' ')[4] === real);
}

/** Internal state shared by slots of one host. */
export interface HostInternals {
  readonly stateDir: string;
  readonly jobsDir: string;
  readonly jobsOnTmpfs: boolean;
  readonly slotCount: number;
  readonly cgroups: CgroupDriver;
  readonly locks: SlotLocks;
  readonly seccompFiles: { locks: string; noLocks: string };
  claim(count: number, signal?: AbortSignal): Promise<Slot[]>;
}

let runSeq = 0;
let jobSeq = 0;

class SlotImpl implements Slot {
  readonly uid: number;
  readonly jobDir: string;
  private queue: Promise<unknown> = Promise.resolve();
  private released = false;
  quarantined: string | null = null;

  constructor(
    readonly index: number,
    private readonly host: HostImpl,
  ) {
    this.uid = SLOT_UID_BASE + index;
    jobSeq += 1;
    this.jobDir = path.join(
      host.jobsDir,
      `s${String(index)}-${String(process.pid)}-${String(jobSeq)}-${randomBytes(4).toString('hex')}`,
    );
    fs.mkdirSync(this.jobDir, { mode: 0o750 });
    fs.chownSync(this.jobDir, 0, this.uid);
    fs.chmodSync(this.jobDir, 0o750);
  }

  run(spec: RunSpec, options?: { signal?: AbortSignal }): Promise<RunResult> {
    const next = this.queue.then(() => this.runNow(spec, options?.signal));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async runNow(spec: RunSpec, signal?: AbortSignal): Promise<RunResult> {
    if (this.released) throw new Error(`slot ${String(this.index)} already released`);
    if (this.quarantined !== null)
      throw new Error(`slot ${String(this.index)} is quarantined: ${this.quarantined}`);
    runSeq += 1;
    const { result, leftovers } = await launch(
      {
        index: this.index,
        uid: this.uid,
        cgroups: this.host.cgroups,
        seccompFiles: this.host.seccompFiles,
        runName: `r${String(process.pid)}x${String(runSeq)}`,
      },
      spec,
      signal,
    );
    if (leftovers.length > 0) {
      const stillThere = await killUid(this.uid);
      if (stillThere.length > 0)
        this.quarantined = `processes ${stillThere.join(', ')} of uid ${String(this.uid)} survived teardown`;
      return {
        ...result,
        outcome: 'setup-failed',
        setupError: `slot-uid processes left after the run (${leftovers.join(', ')})${this.quarantined === null ? '' : '; slot quarantined'}`,
      };
    }
    return result;
  }

  async makeScratchDir(name: string): Promise<string> {
    if (name === '' || name === '.' || name === '..' || name.includes('/') || name.includes('\0')) {
      throw new Error(`invalid scratch dir name: ${JSON.stringify(name)}`);
    }
    const dir = path.join(this.jobDir, name);
    await fs.promises.mkdir(dir, { mode: 0o700 });
    await fs.promises.chown(dir, this.uid, this.uid);
    await fs.promises.chmod(dir, 0o700);
    return dir;
  }

  async release(): Promise<void> {
    if (this.released) return;
    await this.queue;
    this.released = true;
    // The slot must be empty before its files are removed: nothing may race the tree walk.
    // Slot-uid processes only exist inside the slot's cgroups, so an empty slot cgroup is proof enough.
    const left = this.host.cgroups.slotIsEmpty(this.index) ? [] : await killUid(this.uid);
    if (left.length > 0 && this.quarantined === null)
      this.quarantined = `processes ${left.join(', ')} survived`;
    if (this.quarantined === null) {
      await removeBoxTree(this.jobDir);
      this.host.locks.unlock(this.index);
    }
    this.host.onRelease(this);
  }
}

/** SIGKILLs every process of `uid` and waits up to 1 s; returns the survivors. */
async function killUid(uid: number): Promise<number[]> {
  const deadline = Date.now() + 1000;
  for (;;) {
    const pids = processesOfUid(uid);
    if (pids.length === 0) return [];
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    if (Date.now() > deadline) return processesOfUid(uid);
    await sleep(10);
  }
}

class HostImpl implements SandboxHost, HostInternals {
  selfTest: SelfTestReport = { ok: false, cgroupVersion: null, checks: [] };
  private readonly held = new Set<number>();
  private readonly quarantined = new Map<number, string>();
  private readonly cleaned = new Set<number>();

  constructor(
    readonly stateDir: string,
    readonly jobsDir: string,
    readonly jobsOnTmpfs: boolean,
    readonly slotCount: number,
    readonly cgroups: CgroupDriver,
    readonly locks: SlotLocks,
    readonly seccompFiles: { locks: string; noLocks: string },
  ) {}

  claimSlots(count: number, options?: { signal?: AbortSignal }): Promise<Slot[]> {
    return this.claim(count, options?.signal);
  }

  onRelease(slot: SlotImpl): void {
    if (slot.quarantined !== null) this.quarantined.set(slot.index, slot.quarantined);
    else this.held.delete(slot.index);
  }

  /**
   * Cleans a slot this process holds the lock of, before its first use here or after a dead
   * owner: leftover processes die, stale run cgroups and job directories go.
   */
  private async clean(index: number): Promise<void> {
    this.cgroups.ensureSlot(index);
    await this.cgroups.cleanSlot(index);
    const left = await killUid(SLOT_UID_BASE + index);
    if (left.length > 0)
      throw new Error(`slot ${String(index)}: processes ${left.join(', ')} cannot be killed`);
    // Job dirs of earlier holders (a crashed runner's); live holders removed theirs on release.
    const prefix = `s${String(index)}-`;
    for (const name of await fs.promises.readdir(this.jobsDir)) {
      if (name.startsWith(prefix)) await removeBoxTree(path.join(this.jobsDir, name));
    }
    this.cleaned.add(index);
  }

  async claim(count: number, signal?: AbortSignal): Promise<Slot[]> {
    const usable = this.slotCount - this.quarantined.size;
    if (!Number.isInteger(count) || count < 1 || count > usable) {
      throw new Error(
        `cannot claim ${String(count)} slot(s): ${String(usable)} usable of ${String(this.slotCount)}`,
      );
    }
    const deadline = Date.now() + CLAIM_TIMEOUT_MS;
    let delay = 2;
    for (;;) {
      signal?.throwIfAborted();
      const got: number[] = [];
      const holders = new Set<number>();
      for (let i = 0; i < this.slotCount && got.length < count; i++) {
        if (this.held.has(i) || this.quarantined.has(i)) continue;
        let attempt = this.locks.tryLock(i);
        if (!attempt.ok && attempt.stale && this.locks.takeOver(i, attempt.token)) {
          // A dead owner's slot: clean it (below) before use, even if this process cleaned it before.
          this.cleaned.delete(i);
          attempt = { ok: true };
        }
        if (attempt.ok) {
          this.held.add(i);
          got.push(i);
        } else if (attempt.holder !== null) holders.add(attempt.holder);
      }
      if (got.length === count) {
        try {
          for (const i of got) if (!this.cleaned.has(i)) await this.clean(i);
          return got.map((i) => new SlotImpl(i, this));
        } catch (e) {
          for (const i of got) {
            this.held.delete(i);
            this.locks.unlock(i);
          }
          throw e;
        }
      }
      // All or nothing, so two interactive claims cannot deadlock each other.
      for (const i of got) {
        this.held.delete(i);
        this.locks.unlock(i);
      }
      if (Date.now() > deadline) {
        throw new Error(
          `no free sandbox slot after ${String(CLAIM_TIMEOUT_MS / 1000)} s (wanted ${String(count)}); held by pid(s) ${[...holders].join(', ') || 'this process'} (locks in ${this.locks.dir})`,
        );
      }
      await sleep(delay);
      delay = Math.min(delay * 2, 25);
    }
  }
}

function writeAtomic(file: string, data: Buffer): void {
  const tmp = `${file}.${String(process.pid)}.tmp`;
  fs.writeFileSync(tmp, data, { mode: 0o600 });
  fs.renameSync(tmp, file);
}

async function prepareJobsDir(stateDir: string): Promise<{ jobsDir: string; onTmpfs: boolean }> {
  const jobsDir = path.join(stateDir, 'jobs');
  fs.mkdirSync(jobsDir, { recursive: true, mode: 0o711 });
  if (isMountPoint(jobsDir)) return { jobsDir, onTmpfs: true };
  // Several runner processes may start at once: without this guard two tmpfs could be stacked,
  // hiding the first one's job directories.
  const guard = path.join(stateDir, '.jobs-mount.lock');
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      fs.writeFileSync(guard, `${String(process.pid)} ${processStartTime(process.pid) ?? ''}\n`, {
        flag: 'wx',
        mode: 0o600,
      });
      break;
    } catch {
      const [pid, start] = (() => {
        try {
          return fs.readFileSync(guard, 'utf8').trim().split(' ');
        } catch {
          return [];
        }
      })();
      if (pid !== undefined && start !== undefined && processStartTime(Number(pid)) !== start)
        fs.rmSync(guard, { force: true });
      if (Date.now() > deadline) break; // mount without the guard rather than never start
      await sleep(20);
    }
  }
  try {
    if (isMountPoint(jobsDir)) return { jobsDir, onTmpfs: true };
    // A capped tmpfs: sandbox writes count against memory, not the host disk, and hardlinks to host files are impossible.
    const size = Math.min(4 * 1024 ** 3, Math.floor(os.totalmem() / 2));
    const r = spawnSync(
      '/usr/bin/mount',
      ['-t', 'tmpfs', '-o', `size=${String(size)},mode=0711,nosuid,nodev`, 'assay-jobs', jobsDir],
      {
        env: {},
        stdio: 'ignore',
      },
    );
    return { jobsDir, onTmpfs: r.status === 0 && isMountPoint(jobsDir) };
  } finally {
    fs.rmSync(guard, { force: true });
  }
}

const hosts = new Map<string, Promise<SandboxHost>>();

/**
 * Creates (once per process and options) the sandbox host: prepares the state directories,
 * detects cgroups, writes the seccomp programs and runs the self-test (sandbox.md §11).
 * Fails closed: throws {@link SandboxUnavailableError} naming each failed check and its fix.
 */
export function createSandboxHost(options: SandboxHostOptions = {}): Promise<SandboxHost> {
  const stateDir = path.resolve(options.stateDir ?? DEFAULT_STATE_DIR);
  const slotsDir = path.resolve(options.slotsDir ?? DEFAULT_SLOTS_DIR);
  const slotCount = options.slotCount ?? defaultSlotCount();
  const key = `${stateDir}\0${slotsDir}\0${String(slotCount)}`;
  let host = hosts.get(key);
  if (host === undefined) {
    host = buildHost(stateDir, slotsDir, slotCount);
    hosts.set(key, host);
    // A failed start is not cached: the caller may fix the machine and retry.
    host.catch(() => hosts.delete(key));
  }
  return host;
}

async function buildHost(stateDir: string, slotsDir: string, slotCount: number): Promise<SandboxHost> {
  const checks: SelfTestCheck[] = runPrerequisiteChecks();
  const detected = detectCgroups();
  if ('error' in detected)
    checks.push({ name: 'cgroups', ok: false, detail: detected.error, fix: detected.fix });
  else checks.push({ name: 'cgroups', ok: true, detail: detected.driver.description });
  if (checks.some((c) => !c.ok) || 'error' in detected) {
    throw new SandboxUnavailableError({
      ok: false,
      cgroupVersion: 'error' in detected ? null : detected.driver.version,
      checks,
    });
  }
  if (!Number.isInteger(slotCount) || slotCount < 1 || slotCount > 1000)
    throw new Error(`invalid slotCount ${String(slotCount)}`);

  fs.mkdirSync(stateDir, { recursive: true, mode: 0o711 });
  fs.chmodSync(stateDir, 0o711);
  const { jobsDir, onTmpfs } = await prepareJobsDir(stateDir);
  fs.chmodSync(jobsDir, 0o711);
  const seccompFiles = {
    locks: path.join(stateDir, 'seccomp-locks.bpf'),
    noLocks: path.join(stateDir, 'seccomp-nolocks.bpf'),
  };
  writeAtomic(seccompFiles.locks, seccompProgramBytes({ allowFileLocks: true }));
  writeAtomic(seccompFiles.noLocks, seccompProgramBytes({ allowFileLocks: false }));

  const host = new HostImpl(
    stateDir,
    jobsDir,
    onTmpfs,
    slotCount,
    detected.driver,
    new SlotLocks(slotsDir),
    seccompFiles,
  );
  checks.push({
    name: 'jobs-dir',
    ok: true,
    detail: onTmpfs ? `${jobsDir} is a capped tmpfs` : `${jobsDir} is a plain directory (tmpfs mount failed)`,
  });
  checks.push(...(await runSandboxChecks(host)));
  const report: SelfTestReport = {
    ok: checks.every((c) => c.ok),
    cgroupVersion: detected.driver.version,
    checks,
  };
  if (!report.ok) throw new SandboxUnavailableError(report);
  host.selfTest = report;
  return host;
}
