#!/usr/bin/env node
/**
 * Runner benchmark (sandbox.md §14): per language, median wall time of a trivial program bare vs
 * sandboxed in the same run, and independent sandboxed runs/s with all slots busy.
 * Writes bench/results/runner-<date>.json, prints a table, exits 1 if a target is missed.
 *
 *   npm run bench:runner            (as root, on the real sandbox)
 *   BENCH_RUNS=200 npm run bench:runner
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The sandbox core is TypeScript: re-run under tsx with the `source` condition when needed.
if (process.env.ASSAY_BENCH_CHILD !== '1') {
  const r = spawnSync(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    {
      stdio: 'inherit',
      env: { ...process.env, ASSAY_BENCH_CHILD: '1' },
    },
  );
  process.exit(r.status ?? 1);
}

const { createSandboxHost, defaultSlotCount, PROBE_LIMITS, DEFAULT_STATE_DIR } =
  await import('../src/sandbox/index.ts');
const { buildLaunchArgs } = await import('../src/sandbox/launch.ts');

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const RUNS = Number(process.env.BENCH_RUNS ?? 60);
const WARMUP = 5;
const THROUGHPUT_SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const TARGETS = { cOverheadMs: 6, cRunsPerSec: 120, pythonRunsPerSec: 70 };
const MIB = 1024 * 1024;
const JAVA_HOME = '/usr/lib/jvm/java-17-openjdk-amd64';
const BARE_ENV = { PATH: '/usr/bin:/bin', HOME: '/tmp', LANG: 'C.UTF-8' };

const limits = {
  ...PROBE_LIMITS,
  cpuMs: 5000,
  wallMs: 10_000,
  memoryBytes: 512 * MIB,
  pids: 32,
  tmpBytes: 64 * MIB,
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0
    ? NaN
    : s.length % 2 === 1
      ? s[(s.length - 1) / 2]
      : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];
const round = (x, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

function bare(argv) {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const c = spawn(argv[0], argv.slice(1), {
      env: BARE_ENV,
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: '/tmp',
    });
    c.stdout.resume();
    c.stderr.resume();
    c.on('error', reject);
    c.on('close', (code) =>
      code === 0 ? resolve(performance.now() - t) : reject(new Error(`${argv.join(' ')} exited ${code}`)),
    );
  });
}

async function sandboxed(slot, spec) {
  const t = performance.now();
  const r = await slot.run(spec);
  const ms = performance.now() - t;
  if (r.outcome !== 'completed' || r.exitCode !== 0)
    throw new Error(`sandboxed run failed: ${r.setupError ?? ''} ${r.termination} ${r.exitCode} ${r.stderr}`);
  return ms;
}

function writeSrc(slot, name, files) {
  const dir = path.join(slot.jobDir, name);
  fs.mkdirSync(dir, { mode: 0o750 });
  fs.chownSync(dir, 0, slot.uid);
  for (const [f, text] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, f), text, { mode: 0o640 });
    fs.chownSync(path.join(dir, f), 0, slot.uid);
  }
  return dir;
}

/** Prepares each available language in `slot`: returns { name, bareArgv, spec }. */
async function prepareLanguages(slot) {
  const langs = [];
  const base = {
    binds: [],
    cwd: '/tmp',
    limits,
    stdin: { kind: 'empty' },
    stdout: { kind: 'capture' },
    allowFileLocks: false,
  };
  if (fs.existsSync('/usr/bin/gcc')) {
    const src = writeSrc(slot, 'c-src', {
      'main.c': '#include <stdio.h>\nint main(void) { puts("hi"); return 0; }\n',
    });
    const out = await slot.makeScratchDir('c-out');
    const binds = [
      { src, dest: '/src' },
      { src: out, dest: '/out', rw: true },
    ];
    const t = performance.now();
    await sandboxed(slot, {
      ...base,
      argv: ['/usr/bin/gcc', '-std=gnu17', '-O2', '-pipe', '-o', '/out/main', '/src/main.c', '-lm'],
      binds,
      cwd: '/out',
      allowFileLocks: true,
    });
    langs.push({
      name: 'gcc -O2',
      bareArgv: [
        '/usr/bin/gcc',
        '-std=gnu17',
        '-O2',
        '-pipe',
        '-o',
        '/tmp/assay-bench-main',
        path.join(src, 'main.c'),
        '-lm',
      ],
      spec: {
        ...base,
        argv: ['/usr/bin/gcc', '-std=gnu17', '-O2', '-pipe', '-o', '/out/main', '/src/main.c', '-lm'],
        binds,
        cwd: '/out',
        allowFileLocks: true,
      },
      firstMs: performance.now() - t,
    });
    langs.unshift({
      name: 'C',
      bareArgv: [path.join(out, 'main')],
      spec: { ...base, argv: ['/out/main'], binds: [{ src: out, dest: '/out' }] },
    });
  }
  if (fs.existsSync('/usr/bin/python3')) {
    langs.push({
      name: 'Python',
      bareArgv: ['/usr/bin/python3', '-I', '-B', '-c', 'print("hi")'],
      spec: { ...base, argv: ['/usr/bin/python3', '-I', '-B', '-c', 'print("hi")'] },
    });
  }
  if (fs.existsSync('/usr/bin/node')) {
    langs.push({
      name: 'Node',
      bareArgv: ['/usr/bin/node', '-e', 'console.log("hi")'],
      spec: { ...base, argv: ['/usr/bin/node', '-e', 'console.log("hi")'] },
    });
  }
  if (fs.existsSync(`${JAVA_HOME}/bin/javac`)) {
    const src = writeSrc(slot, 'java-src', {
      'Main.java':
        'public class Main { public static void main(String[] a) { System.out.println("hi"); } }\n',
    });
    const out = await slot.makeScratchDir('java-out');
    const jbinds = [
      { src: '/etc/java-17-openjdk', dest: '/etc/java-17-openjdk' },
      { src: '/etc/alternatives', dest: '/etc/alternatives' },
    ];
    await sandboxed(slot, {
      ...base,
      argv: [`${JAVA_HOME}/bin/javac`, '-J-Xmx256m', '-encoding', 'UTF-8', '-d', '/out', '/src/Main.java'],
      binds: [...jbinds, { src, dest: '/src' }, { src: out, dest: '/out', rw: true }],
      allowFileLocks: true,
    });
    const javaArgs = ['-Xmx448m', '-Xss64m', '-XX:+UseSerialGC', '-XX:ActiveProcessorCount=1'];
    langs.push({
      name: 'Java',
      bareArgv: [`${JAVA_HOME}/bin/java`, ...javaArgs, '-cp', out, 'Main'],
      spec: {
        ...base,
        argv: [`${JAVA_HOME}/bin/java`, ...javaArgs, '-cp', '/out', 'Main'],
        binds: [...jbinds, { src: out, dest: '/out' }],
      },
    });
  }
  return langs;
}

