/**
 * Cgroup driver (sandbox.md §2, §6): v2 when a cgroup2 mount offers memory, pids and cpu,
 * else v1 (one hierarchy per controller, as on this project's Debian 12 CI machines).
 *
 * Layout: `<hierarchy>/assay/slot-N/<run>`; slot-N is capped at one CPU, each run gets a leaf
 * with its memory and pids limits. All file operations are synchronous on purpose: they are
 * tiny cgroupfs reads/writes and must not interleave with other runs' teardown.
 */
import fs from 'node:fs';
import path from 'node:path';

export type CgroupVersion = 1 | 2;

const CPU_PERIOD_US = 100_000;
const ROOT_NAME = 'assay';

/** A per-run leaf cgroup (one directory per hierarchy on v1, one on v2). */
export interface RunCgroup {
  /** `cgroup.procs` files the launcher writes its pid into before exec. */
  readonly procsFiles: readonly string[];
  /** CPU time used so far, in nanoseconds. */
  cpuUsageNs(): number;
  /** Peak memory use in bytes. */
  peakMemoryBytes(): number;
  /** Number of OOM kills so far. */
  oomKills(): number;
  /** Pids currently in the cgroup. */
  pids(): number[];
  /** SIGKILL everything in the cgroup until it is empty (gives up after `timeoutMs`). Returns true when empty. */
  killAll(timeoutMs?: number): Promise<boolean>;
  /** Remove the leaf (retries EBUSY). */
  remove(): Promise<void>;
}

