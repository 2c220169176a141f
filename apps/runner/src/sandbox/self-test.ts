/**
 * Start-up self-test (sandbox.md §11): prerequisites first, then probes run in a real slot.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { processesOfUid } from './box-files.js';
import { TOOLS } from './launch.js';
import {
  EPERM,
  ENOSYS,
  EAFNOSUPPORT,
  AUDIT_ARCH_X86_64,
  SECCOMP_RET_ALLOW,
  SECCOMP_RET_ERRNO,
  SECCOMP_RET_KILL_PROCESS,
  runSeccompProgram,
  seccompProgramBytes,
} from './seccomp.js';
import type { RunLimits, RunSpec, SelfTestCheck, Slot } from './types.js';

const MIB = 1024 * 1024;

/** Small limits for probes. */
export const PROBE_LIMITS: RunLimits = {
  cpuMs: 2000,
  wallMs: 5000,
  memoryBytes: 64 * MIB,
  pids: 16,
  fileSizeBytes: MIB,
  stackBytes: 8 * MIB,
  tmpBytes: MIB,
  shmBytes: MIB,
  stdoutBytes: 256 * 1024,
  stderrBytes: 64 * 1024,
};

function probe(argv: string[], limits: Partial<RunLimits> = {}): RunSpec {
  return {
    argv,
    binds: [],
    cwd: '/tmp',
    limits: { ...PROBE_LIMITS, ...limits },
    stdin: { kind: 'empty' },
    stdout: { kind: 'capture' },
    allowFileLocks: false,
  };
}

function readSysctl(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    return null;
  }
}

/** Checks that need no sandbox: root, architecture, tools, bwrap version, user namespaces, swap. */
export function runPrerequisiteChecks(): SelfTestCheck[] {
  const checks: SelfTestCheck[] = [];
  checks.push({
    name: 'root',
    ok: process.getuid?.() === 0,
    detail: 'the runner needs root for cgroups and uid switching',
    fix: 'start assay-runner as root',
  });
  checks.push({
    name: 'arch',
    ok: process.arch === 'x64',
    detail: `architecture ${process.arch} (the seccomp filter is x86_64-only)`,
  });
  const missing = Object.values(TOOLS).filter((t) => !fs.existsSync(t));
  checks.push(
    missing.length === 0
      ? { name: 'tools', ok: true }
      : {
          name: 'tools',
          ok: false,
          detail: `missing ${missing.join(', ')}`,
          fix: 'apt-get install -y bubblewrap util-linux',
        },
  );
  if (fs.existsSync(TOOLS.bwrap)) {
    const v = spawnSync(TOOLS.bwrap, ['--version'], { env: {}, encoding: 'utf8' });
    const m = /(\d+)\.(\d+)\.(\d+)/.exec(v.stdout);
    const ok = m !== null && (Number(m[1]) > 0 || Number(m[2]) >= 8);
    checks.push({
      name: 'bwrap-version',
      ok,
      detail: v.stdout.trim() || 'unknown',
      ...(ok ? {} : { fix: 'install bubblewrap >= 0.8.0 (Debian 12: apt-get install -y bubblewrap)' }),
    });
  }
  const maxNs = readSysctl('/proc/sys/user/max_user_namespaces');
  const restricted = readSysctl('/proc/sys/kernel/apparmor_restrict_unprivileged_userns');
  const unpriv = readSysctl('/proc/sys/kernel/unprivileged_userns_clone');
  const nsOk = maxNs !== null && Number(maxNs) > 0 && restricted !== '1' && unpriv !== '0';
  checks.push({
    name: 'userns',
    ok: nsOk,
    detail: `max_user_namespaces=${String(maxNs)}${restricted === null ? '' : `, apparmor_restrict_unprivileged_userns=${restricted}`}${unpriv === null ? '' : `, unprivileged_userns_clone=${unpriv}`}`,
    ...(nsOk
      ? {}
      : {
          fix: 'sysctl -w user.max_user_namespaces=10000 kernel.unprivileged_userns_clone=1 (Ubuntu >= 23.10: add an AppArmor profile for bwrap)',
        }),
  });
  const swaps =
    readSysctl('/proc/swaps')
      ?.split('\n')
      .slice(1)
      .filter((l) => l.trim() !== '') ?? [];
  checks.push({
    name: 'no-swap',
    ok: swaps.length === 0,
    detail: swaps.length === 0 ? 'no swap' : `swap active: ${swaps.join('; ')}`,
    fix: 'swapoff -a',
  });
  const prog = seccompProgramBytes({ allowFileLocks: false });
  const decisions: [string, boolean][] = [
    ['keyctl', runSeccompProgram(prog, { arch: AUDIT_ARCH_X86_64, nr: 250 }) === (SECCOMP_RET_ERRNO | EPERM)],
    [
      'clone3',
      runSeccompProgram(prog, { arch: AUDIT_ARCH_X86_64, nr: 435 }) === (SECCOMP_RET_ERRNO | ENOSYS),
    ],
    [
      'vsock',
      runSeccompProgram(prog, { arch: AUDIT_ARCH_X86_64, nr: 41, args: [40] }) ===
        (SECCOMP_RET_ERRNO | EAFNOSUPPORT),
    ],
    ['read', runSeccompProgram(prog, { arch: AUDIT_ARCH_X86_64, nr: 0 }) === SECCOMP_RET_ALLOW],
    ['i386', runSeccompProgram(prog, { arch: 0x40000003, nr: 0 }) === SECCOMP_RET_KILL_PROCESS],
  ];
  const bad = decisions.filter(([, ok]) => !ok).map(([n]) => n);
  checks.push({
    name: 'seccomp-program',
    ok: bad.length === 0,
    ...(bad.length === 0 ? {} : { detail: `wrong decisions for ${bad.join(', ')}` }),
  });
  return checks;
}