/** The launch chain alone (sh → setpriv → prlimit → bwrap, no cgroup, no teardown), to split the overhead. */
function chainOnly(slot, spec) {
  return new Promise((resolve, reject) => {
    const fd = fs.openSync(path.join(DEFAULT_STATE_DIR, 'seccomp-nolocks.bpf'), 'r');
    const t = performance.now();
    const c = spawn('/bin/sh', buildLaunchArgs(spec, slot.uid, []), {
      env: {},
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe', fd, 'pipe'],
      cwd: '/',
    });
    fs.closeSync(fd);
    c.stdout.resume();
    c.stderr.resume();
    c.stdio[4].resume();
    c.on('error', reject);
    c.on('close', (code) =>
      code === 0 ? resolve(performance.now() - t) : reject(new Error(`chain exited ${code}`)),
    );
  });
}

async function latency(slot, lang) {
  const runs = lang.name === 'Java' || lang.name === 'gcc -O2' ? Math.max(10, Math.floor(RUNS / 3)) : RUNS;
  for (let i = 0; i < WARMUP; i++) {
    await bare(lang.bareArgv);
    await sandboxed(slot, lang.spec);
  }
  const b = [];
  const s = [];
  // Interleaved so drift affects both equally.
  for (let i = 0; i < runs; i++) {
    b.push(await bare(lang.bareArgv));
    s.push(await sandboxed(slot, lang.spec));
  }
  return {
    language: lang.name,
    runs,
    bareMedianMs: round(median(b)),
    bareP95Ms: round(p95(b)),
    sandboxMedianMs: round(median(s)),
    sandboxP95Ms: round(p95(s)),
    overheadMs: round(median(s) - median(b)),
    ratio: round(median(s) / median(b)),
  };
}

async function throughput(host, langName, mode) {
  const workers = host.slots.length;
  const deadline = performance.now() + THROUGHPUT_SECONDS * 1000;
  let count = 0;
  const t0 = performance.now();
  await Promise.all(
    host.slots.map(async ({ slot, langs }) => {
      const lang = langs.find((l) => l.name === langName);
      while (performance.now() < deadline) {
        if (mode === 'bare') await bare(lang.bareArgv);
        else await sandboxed(slot, lang.spec);
        count++;
      }
    }),
  );
  return {
    language: langName,
    mode,
    parallel: workers,
    runs: count,
    runsPerSec: round(count / ((performance.now() - t0) / 1000), 1),
  };
}