export interface CgroupDriver {
  readonly version: CgroupVersion;
  /** Human-readable description of the hierarchies used. */
  readonly description: string;
  /** Create `assay/slot-N` (idempotent) with its one-CPU cap. */
  ensureSlot(index: number): void;
  /** Kill everything in slot-N's leftover leaves and remove them (a crashed owner's runs). */
  cleanSlot(index: number): Promise<void>;
  /** Create the leaf for one run and set its limits. */
  createRun(index: number, name: string, limits: { memoryBytes: number; pids: number }): RunCgroup;
  /** Names of run leaves currently under slot-N (for tests and doctor). */
  listRuns(index: number): string[];
  /** True when slot-N has no run leaves and no process in its own cgroup(s). */
  slotIsEmpty(index: number): boolean;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function readText(file: string): string {
  return fs.readFileSync(file, 'utf8');
}

function write(file: string, value: string): void {
  fs.writeFileSync(file, value);
}

function mkdirIfMissing(dir: string): void {
  try {
    fs.mkdirSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
}

function readPids(procsFile: string): number[] {
  let text: string;
  try {
    text = readText(procsFile);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map(Number);
}

function killPids(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

async function killUntilEmpty(procsFile: string, timeoutMs: number, extra?: () => void): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (let round = 0; ; round++) {
    extra?.();
    const pids = readPids(procsFile);
    if (pids.length === 0) return true;
    killPids(pids);
    if (Date.now() > deadline) return readPids(procsFile).length === 0;
    // The first rounds spin: killed processes usually leave within a millisecond.
    await sleep(round < 3 ? 0 : 5);
  }
}

async function rmdirRetry(dir: string, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      fs.rmdirSync(dir);
      return;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return;
      if (code !== 'EBUSY' || Date.now() > deadline) throw e;
      await sleep(5);
    }
  }
}

interface Mount {
  mountPoint: string;
  fsType: string;
  superOptions: string[];
}

function readMounts(): Mount[] {
  const out: Mount[] = [];
  for (const line of readText('/proc/self/mountinfo').split('\n')) {
    const sep = line.indexOf(' - ');
    if (sep < 0) continue;
    const left = line.slice(0, sep).split(' ');
    const right = line.slice(sep + 3).split(' ');
    const mountPoint = left[4];
    const fsType = right[0];
    if (mountPoint === undefined || fsType === undefined) continue;
    out.push({
      mountPoint: mountPoint.replace(/\\040/g, ' '),
      fsType,
      superOptions: (right[2] ?? '').split(','),
    });
  }
  return out;
}

function isWritableDir(dir: string): boolean {
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Detects the cgroup setup. Returns the driver, or an explanation of what is missing.
 */
export function detectCgroups(): { driver: CgroupDriver } | { error: string; fix: string } {
  const mounts = readMounts();
  // v2: a cgroup2 mount offering memory, pids and cpu.
  for (const m of mounts.filter((x) => x.fsType === 'cgroup2')) {
    let controllers: string[] = [];
    try {
      controllers = readText(path.join(m.mountPoint, 'cgroup.controllers')).trim().split(/\s+/);
    } catch {
      continue;
    }
    if (['memory', 'pids', 'cpu'].every((c) => controllers.includes(c)) && isWritableDir(m.mountPoint)) {
      return { driver: new CgroupV2(m.mountPoint) };
    }
  }
  // v1: memory, pids, cpu, cpuacct hierarchies.
  const byController = new Map<string, string>();
  for (const m of mounts.filter((x) => x.fsType === 'cgroup')) {
    for (const c of ['memory', 'pids', 'cpu', 'cpuacct']) {
      if (m.superOptions.includes(c) && !byController.has(c)) byController.set(c, m.mountPoint);
    }
  }
  const missing = ['memory', 'pids', 'cpu', 'cpuacct'].filter((c) => !byController.has(c));
  if (missing.length > 0) {
    return {
      error: `no usable cgroup v2 (memory, pids, cpu) and cgroup v1 lacks ${missing.join(', ')}`,
      fix: 'mount the cgroup controllers writable for root (host or VM; in a container use --cgroupns=host or a delegated cgroup)',
    };
  }
  const notWritable = [...new Set(byController.values())].filter((d) => !isWritableDir(d));
  if (notWritable.length > 0) {
    return {
      error: `cgroup hierarchies not writable: ${notWritable.join(', ')}`,
      fix: 'run the runner as root with writable /sys/fs/cgroup',
    };
  }
  return { driver: new CgroupV1(byController as Map<'memory' | 'pids' | 'cpu' | 'cpuacct', string>) };
}

class CgroupV1 implements CgroupDriver {
  readonly version = 1 as const;
  readonly description: string;
  private readonly hierarchies: string[];
  private readonly memory: string;
  private readonly pidsRoot: string;
  private readonly cpu: string;
  private readonly cpuacct: string;
  private readonly hasMemsw: boolean;

  constructor(byController: Map<'memory' | 'pids' | 'cpu' | 'cpuacct', string>) {
    const get = (c: 'memory' | 'pids' | 'cpu' | 'cpuacct'): string => {
      const v = byController.get(c);
      if (v === undefined) throw new Error(`cgroup v1: no ${c} hierarchy`);
      return v;
    };
    this.memory = get('memory');
    this.pidsRoot = get('pids');
    this.cpu = get('cpu');
    this.cpuacct = get('cpuacct');
    // Co-mounted controllers (e.g. cpu,cpuacct) share one hierarchy: one leaf each.
    this.hierarchies = [...new Set([this.memory, this.pidsRoot, this.cpu, this.cpuacct])];
    this.hasMemsw = fs.existsSync(path.join(this.memory, 'memory.memsw.limit_in_bytes'));
    this.description = `cgroup v1 (${this.hierarchies.join(', ')})`;
  }

  private slotDir(root: string, index: number): string {
    return path.join(root, ROOT_NAME, `slot-${String(index)}`);
  }

  ensureSlot(index: number): void {
    for (const h of this.hierarchies) {
      mkdirIfMissing(path.join(h, ROOT_NAME));
      mkdirIfMissing(this.slotDir(h, index));
    }
    const cpuSlot = this.slotDir(this.cpu, index);
    write(path.join(cpuSlot, 'cpu.cfs_period_us'), String(CPU_PERIOD_US));
    write(path.join(cpuSlot, 'cpu.cfs_quota_us'), String(CPU_PERIOD_US));
    const memRoot = path.join(this.memory, ROOT_NAME);
    // Hierarchical accounting is needed for leaf limits to bind; it is the default on modern kernels.
    try {
      if (readText(path.join(memRoot, 'memory.use_hierarchy')).trim() !== '1')
        write(path.join(memRoot, 'memory.use_hierarchy'), '1');
    } catch {
      // not changeable once children exist; the check in the self-test catches a broken setup
    }
  }

  listRuns(index: number): string[] {
    const names = new Set<string>();
    for (const h of this.hierarchies) {
      let entries: fs.Dirent[] = [];
      try {
        entries = fs.readdirSync(this.slotDir(h, index), { withFileTypes: true });
      } catch {
        continue;
      }
      for (const e of entries) if (e.isDirectory()) names.add(e.name);
    }
    return [...names];
  }

  slotIsEmpty(index: number): boolean {
    return (
      this.listRuns(index).length === 0 &&
      this.hierarchies.every((h) => readPids(path.join(this.slotDir(h, index), 'cgroup.procs')).length === 0)
    );
  }

  async cleanSlot(index: number): Promise<void> {
    for (const name of this.listRuns(index)) {
      const run = this.openRun(index, name);
      await run.killAll(2000);
      await run.remove();
    }
  }

  private openRun(index: number, name: string): RunCgroup {
    const dirs = this.hierarchies.map((h) => path.join(this.slotDir(h, index), name));
    const mem = path.join(this.slotDir(this.memory, index), name);
    const pidsDir = path.join(this.slotDir(this.pidsRoot, index), name);
    const acct = path.join(this.slotDir(this.cpuacct, index), name);
    const procs = path.join(pidsDir, 'cgroup.procs');
    let oomSeen = 0;
    const oomKills = (): number => {
      try {
        const m = /^oom_kill (\d+)$/m.exec(readText(path.join(mem, 'memory.oom_control')));
        if (m?.[1] !== undefined) oomSeen = Number(m[1]);
      } catch {
        // removed: keep the last value
      }
      return oomSeen;
    };
    return {
      procsFiles: dirs.map((d) => path.join(d, 'cgroup.procs')),
      cpuUsageNs: () => Number(readText(path.join(acct, 'cpuacct.usage')).trim()),
      peakMemoryBytes: () => Number(readText(path.join(mem, 'memory.max_usage_in_bytes')).trim()),
      oomKills,
      pids: () => readPids(procs),
      killAll: async (timeoutMs = 1000) => {
        // The common case: the sandbox's pid namespace is already gone.
        if (readPids(procs).length === 0) return true;
        // Stop new forks first so a fork bomb cannot outrun the kill loop.
        try {
          write(path.join(pidsDir, 'pids.max'), '0');
        } catch {
          // leaf already gone
        }
        return killUntilEmpty(procs, timeoutMs);
      },
      remove: async () => {
        for (const d of dirs) await rmdirRetry(d);
      },
    };
  }

  createRun(index: number, name: string, limits: { memoryBytes: number; pids: number }): RunCgroup {
    const created: string[] = [];
    try {
      for (const h of this.hierarchies) {
        const d = path.join(this.slotDir(h, index), name);
        fs.mkdirSync(d);
        created.push(d);
      }
      const mem = path.join(this.slotDir(this.memory, index), name);
      const bytes = String(Math.floor(limits.memoryBytes));
      write(path.join(mem, 'memory.limit_in_bytes'), bytes);
      if (this.hasMemsw) write(path.join(mem, 'memory.memsw.limit_in_bytes'), bytes);
      write(path.join(this.slotDir(this.pidsRoot, index), name, 'pids.max'), String(limits.pids));
    } catch (e) {
      for (const d of created.reverse()) {
        try {
          fs.rmdirSync(d);
        } catch {
          // best effort
        }
      }
      throw e;
    }
    return this.openRun(index, name);
  }
}

class CgroupV2 implements CgroupDriver {
  readonly version = 2 as const;
  readonly description: string;

  constructor(private readonly mount: string) {
    this.description = `cgroup v2 (${mount})`;
  }

  private slotDir(index: number): string {
    return path.join(this.mount, ROOT_NAME, `slot-${String(index)}`);
  }

  private enable(dir: string): void {
    const want = ['memory', 'pids', 'cpu'];
    const have = readText(path.join(dir, 'cgroup.subtree_control')).trim().split(/\s+/);
    const add = want.filter((c) => !have.includes(c));
    if (add.length > 0) write(path.join(dir, 'cgroup.subtree_control'), add.map((c) => `+${c}`).join(' '));
  }

  ensureSlot(index: number): void {
    const root = path.join(this.mount, ROOT_NAME);
    this.enable(this.mount);
    mkdirIfMissing(root);
    this.enable(root);
    const slot = this.slotDir(index);
    mkdirIfMissing(slot);
    this.enable(slot);
    write(path.join(slot, 'cpu.max'), `${String(CPU_PERIOD_US)} ${String(CPU_PERIOD_US)}`);
  }

  listRuns(index: number): string[] {
    try {
      return fs
        .readdirSync(this.slotDir(index), { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name);
    } catch {
      return [];
    }
  }

  slotIsEmpty(index: number): boolean {
    return (
      this.listRuns(index).length === 0 &&
      readPids(path.join(this.slotDir(index), 'cgroup.procs')).length === 0
    );
  }

  async cleanSlot(index: number): Promise<void> {
    for (const name of this.listRuns(index)) {
      const run = this.openRun(path.join(this.slotDir(index), name));
      await run.killAll(2000);
      await run.remove();
    }
  }

  private openRun(dir: string): RunCgroup {
    const procs = path.join(dir, 'cgroup.procs');
    const keyed = (file: string, key: string): number => {
      const m = new RegExp(`^${key} (\\d+)$`, 'm').exec(readText(path.join(dir, file)));
      return m?.[1] === undefined ? 0 : Number(m[1]);
    };
    let oomSeen = 0;
    return {
      procsFiles: [procs],
      cpuUsageNs: () => keyed('cpu.stat', 'usage_usec') * 1000,
      peakMemoryBytes: () => {
        try {
          return Number(readText(path.join(dir, 'memory.peak')).trim());
        } catch {
          return Number(readText(path.join(dir, 'memory.current')).trim());
        }
      },
      oomKills: () => {
        try {
          oomSeen = keyed('memory.events', 'oom_kill');
        } catch {
          // removed
        }
        return oomSeen;
      },
      pids: () => readPids(procs),
      killAll: async (timeoutMs = 1000) =>
        killUntilEmpty(procs, timeoutMs, () => {
          try {
            write(path.join(dir, 'cgroup.kill'), '1');
          } catch {
            // kernels < 5.14: the pid loop does the work
          }
        }),
      remove: () => rmdirRetry(dir),
    };
  }

  createRun(index: number, name: string, limits: { memoryBytes: number; pids: number }): RunCgroup {
    const dir = path.join(this.slotDir(index), name);
    fs.mkdirSync(dir);
    try {
      write(path.join(dir, 'memory.max'), String(Math.floor(limits.memoryBytes)));
      try {
        write(path.join(dir, 'memory.swap.max'), '0');
      } catch {
        // no swap accounting: fine, swap must be off anyway
      }
      write(path.join(dir, 'memory.oom.group'), '1');
      write(path.join(dir, 'pids.max'), String(limits.pids));
    } catch (e) {
      fs.rmdirSync(dir);
      throw e;
    }
    return this.openRun(dir);
  }
}
