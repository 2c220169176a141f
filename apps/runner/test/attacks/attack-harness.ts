/**
 * Shared set-up for the hostile-program suite (sandbox.md §13): a real sandbox host, slots,
 * C compiled inside the sandbox, and the after-each invariants (no slot-uid process, no
 * leftover run cgroup, no canary leak).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import {
  createSandboxHost,
  processesOfUid,
  PROBE_LIMITS,
  type RunLimits,
  type RunResult,
  type RunSpec,
  type SandboxHost,
  type Slot,
} from '../../src/sandbox/index.js';

const MIB = 1024 * 1024;

/** A value placed in this test process's environment; it must never be readable inside a sandbox. */
export const ENV_CANARY = `assay-env-canary-${randomBytes(8).toString('hex')}`;
process.env.ASSAY_ATTACK_CANARY = ENV_CANARY;

/** Bigger attack sizes only under ASSAY_SOAK=1 (`npm run test:soak`). */
export const SOAK = process.env.ASSAY_SOAK === '1';

/** Limits for attack runs: small, so the suite stays fast. */
export const LIMITS: RunLimits = {
  ...PROBE_LIMITS,
  cpuMs: 1000,
  wallMs: 3000,
  memoryBytes: 128 * MIB,
  pids: 16,
  fileSizeBytes: 16 * MIB,
  stackBytes: 64 * MIB,
  tmpBytes: 16 * MIB,
  shmBytes: 8 * MIB,
  stdoutBytes: 64 * 1024,
  stderrBytes: 64 * 1024,
};

/** Compile limits (sandbox.md §5). */
export const COMPILE_LIMITS: RunLimits = {
  ...LIMITS,
  cpuMs: 10_000,
  wallMs: 20_000,
  memoryBytes: 512 * MIB,
  pids: 32,
  fileSizeBytes: 64 * MIB,
  tmpBytes: 256 * MIB,
};

export const PYTHON = '/usr/bin/python3';
export const NODE = '/usr/bin/node';
export const JAVA_HOME = '/usr/lib/jvm/java-17-openjdk-amd64';

/**
 * The host, or why there is none. Under CI=true a missing sandbox is an error (the suite fails);
 * otherwise the suite is skipped with the reason.
 */
export async function sandboxOrSkip(): Promise<{ host: SandboxHost | null; reason: string }> {
  try {
    return { host: await createSandboxHost(), reason: '' };
  } catch (e) {
    if (process.env.CI === 'true') throw e;
    const reason = `sandbox unavailable, attack suite skipped: ${(e as Error).message}`;
    console.warn(reason);
    return { host: null, reason };
  }
}

/** A run spec with defaults. */
export function spec(
  argv: string[],
  over: Omit<Partial<RunSpec>, 'limits'> & { limits?: Partial<RunLimits> } = {},
): RunSpec {
  return {
    argv,
    binds: [],
    cwd: '/tmp',
    stdin: { kind: 'empty' },
    stdout: { kind: 'capture' },
    allowFileLocks: false,
    ...over,
    limits: { ...LIMITS, ...over.limits },
  };
}

/** The cgroup leaves under assay/slot-N in every v1 hierarchy / the v2 tree. */
export function runLeaves(index: number): string[] {
  const roots = [
    '/sys/fs/cgroup/memory',
    '/sys/fs/cgroup/pids',
    '/sys/fs/cgroup/cpuacct',
    '/sys/fs/cgroup/cpu',
    '/sys/fs/cgroup',
  ];
  const out: string[] = [];
  for (const r of roots) {
    const dir = path.join(r, 'assay', `slot-${String(index)}`);
    let entries: fs.Dirent[] = [];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) if (e.isDirectory()) out.push(path.join(dir, e.name));
  }
  return out;
}

/**
 * The invariants after every attack: nothing of the slot runs (killed processes may need a moment
 * to finish exiting: reliability.md S5 allows 1 s, doubled for loaded CI machines), no run cgroup is
 * left, no canary leaked.
 */
export async function expectSlotClean(slot: Slot, ...results: RunResult[]): Promise<void> {
  const deadline = Date.now() + 2000;
  let left = processesOfUid(slot.uid);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
    left = processesOfUid(slot.uid);
  }
  expect(left, `processes of uid ${String(slot.uid)}`).toEqual([]);
  expect(runLeaves(slot.index), 'leftover run cgroups').toEqual([]);
  for (const r of results) {
    expect(r.stdout.includes(ENV_CANARY)).toBe(false);
    expect(r.stderr.includes(ENV_CANARY)).toBe(false);
  }
}

/** Claims slot(s), runs `fn`, checks the invariants, releases. */
export async function withSlots<T>(
  host: SandboxHost,
  count: number,
  fn: (slots: Slot[]) => Promise<T>,
): Promise<T> {
  const slots = await host.claimSlots(count);
  try {
    const value = await fn(slots);
    for (const s of slots) await expectSlotClean(s);
    return value;
  } finally {
    for (const s of slots) await s.release();
  }
}

/** Claims one slot (see {@link withSlots}). */
export function withSlot<T>(host: SandboxHost, fn: (slot: Slot) => Promise<T>): Promise<T> {
  return withSlots(host, 1, ([s]) => {
    if (s === undefined) throw new Error('no slot');
    return fn(s);
  });
}

/** Creates a root-owned, slot-readable source dir in the slot's job dir holding `files`. */
export function makeSrcDir(slot: Slot, name: string, files: Record<string, string>): string {
  const dir = path.join(slot.jobDir, name);
  fs.mkdirSync(dir, { mode: 0o750 });
  fs.chownSync(dir, 0, slot.uid);
  for (const [file, text] of Object.entries(files)) {
    const f = path.join(dir, file);
    fs.writeFileSync(f, text, { mode: 0o640 });
    fs.chownSync(f, 0, slot.uid);
  }
  return dir;
}

/**
 * Compiles C in the sandbox (gcc, as the judge does) and returns the out dir holding `main`.
 */
export async function compileC(
  slot: Slot,
  source: string,
  name = 'c',
): Promise<{ out: string; binds: RunSpec['binds'] }> {
  const src = makeSrcDir(slot, `${name}-src`, { 'main.c': source });
  const out = await slot.makeScratchDir(`${name}-out`);
  const r = await slot.run(
    spec(['/usr/bin/gcc', '-std=gnu17', '-O2', '-pipe', '-o', '/out/main', '/src/main.c', '-lm'], {
      binds: [
        { src, dest: '/src' },
        { src: out, dest: '/out', rw: true },
      ],
      cwd: '/out',
      limits: COMPILE_LIMITS,
      allowFileLocks: true,
    }),
  );
  if (r.outcome !== 'completed' || r.exitCode !== 0)
    throw new Error(`compile failed: ${r.setupError ?? ''} ${r.stderr.toString()}`);
  return {
    out,
    binds: [
      { src, dest: '/src' },
      { src: out, dest: '/out' },
    ],
  };
}

/** Binds Java needs besides /usr (sandbox.md §5). */
export const JAVA_BINDS: RunSpec['binds'] = [
  { src: '/etc/java-17-openjdk', dest: '/etc/java-17-openjdk' },
  { src: '/etc/alternatives', dest: '/etc/alternatives' },
];

export const javaAvailable = fs.existsSync(`${JAVA_HOME}/bin/java`) && fs.existsSync('/etc/java-17-openjdk');