/** The host surface the sandbox checks need. */
export interface SelfTestHost {
  readonly stateDir: string;
  claim(count: number): Promise<Slot[]>;
}

/** Probes in a real slot: bwrap runs, OOM kill, pids.max, seccomp, network, canaries, fds. */
export async function runSandboxChecks(host: SelfTestHost): Promise<SelfTestCheck[]> {
  const checks: SelfTestCheck[] = [];
  let slot: Slot;
  try {
    const slots = await host.claim(1);
    const first = slots[0];
    if (first === undefined) throw new Error('no slot');
    slot = first;
  } catch (e) {
    return [
      {
        name: 'slot-claim',
        ok: false,
        detail: (e as Error).message,
        fix: 'check /run/assay/slots and the cgroup hierarchies (mkdir under assay/ must work)',
      },
    ];
  }
  const canary = `assay-canary-${randomBytes(12).toString('hex')}`;
  const canaryFile = path.join(host.stateDir, `selftest-${randomBytes(6).toString('hex')}`);
  const server = net.createServer((s) => s.destroy());
  const envBefore = process.env.ASSAY_SELFTEST_CANARY;
  try {
    const t = await slot.run(probe(['/usr/bin/true']));
    const trueOk = t.outcome === 'completed' && t.exitCode === 0;
    checks.push({
      name: 'sandbox-runs',
      ok: trueOk,
      detail: trueOk
        ? `bwrap ran true as uid ${String(slot.uid)}`
        : (t.setupError ?? `exit ${String(t.exitCode)} ${t.stderr.toString().trim()}`),
      ...(trueOk
        ? {}
        : {
            fix: 'apt-get install -y bubblewrap; check that unprivileged user namespaces work (bwrap --unshare-user true as a non-root user)',
          }),
    });
    if (!trueOk) return checks;

    const oom = await slot.run(
      probe(['/bin/sh', '-c', 'a=aaaaaaaaaaaaaaaa; while :; do a="$a$a"; done'], { memoryBytes: 32 * MIB }),
    );
    checks.push({
      name: 'oom-kill',
      ok: oom.termination === 'memory-limit',
      detail: `termination ${oom.termination}, peak ${String(oom.peakMemoryBytes)}`,
    });

    const pids = await slot.run(
      probe(
        ['/bin/sh', '-c', 'i=0; while [ $i -lt 40 ]; do /bin/sleep 3 & i=$((i+1)); done; echo forked-all'],
        { pids: 8 },
      ),
    );
    const pidsOk = !pids.stdout.toString().includes('forked-all') && pids.termination === 'exited';
    checks.push({
      name: 'pids-max',
      ok: pidsOk,
      detail: `termination ${pids.termination}, exit ${String(pids.exitCode)}: ${pids.stderr.toString().trim().slice(0, 200)}`,
    });

    const sc = await slot.run(
      probe([
        '/usr/bin/perl',
        '-e',
        'syscall(250, 0, 0, 0, 0); print $!+0, "\\n"; open(F, "/proc/self/status"); while (<F>) { print if /^(Seccomp|NoNewPrivs|CapEff):/ }',
      ]),
    );
    const scOut = sc.stdout.toString();
    const scOk =
      scOut.startsWith('1\n') &&
      /Seccomp:\s+2/.test(scOut) &&
      /NoNewPrivs:\s+1/.test(scOut) &&
      /CapEff:\s+0+\n/.test(scOut);
    checks.push({
      name: 'seccomp-keyctl',
      ok: scOk,
      detail: scOut.trim().replace(/\n/g, ', ') || sc.stderr.toString().trim(),
    });

    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    const netRun = await slot.run(
      probe([
        '/usr/bin/perl',
        '-MIO::Socket::INET',
        '-e',
        `print IO::Socket::INET->new(PeerAddr => "127.0.0.1:${String(port)}", Timeout => 2) ? "reached\\n" : "unreachable\\n"`,
      ]),
    );
    checks.push({
      name: 'loopback-isolated',
      ok: netRun.stdout.toString() === 'unreachable\n',
      detail: netRun.stdout.toString().trim() || netRun.stderr.toString().trim(),
    });

    process.env.ASSAY_SELFTEST_CANARY = canary;
    fs.writeFileSync(canaryFile, canary, { mode: 0o600 });
    const leak = await slot.run(
      probe([
        '/bin/sh',
        '-c',
        'env; cat /proc/*/environ /proc/*/cmdline 2>/dev/null | tr "\\0" "\\n"; find / -path /proc -prune -o -path /usr -prune -o -path /sys -prune -o -print 2>/dev/null; ls /var/lib/assay 2>&1',
      ]),
    );
    const leakOut = leak.stdout.toString();
    const leaked = leakOut.includes(canary) || leakOut.includes(path.basename(canaryFile));
    const envKeys = leakOut
      .split('\n')
      .slice(0, 4)
      .map((l) => l.split('=')[0])
      .sort()
      .join(',');
    checks.push({
      name: 'env-file-canaries',
      ok: leak.outcome === 'completed' && !leaked && envKeys === 'HOME,LANG,PATH,PWD',
      detail: leaked ? 'canary visible in the sandbox' : `env keys ${envKeys}`,
    });
    // Lists the probe's own fds, minus the directory handle used for listing.
    const fds = await slot.run(
      probe([
        '/usr/bin/perl',
        '-e',
        'opendir(D, "/proc/self/fd") or die; my $d = fileno(D); print join(" ", sort { $a <=> $b } grep { /^\\d+$/ && $_ != $d } readdir D), "\\n"',
      ]),
    );
    const fdsLine = fds.stdout.toString().trim();
    checks.push({ name: 'fds-0-1-2', ok: fdsLine.trim() === '0 1 2', detail: `open fds: ${fdsLine}` });

    const left = processesOfUid(slot.uid);
    checks.push({
      name: 'no-leftovers',
      ok: left.length === 0,
      ...(left.length === 0 ? {} : { detail: `pids ${left.join(', ')}` }),
    });
  } catch (e) {
    checks.push({ name: 'sandbox-probes', ok: false, detail: (e as Error).message });
  } finally {
    if (envBefore === undefined) delete process.env.ASSAY_SELFTEST_CANARY;
    else process.env.ASSAY_SELFTEST_CANARY = envBefore;
    fs.rmSync(canaryFile, { force: true });
    server.close();
    await slot.release();
  }
  return checks;
}