async function main() {
  if (process.getuid?.() !== 0) throw new Error('run as root (the sandbox needs cgroups and uid switching)');
  const host = await createSandboxHost();
  // One worker per slot: wait (as any run would) until every slot of this machine is ours.
  const slots = [];
  for (let i = 0; i < defaultSlotCount(); i++) slots.push(...(await host.claimSlots(1)));
  if (slots.length === 0) throw new Error('no free slot');
  const prepared = [];
  for (const slot of slots) prepared.push({ slot, langs: await prepareLanguages(slot) });
  const first = prepared[0];
  console.log(
    `runner benchmark: ${os.cpus().length} cores, ${slots.length} slots, ${RUNS} runs/language, cgroup v${host.selfTest.cgroupVersion}, node ${process.version}`,
  );

  const lat = [];
  const cLang = first.langs.find((l) => l.name === 'C');
  let components = null;
  if (cLang !== undefined) {
    const chain = [];
    for (let i = 0; i < RUNS; i++) chain.push(await chainOnly(first.slot, cLang.spec));
    components = { cChainOnlyMedianMs: round(median(chain)), cChainOnlyP95Ms: round(p95(chain)) };
    console.log(
      `  C chain only (sh+setpriv+prlimit+bwrap, no cgroup/teardown): median ${components.cChainOnlyMedianMs} ms`,
    );
  }
  for (const lang of first.langs) {
    const r = await latency(first.slot, lang);
    lat.push(r);
    console.log(
      `  ${lang.name.padEnd(8)} bare ${String(r.bareMedianMs).padStart(7)} ms   sandbox ${String(r.sandboxMedianMs).padStart(7)} ms   Δ ${String(r.overheadMs).padStart(6)} ms   ×${r.ratio}   (p95 ${r.bareP95Ms} / ${r.sandboxP95Ms})`,
    );
  }
  const tput = [];
  const ctx = { slots: prepared };
  for (const name of ['C', 'Python']) {
    if (!first.langs.some((l) => l.name === name)) continue;
    for (const mode of ['bare', 'sandbox']) {
      const r = await throughput(ctx, name, mode);
      tput.push(r);
      console.log(
        `  ${name.padEnd(8)} ${mode.padEnd(8)} ${String(r.runsPerSec).padStart(7)} runs/s  (${r.parallel} parallel, ${r.runs} runs)`,
      );
    }
  }
  for (const s of slots) await s.release();

  const c = lat.find((l) => l.language === 'C');
  const cT = tput.find((t) => t.language === 'C' && t.mode === 'sandbox');
  const pT = tput.find((t) => t.language === 'Python' && t.mode === 'sandbox');
  const targets = [
    {
      name: 'C overhead ≤ 6 ms median',
      value: c?.overheadMs,
      ok: c !== undefined && c.overheadMs <= TARGETS.cOverheadMs,
    },
    {
      name: 'C ≥ 120 runs/s',
      value: cT?.runsPerSec,
      ok: cT !== undefined && cT.runsPerSec >= TARGETS.cRunsPerSec,
    },
    {
      name: 'Python ≥ 70 runs/s',
      value: pT?.runsPerSec,
      ok: pT !== undefined && pT.runsPerSec >= TARGETS.pythonRunsPerSec,
    },
  ];
  for (const t of targets) console.log(`  target ${t.ok ? 'met   ' : 'MISSED'} ${t.name}: ${t.value}`);

  const date = new Date().toISOString().slice(0, 10);
  const file = path.join(ROOT, 'bench', 'results', `runner-${date}.json`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const kernel = os.release();
  const bwrap = spawnSync('/usr/bin/bwrap', ['--version'], { encoding: 'utf8' }).stdout.trim();
  fs.writeFileSync(
    file,
    `${JSON.stringify({ date: new Date().toISOString(), machine: { cores: os.cpus().length, kernel, bwrap, node: process.version, cgroupVersion: host.selfTest.cgroupVersion, slots: slots.length }, runs: RUNS, loadAverage: os.loadavg(), components, latency: lat, throughput: tput, targets }, null, 2)}\n`,
  );
  console.log(`  wrote ${path.relative(ROOT, file)}`);
  if (targets.some((t) => !t.ok)) process.exitCode = 1;
}

await main();
