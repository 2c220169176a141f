import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { processesOfUid } from '../../src/sandbox/index.js';
import {
  PYTHON,
  expectSlotClean,
  runLeaves,
  sandboxOrSkip,
  spec,
  withSlot,
  withSlots,
} from './attack-harness.js';

const { host, reason } = await sandboxOrSkip();

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe.skipIf(host === null)(`process escape and cross-box leftovers ${reason}`, () => {
  it('double fork + setsid and background sleepers do not outlive the run', async () => {
    if (host === null) return;
    await withSlot(host, async (slot) => {
      const r = await slot.run(
        spec([
          '/bin/sh',
          '-c',
          '(setsid sh -c "sleep 100 &" &); nohup sleep 100 >/dev/null 2>&1 & sleep 100 </dev/null >/dev/null 2>&1 & echo started',
        ]),
      );
      expect(r.outcome).toBe('completed');
      expect(r.exitCode).toBe(0);
      expect(r.stdout.toString()).toBe('started\n');
      await expectSlotClean(slot, r);
    });
  });

  it('a Python daemon (double fork, setsid, closed fds) is gone after the run', async () => {
    if (host === null) return;
    const script = `import os, time
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.close(0); os.close(1); os.close(2)
        time.sleep(100)
    os._exit(0)
print("parent done")`;
    const r = await withSlot(host, (slot) => slot.run(spec([PYTHON, '-I', '-c', script])));
    expect(r.stdout.toString()).toBe('parent done\n');
  });

  it('SIGKILL of the launcher (bwrap) takes the whole sandbox down', async () => {
    if (host === null) return;
    await withSlot(host, async (slot) => {
      const running = slot.run(
        spec(['/bin/sh', '-c', 'sleep 100 & sleep 100 & wait'], { limits: { wallMs: 10_000 } }),
      );
      // Find the launcher: the slot-uid process whose parent is this test process.
      let launcher: number | undefined;
      for (let i = 0; i < 200 && launcher === undefined; i++) {
        await sleep(10);
        launcher = processesOfUid(slot.uid).find(
          (pid) => parentOf(pid) === process.pid && commOf(pid) === 'bwrap',
        );
      }
      expect(launcher).toBeDefined();
      await sleep(100);
      if (launcher !== undefined) process.kill(launcher, 'SIGKILL');
      const r = await running;
      expect(r.termination).not.toBe('wall-limit');
      expect(r.exitCode).toBeNull();
      await expectSlotClean(slot, r);
    });
  });

  it('an aborted run is torn down', async () => {
    if (host === null) return;
    await withSlot(host, async (slot) => {
      const ac = new AbortController();
      setTimeout(() => {
        ac.abort();
      }, 200);
      const r = await slot.run(spec(['/bin/sleep', '100'], { limits: { wallMs: 10_000 } }), {
        signal: ac.signal,
      });
      expect(r.termination).toBe('aborted');
    });
  });

  it('A leaves files, IPC, sockets and locks; B on the same slot next and C concurrently see nothing', async () => {
    if (host === null) return;
    const leaveBehind = [
      'echo A > /tmp/a-was-here',
      'echo A > /dev/shm/a-was-here',
      'echo A > /out/a-was-here',
      'ipcmk -M 4096 >/dev/null; ipcmk -Q >/dev/null; ipcmk -S 1 >/dev/null',
      `${PYTHON} -I -c "import socket,os,time; s=socket.socket(socket.AF_UNIX); s.bind('\\0assay-a'); s.listen(); os.fork() or time.sleep(100)" &`,
      'sleep 0.3; echo A-done',
    ].join('\n');
    const look = [
      'ls -A /tmp /dev/shm /out 2>&1',
      'ipcs -m -q -s | grep -c "^0x" || true',
      `${PYTHON} -I -c "import socket; s=socket.socket(socket.AF_UNIX)
try:
    s.connect('\\0assay-a'); print('abstract-reached')
except OSError: print('abstract-missing')"`,
      'cat /proc/net/unix | grep -c assay-a || true',
    ].join('; ');
    await withSlots(host, 2, async ([a, c]) => {
      if (a === undefined || c === undefined) throw new Error('slots');
      const outA = await a.makeScratchDir('out');
      const ra = a.run(
        spec(['/bin/sh', '-c', leaveBehind], { binds: [{ src: outA, dest: '/out', rw: true }] }),
      );
      // C runs while A is alive.
      const outC = await c.makeScratchDir('out');
      const rc = await c.run(
        spec(['/bin/sh', '-c', `sleep 0.1; ${look}`], { binds: [{ src: outC, dest: '/out' }] }),
      );
      const resultA = await ra;
      expect(resultA.stdout.toString(), resultA.stderr.toString()).toContain('A-done');
      expect(rc.stdout.toString()).not.toContain('a-was-here');
      expect(rc.stdout.toString()).toContain('abstract-missing');
      // B: next on A's slot, with a fresh out dir (the old one is A's, not B's).
      const outB = await a.makeScratchDir('out-b');
      const rb = await a.run(spec(['/bin/sh', '-c', look], { binds: [{ src: outB, dest: '/out' }] }));
      const text = rb.stdout.toString();
      expect(text).not.toContain('a-was-here');
      expect(text).toContain('abstract-missing');
      expect(text.split('\n').filter((l) => /^\d+$/.test(l))).toEqual(['0', '0']);
      await expectSlotClean(a, rb);
    });
  });

  it('interactive: two slots joined by pipes the runner never reads', async () => {
    if (host === null) return;
    await withSlots(host, 2, async ([v, s]) => {
      if (v === undefined || s === undefined) throw new Error('slots');
      const toSub = fifoPipe();
      const toVal = fifoPipe();
      // validator: sends a number, expects it doubled.
      const validator = v.run(
        spec(['/bin/sh', '-c', 'echo 21; read x; [ "$x" = 42 ] && exit 42 || exit 43'], {
          stdin: { kind: 'fd', fd: toVal.readFd },
          stdout: { kind: 'fd', fd: toSub.writeFd },
        }),
      );
      const submission = s.run(
        spec(['/bin/sh', '-c', 'read n; echo $((n * 2))'], {
          stdin: { kind: 'fd', fd: toSub.readFd },
          stdout: { kind: 'fd', fd: toVal.writeFd },
        }),
      );
      // Our copies of the pipe ends must not keep the other side waiting.
      for (const fd of [toSub.readFd, toSub.writeFd, toVal.readFd, toVal.writeFd])
        setTimeout(() => fs.closeSync(fd), 50);
      const [rv, rs] = await Promise.all([validator, submission]);
      expect(rs.exitCode).toBe(0);
      expect(rv.exitCode).toBe(42);
    });
  });

  it('no run cgroups remain under assay/', () => {
    if (host === null) return;
    // Only this file's slots are known to be idle here, but leaves of finished runs never survive.
    for (let i = 0; i < 2; i++)
      expect(runLeaves(i).every((l) => !l.includes(`r${String(process.pid)}x`))).toBe(true);
  });
});

function parentOf(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${String(pid)}/stat`, 'latin1');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

function commOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${String(pid)}/comm`, 'latin1').trim();
  } catch {
    return '';
  }
}

/** A pipe from a FIFO in a private directory (Node has no pipe(2)). */
function fifoPipe(): { readFd: number; writeFd: number } {
  const dir = fs.mkdtempSync('/tmp/assay-pipe-');
  const fifo = `${dir}/p`;
  if (spawnSync('/usr/bin/mkfifo', [fifo]).status !== 0) throw new Error('mkfifo failed');
  const readFd = fs.openSync(fifo, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  const writeFd = fs.openSync(fifo, fs.constants.O_WRONLY);
  fs.rmSync(dir, { recursive: true, force: true });
  return { readFd, writeFd };
}
