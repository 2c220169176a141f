import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  COMPILE_LIMITS,
  JAVA_BINDS,
  JAVA_HOME,
  LIMITS,
  NODE,
  PYTHON,
  SOAK,
  compileC,
  javaAvailable,
  makeSrcDir,
  sandboxOrSkip,
  spec,
  withSlot,
} from './attack-harness.js';

const { host, reason } = await sandboxOrSkip();
const MIB = 1024 * 1024;
/** CPU time read from the cgroup may exceed the limit by the 100 ms poll plus teardown (reliability.md S7). */
const CPU_SLACK_MS = 500;

const C_FORK_BOMB = `#include <unistd.h>
int main(void) { for (;;) fork(); }`;
const C_MEMORY_BOMB = `#include <stdlib.h>
#include <string.h>
int main(void) { for (;;) { char *p = malloc(1 << 20); if (!p) return 3; memset(p, 1, 1 << 20); } }`;
const C_UNTOUCHED_MMAP = `#include <sys/mman.h>
#include <stdio.h>
int main(void) { void *p = mmap(0, 8UL << 30, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0); puts(p == MAP_FAILED ? "refused" : "mapped"); return 0; }`;
const C_SPIN = `int main(void) { volatile unsigned long x = 0; for (;;) x++; }`;
const C_FLOOD = `#include <stdio.h>
#include <signal.h>
int main(void) { signal(SIGPIPE, SIG_IGN); for (;;) fputs("flood flood flood flood flood flood flood\\n", stdout); }`;

