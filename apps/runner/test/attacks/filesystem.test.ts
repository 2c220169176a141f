import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBoxFile } from '../../src/sandbox/index.js';
import { ENV_CANARY, NODE, PYTHON, makeSrcDir, sandboxOrSkip, spec, withSlot } from './attack-harness.js';

const { host, reason } = await sandboxOrSkip();

describe.skipIf(host === null)(`filesystem attacks ${reason}`, () => {
  // A root-only file whose content must never be seen, and a host file that must never change.
  const fileCanary = `assay-file-canary-${randomBytes(8).toString('hex')}`;
  const canaryDir = `/var/lib/assay/attack-canary-${String(process.pid)}`;
  const canaryFile = path.join(canaryDir, 'secret');

  beforeAll(() => {
    fs.mkdirSync(canaryDir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(canaryFile, fileCanary, { mode: 0o600 });
  });
  afterAll(() => {
    fs.rmSync(canaryDir, { recursive: true, force: true });
  });

  it('reads nothing secret: /proc/1/environ, cmdlines, /etc/shadow, /root, /var/lib/assay, a walk of /', async () => {
    if (host === null) return;
    const script = [
      'env',
      'cat /proc/1/environ /proc/*/environ /proc/*/cmdline 2>&1 | tr "\\0" "\\n"',
      'cat /etc/shadow /etc/passwd 2>&1',
      'ls -la /root /var/lib/assay /var/lib/assay/runner 2>&1',
      `cat ${canaryFile} 2>&1`,
      'find / -path /proc -prune -o -path /sys -prune -o -path /usr -prune -o -print 2>/dev/null',
      'grep -rs assay-file-canary / --exclude-dir=proc --exclude-dir=sys --exclude-dir=usr 2>/dev/null; true',
    ].join('; ');
    const r = await withSlot(host, (slot) =>
      slot.run(spec(['/bin/sh', '-c', script], { limits: { wallMs: 10_000, cpuMs: 5000 } })),
    );
    const out = r.stdout.toString();
    expect(r.outcome).toBe('completed');
    expect(out).not.toContain(ENV_CANARY);
    expect(out).not.toContain(fileCanary);
    const envKeys = out
      .split('\n')
      .slice(0, 4)
      .map((l) => l.split('=')[0])
      .sort();
    expect(envKeys).toEqual(['HOME', 'LANG', 'PATH', 'PWD']);
  });

  it('reads no environment from Python or Node either', async () => {
    if (host === null) return;
    await withSlot(host, async (slot) => {
      const py = await slot.run(spec([PYTHON, '-I', '-c', 'import os; print(sorted(os.environ))']));
      // Python adds LC_CTYPE itself (PEP 538 locale coercion).
      expect(py.stdout.toString().trim().replace(", 'LC_CTYPE'", '')).toBe("['HOME', 'LANG', 'PATH', 'PWD']");
      const node = await slot.run(
        spec([NODE, '-e', 'console.log(Object.keys(process.env).sort().join(","))']),
      );
      expect(node.stdout.toString().trim()).toBe('HOME,LANG,PATH,PWD');
    });
  });

  it('cannot write to /, /etc, /usr, /src, /out (run), /proc/sys', async () => {
    if (host === null) return;
    await withSlot(host, async (slot) => {
      const src = makeSrcDir(slot, 'src', { 'a.txt': 'x' });
      const out = await slot.makeScratchDir('out');
      const script = [
        '/x',
        '/etc/x',
        '/usr/x',
        '/usr/bin/x',
        '/src/x',
        '/src/a.txt',
        '/out/x',
        '/proc/sys/kernel/hostname',
        '/dev/x',
        '/proc/1/x',
      ]
        .map((p) => `(echo hi > ${p}) 2>/dev/null && echo "WROTE ${p}" || echo "denied ${p}"`)
        .join('; ');
      const r = await slot.run(
        spec(['/bin/sh', '-c', `${script}; echo ok > /tmp/x && echo tmp-ok`], {
          binds: [
            { src, dest: '/src' },
            { src: out, dest: '/out' },
          ],
        }),
      );
      const text = r.stdout.toString();
      expect(text).not.toContain('WROTE');
      expect(text).toContain('tmp-ok');
      expect(fs.readdirSync(out)).toEqual([]);
      expect(fs.readFileSync(path.join(src, 'a.txt'), 'utf8')).toBe('x');
    });
  });

  it('links planted by a compile are never followed by the host (read, cleanup), FIFOs never block it', async () => {
    if (host === null) return;
    await withSlot(host, async (slot) => {
      const out = await slot.makeScratchDir('out');
      const plant = [
        `ln -s ${canaryFile} /out/x`,
        'ln -s /etc/shadow /out/main',
        'ln -s /etc /out/etcdir',
        'mkfifo /out/fifo',
        `ln ${canaryFile} /out/hard 2>/dev/null; true`,
        'ln -s / /out/root',
        'echo fine > /out/regular',
        'ln /out/regular /out/regular-link',
      ].join('; ');
      const r = await slot.run(
        spec(['/bin/sh', '-c', plant], {
          binds: [{ src: out, dest: '/out', rw: true }],
          allowFileLocks: true,
        }),
      );
      expect(r.exitCode).toBe(0);
      expect(await readBoxFile(path.join(out, 'x'))).toBeNull();
      expect(await readBoxFile(path.join(out, 'main'))).toBeNull();
      expect(await readBoxFile(path.join(out, 'etcdir', 'passwd'))).toBeNull();
      expect(await readBoxFile(path.join(out, 'fifo'))).toBeNull();
      expect(await readBoxFile(path.join(out, 'hard'))).toBeNull();
      expect(await readBoxFile(path.join(out, 'root', 'etc', 'passwd'))).toBeNull();
      // Hardlinked regular files are refused too (nlink > 1).
      expect(await readBoxFile(path.join(out, 'regular'))).toBeNull();
    });
    // Release removed the job dir: the link targets are untouched.
    expect(fs.readFileSync(canaryFile, 'utf8')).toBe(fileCanary);
    expect(fs.existsSync('/etc/shadow')).toBe(true);
    expect(fs.existsSync('/etc/passwd')).toBe(true);
  });

  it('readBoxFile caps size and reads regular files', async () => {
    if (host === null) return;
    await withSlot(host, async (slot) => {
      const out = await slot.makeScratchDir('out');
      await slot.run(
        spec(['/bin/sh', '-c', 'head -c 100000 /dev/zero > /out/big; echo hello > /out/small'], {
          binds: [{ src: out, dest: '/out', rw: true }],
        }),
      );
      const big = await readBoxFile(path.join(out, 'big'), 1000);
      expect(big?.truncated).toBe(true);
      expect(big?.data.length).toBe(1000);
      const small = await readBoxFile(path.join(out, 'small'));
      expect(small?.data.toString()).toBe('hello\n');
      expect(small?.truncated).toBe(false);
    });
  });

  it('a missing bind source is a set-up failure, not a runtime error', async () => {
    if (host === null) return;
    const r = await withSlot(host, (slot) =>
      slot.run(
        spec(['/usr/bin/true'], { binds: [{ src: `/nonexistent-${String(process.pid)}`, dest: '/src' }] }),
      ),
    );
    expect(r.outcome).toBe('setup-failed');
    expect(r.setupError).toMatch(/source path|No such file/);
  });

  it('a 1 GiB file hits RLIMIT_FSIZE, /tmp and /dev/shm fill up at their caps', async () => {
    if (host === null) return;
    await withSlot(host, async (slot) => {
      const out = await slot.makeScratchDir('out');
      const binds = [{ src: out, dest: '/out', rw: true }];
      const big = await slot.run(
        spec(['/bin/sh', '-c', 'head -c 1073741824 /dev/zero > /out/big'], {
          binds,
          limits: { wallMs: 10_000 },
        }),
      );
      expect(big.signal).toBe('SIGXFSZ');
      expect(fs.statSync(path.join(out, 'big')).size).toBeLessThanOrEqual(16 * 1024 * 1024);
      const noFsize = { wallMs: 10_000, fileSizeBytes: 2 * 1024 ** 3 };
      const tmp = await slot.run(
        spec(['/bin/sh', '-c', 'head -c 1073741824 /dev/zero > /tmp/big'], { limits: noFsize }),
      );
      expect(tmp.stderr.toString()).toMatch(/No space left/);
      const shm = await slot.run(
        spec(['/bin/sh', '-c', 'head -c 1073741824 /dev/zero > /dev/shm/big'], { limits: noFsize }),
      );
      expect(shm.stderr.toString()).toMatch(/No space left/);
      // /tmp larger than the memory limit: the tmpfs is charged to the run, so the run is OOM-killed.
      const mle = await slot.run(
        spec(['/bin/sh', '-c', 'head -c 1073741824 /dev/zero > /tmp/big'], {
          limits: { ...noFsize, tmpBytes: 512 * 1024 * 1024, memoryBytes: 64 * 1024 * 1024 },
        }),
      );
      expect(['memory-limit', 'exited']).toContain(mle.termination);
      expect(mle.peakMemoryBytes).toBeLessThanOrEqual(64 * 1024 * 1024 * 1.1);
    });
  });
});