describe.skipIf(host === null)(`resource attacks ${reason}`, () => {
  describe('fork bombs are stopped at pids.max', () => {
    it('sh', async () => {
      if (host === null) return;
      const r = await withSlot(host, (slot) =>
        slot.run(spec(['/bin/sh', '-c', 'b() { b | b & }; b; sleep 5'])),
      );
      expect(r.outcome).toBe('completed');
      expect(['cpu-limit', 'wall-limit', 'exited']).toContain(r.termination);
    });
    it('C', async () => {
      if (host === null) return;
      await withSlot(host, async (slot) => {
        const c = await compileC(slot, C_FORK_BOMB);
        const r = await slot.run(spec(['/out/main'], { binds: c.binds }));
        expect(r.outcome).toBe('completed');
        expect(['cpu-limit', 'wall-limit']).toContain(r.termination);
        expect(r.cpuMs).toBeLessThanOrEqual(LIMITS.cpuMs + CPU_SLACK_MS);
      });
    });
    it('Python', async () => {
      if (host === null) return;
      const r = await withSlot(host, (slot) =>
        slot.run(
          spec([PYTHON, '-I', '-c', 'import os\nwhile True:\n    try: os.fork()\n    except OSError: pass']),
        ),
      );
      expect(['cpu-limit', 'wall-limit']).toContain(r.termination);
    });
    it('Node workers and processes', async () => {
      if (host === null) return;
      const script = `const { Worker } = require('worker_threads'); const cp = require('child_process');
        for (let i = 0; i < 64; i++) { try { new Worker('setInterval(() => {}, 1000)', { eval: true }).on('error', () => {}); } catch {} try { cp.spawn('/bin/sleep', ['100']).on('error', () => {}); } catch {} }
        setTimeout(() => {}, 100000);`;
      const r = await withSlot(host, (slot) =>
        slot.run(spec([NODE, '-e', script], { limits: { pids: 32, memoryBytes: 512 * MIB } })),
      );
      expect(r.outcome).toBe('completed');
      expect(r.termination).not.toBe('memory-limit');
    });
    it.skipIf(!javaAvailable)('Java threads', async () => {
      if (host === null) return;
      await withSlot(host, async (slot) => {
        const src = makeSrcDir(slot, 'src', {
          'Main.java':
            'public class Main { public static void main(String[] a) { int n = 0; try { for (;;) { Thread t = new Thread(() -> { try { Thread.sleep(100000); } catch (Exception e) {} }); t.start(); n++; } } catch (Throwable e) { System.out.println("stopped after " + n); System.exit(1); } } }',
        });
        const out = await slot.makeScratchDir('out');
        const javac = await slot.run(
          spec(
            [`${JAVA_HOME}/bin/javac`, '-J-Xmx256m', '-encoding', 'UTF-8', '-d', '/out', '/src/Main.java'],
            {
              binds: [...JAVA_BINDS, { src, dest: '/src' }, { src: out, dest: '/out', rw: true }],
              limits: COMPILE_LIMITS,
              allowFileLocks: true,
            },
          ),
        );
        expect(javac.exitCode, javac.stderr.toString()).toBe(0);
        const r = await slot.run(
          spec(
            [
              `${JAVA_HOME}/bin/java`,
              '-Xmx192m',
              '-Xss1m',
              '-XX:+UseSerialGC',
              '-XX:ActiveProcessorCount=1',
              '-cp',
              '/out',
              'Main',
            ],
            {
              binds: [...JAVA_BINDS, { src: out, dest: '/out' }],
              limits: { pids: 32, memoryBytes: 512 * MIB, cpuMs: 5000, wallMs: 10_000 },
            },
          ),
        );
        expect(r.outcome).toBe('completed');
        expect(r.stdout.toString()).toMatch(/stopped after \d+/);
        expect(r.exitCode).toBe(1);
      });
    });
  });

  describe('memory bombs end as MLE near the limit', () => {
    const limit = (SOAK ? 512 : 64) * MIB;
    it('C', async () => {
      if (host === null) return;
      await withSlot(host, async (slot) => {
        const c = await compileC(slot, C_MEMORY_BOMB);
        const r = await slot.run(spec(['/out/main'], { binds: c.binds, limits: { memoryBytes: limit } }));
        expect(r.termination).toBe('memory-limit');
        expect(r.peakMemoryBytes).toBeGreaterThan(limit * 0.9);
        expect(r.peakMemoryBytes).toBeLessThanOrEqual(limit * 1.1);
      });
    });
    it('Python', async () => {
      if (host === null) return;
      const r = await withSlot(host, (slot) =>
        slot.run(
          spec([PYTHON, '-I', '-c', 'a = []\nwhile True: a.append(bytearray(1 << 20))'], {
            limits: { memoryBytes: limit },
          }),
        ),
      );
      expect(r.termination).toBe('memory-limit');
      expect(r.peakMemoryBytes).toBeLessThanOrEqual(limit * 1.1);
    });
    it('Node', async () => {
      if (host === null) return;
      const r = await withSlot(host, (slot) =>
        slot.run(
          spec([NODE, '-e', 'const a = []; for (;;) a.push(Buffer.alloc(1 << 20, 1));'], {
            limits: { memoryBytes: 128 * MIB },
          }),
        ),
      );
      expect(r.termination).toBe('memory-limit');
      expect(r.peakMemoryBytes).toBeLessThanOrEqual(128 * MIB * 1.1);
    });
    it('an untouched 8 GiB mapping is refused by RLIMIT_AS or costs nothing', async () => {
      if (host === null) return;
      await withSlot(host, async (slot) => {
        const c = await compileC(slot, C_UNTOUCHED_MMAP);
        const withAs = await slot.run(
          spec(['/out/main'], {
            binds: c.binds,
            limits: { memoryBytes: limit, addressSpaceBytes: limit + 64 * MIB },
          }),
        );
        expect(withAs.stdout.toString()).toBe('refused\n');
        const noAs = await slot.run(spec(['/out/main'], { binds: c.binds, limits: { memoryBytes: limit } }));
        expect(noAs.termination).toBe('exited');
        expect(noAs.peakMemoryBytes).toBeLessThan(limit);
      });
    });
  });

  describe('time', () => {
    it('a CPU loop is stopped by the cgroup CPU limit', async () => {
      if (host === null) return;
      await withSlot(host, async (slot) => {
        const c = await compileC(slot, C_SPIN);
        const r = await slot.run(spec(['/out/main'], { binds: c.binds, limits: { wallMs: 30_000 } }));
        expect(r.termination).toBe('cpu-limit');
        expect(r.cpuMs).toBeGreaterThanOrEqual(LIMITS.cpuMs);
        expect(r.cpuMs).toBeLessThanOrEqual(LIMITS.cpuMs + CPU_SLACK_MS);
      });
    });
    it('several spinning processes share one CPU and stop at the limit', async () => {
      if (host === null) return;
      const r = await withSlot(host, (slot) =>
        slot.run(
          spec(['/bin/sh', '-c', 'for i in 1 2 3 4; do (while :; do :; done) & done; wait'], {
            limits: { wallMs: 30_000 },
          }),
        ),
      );
      expect(r.termination).toBe('cpu-limit');
      expect(r.cpuMs).toBeLessThanOrEqual(LIMITS.cpuMs + CPU_SLACK_MS);
    });
    it('sleep ends at the wall limit', async () => {
      if (host === null) return;
      const r = await withSlot(host, (slot) =>
        slot.run(spec(['/bin/sleep', '100'], { limits: { wallMs: 500 } })),
      );
      expect(r.termination).toBe('wall-limit');
      expect(r.cpuMs).toBeLessThan(LIMITS.cpuMs);
    });
    it('a program blocked on stdin ends at the wall limit', async () => {
      if (host === null) return;
      const { readFd, writeFd } = pipePair();
      try {
        const r = await withSlot(host, (slot) =>
          slot.run(spec(['/bin/cat'], { stdin: { kind: 'fd', fd: readFd }, limits: { wallMs: 500 } })),
        );
        expect(r.termination).toBe('wall-limit');
      } finally {
        fs.closeSync(readFd);
        fs.closeSync(writeFd);
      }
    });
    it('stdin from a buffer and a file, EPIPE ignored when the program does not read', async () => {
      if (host === null) return;
      await withSlot(host, async (slot) => {
        const big = Buffer.alloc(8 * MIB, 'x');
        const r = await slot.run(spec(['/usr/bin/true'], { stdin: { kind: 'buffer', data: big } }));
        expect(r.outcome).toBe('completed');
        expect(r.exitCode).toBe(0);
        const file = `${slot.jobDir}/input`;
        fs.writeFileSync(file, 'from a file\n');
        const f = await slot.run(spec(['/bin/cat'], { stdin: { kind: 'file', path: file } }));
        expect(f.stdout.toString()).toBe('from a file\n');
      });
    });
  });

  describe('output floods', () => {
    it('stdout flood (ignoring SIGPIPE) is cut at exactly the cap and killed', async () => {
      if (host === null) return;
      await withSlot(host, async (slot) => {
        const c = await compileC(slot, C_FLOOD);
        const rssBefore = process.memoryUsage().rss;
        const r = await slot.run(spec(['/out/main'], { binds: c.binds }));
        expect(r.termination).toBe('output-limit');
        expect(r.stdout.length).toBe(LIMITS.stdoutBytes);
        expect(r.stdoutTruncated).toBe(true);
        expect(process.memoryUsage().rss - rssBefore).toBeLessThan(64 * MIB);
      });
    });
    it('output of exactly the cap is not a flood', async () => {
      if (host === null) return;
      const r = await withSlot(host, (slot) =>
        slot.run(spec(['/usr/bin/head', '-c', String(LIMITS.stdoutBytes), '/dev/zero'])),
      );
      expect(r.termination).toBe('exited');
      expect(r.stdout.length).toBe(LIMITS.stdoutBytes);
      expect(r.stdoutTruncated).toBe(false);
    });
    it('stderr flood is truncated, not fatal', async () => {
      if (host === null) return;
      const r = await withSlot(host, (slot) =>
        slot.run(spec(['/bin/sh', '-c', 'head -c 10000000 /dev/zero >&2; echo done'])),
      );
      expect(r.termination).toBe('exited');
      expect(r.stderr.length).toBe(LIMITS.stderrBytes);
      expect(r.stderrTruncated).toBe(true);
      expect(r.stdout.toString()).toBe('done\n');
    });
    it('huge compiler output is capped', async () => {
      if (host === null) return;
      await withSlot(host, async (slot) => {
        const lines = SOAK ? 20000 : 800;
        const src = makeSrcDir(slot, 'src', {
          'main.c': Array.from(
            { length: lines },
            (_, i) => `int f${String(i)}(void) { return undefined_${String(i)}; }`,
          ).join('\n'),
        });
        const out = await slot.makeScratchDir('out');
        const r = await slot.run(
          spec(['/usr/bin/gcc', '-fmax-errors=0', '-o', '/out/main', '/src/main.c'], {
            binds: [
              { src, dest: '/src' },
              { src: out, dest: '/out', rw: true },
            ],
            limits: COMPILE_LIMITS,
            allowFileLocks: true,
          }),
        );
        expect(r.exitCode).not.toBe(0);
        expect(r.stderrTruncated).toBe(true);
        expect(r.stderr.length).toBe(COMPILE_LIMITS.stderrBytes);
      });
    });
  });
});

/** A pipe whose write end stays open (Node has no pipe(2): a FIFO in a private directory). */
function pipePair(): { readFd: number; writeFd: number } {
  const dir = fs.mkdtempSync('/tmp/assay-pipe-');
  const fifo = `${dir}/p`;
  if (spawnSync('/usr/bin/mkfifo', [fifo]).status !== 0) throw new Error('mkfifo failed');
  const readFd = fs.openSync(fifo, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  const writeFd = fs.openSync(fifo, fs.constants.O_WRONLY);
  fs.rmSync(dir, { recursive: true, force: true });
  return { readFd, writeFd };
}
