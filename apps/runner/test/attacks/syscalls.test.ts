import { describe, expect, it } from 'vitest';
import { compileC, sandboxOrSkip, spec, withSlot } from './attack-harness.js';

const { host, reason } = await sandboxOrSkip();

// Each line: "<name> <errno name or ok>". Raw syscall numbers (x86_64) so libc wrappers cannot hide anything.
const PROBE = `#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>
static void report(const char *name, long r) { printf("%s %s\\n", name, r < 0 ? strerrorname_np(errno) : "ok"); }
int main(void) {
  char c = 'x';
  report("keyctl", syscall(SYS_keyctl, 0, 0, 0, 0, 0));
  report("add_key", syscall(SYS_add_key, "user", "k", "v", 1, -2));
  report("io_uring_setup", syscall(SYS_io_uring_setup, 1, (void *)0));
  report("ptrace", syscall(SYS_ptrace, 0 /* TRACEME */, 0, 0, 0));
  report("bpf", syscall(SYS_bpf, 0, 0, 0));
  report("perf_event_open", syscall(SYS_perf_event_open, 0, 0, -1, -1, 0));
  report("userfaultfd", syscall(SYS_userfaultfd, 0));
  report("unshare", syscall(SYS_unshare, CLONE_NEWUSER));
  report("setns", syscall(SYS_setns, 0, 0));
  report("mount", syscall(SYS_mount, "none", "/tmp", "tmpfs", 0, 0));
  report("personality", syscall(SYS_personality, 0xffffffff));
  report("tiocsti", syscall(SYS_ioctl, 0, TIOCSTI, &c));
  report("clone_newnet", syscall(SYS_clone, CLONE_NEWNET | 17, 0, 0, 0, 0));
  report("clone3", syscall(SYS_clone3, 0, 0));
  report("vsock", syscall(SYS_socket, 40, SOCK_STREAM, 0));
  int fd = open("/tmp/lock", O_CREAT | O_RDWR, 0600);
  report("flock", flock(fd, LOCK_EX));
  struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
  report("fcntl_setlk", fcntl(fd, F_SETLK, &fl));
  report("fcntl_ofd", fcntl(fd, F_OFD_SETLK, &fl));
  pid_t p = fork();
  if (p == 0) _exit(0);
  report("fork", p);
  return 0;
}`;

const EPERM_CALLS = [
  'keyctl',
  'add_key',
  'io_uring_setup',
  'ptrace',
  'bpf',
  'perf_event_open',
  'userfaultfd',
  'unshare',
  'setns',
  'mount',
  'personality',
  'tiocsti',
  'clone_newnet',
];

function parse(out: string): Record<string, string> {
  return Object.fromEntries(
    out
      .trim()
      .split('\n')
      .map((l) => l.split(' ') as [string, string]),
  );
}

describe.skipIf(host === null)(`forbidden system calls ${reason}`, () => {
  it('are refused by the seccomp filter (EPERM, ENOSYS for clone3, EAFNOSUPPORT for vsock); locks only when allowed', async () => {
    if (host === null) return;
    await withSlot(host, async (slot) => {
      const c = await compileC(slot, PROBE);
      const strict = await slot.run(spec(['/out/main'], { binds: c.binds }));
      expect(strict.exitCode, strict.stderr.toString()).toBe(0);
      const r = parse(strict.stdout.toString());
      for (const name of EPERM_CALLS) expect(r[name], name).toBe('EPERM');
      expect(r.clone3).toBe('ENOSYS');
      expect(r.vsock).toBe('EAFNOSUPPORT');
      expect(r.flock).toBe('EPERM');
      expect(r.fcntl_setlk).toBe('EPERM');
      expect(r.fcntl_ofd).toBe('EPERM');
      expect(r.fork).toBe('ok');

      const relaxed = parse(
        (await slot.run(spec(['/out/main'], { binds: c.binds, allowFileLocks: true }))).stdout.toString(),
      );
      expect(relaxed.flock).toBe('ok');
      expect(relaxed.fcntl_setlk).toBe('ok');
      expect(relaxed.keyctl).toBe('EPERM');
    });
  });

  it('runs unprivileged: uid 65534, no capabilities, no_new_privs, seccomp filter mode', async () => {
    if (host === null) return;
    const r = await withSlot(host, (slot) =>
      slot.run(
        spec(['/bin/sh', '-c', 'id -u; grep -E "^(CapEff|CapPrm|NoNewPrivs|Seccomp):" /proc/self/status']),
      ),
    );
    const out = r.stdout.toString();
    expect(out.split('\n')[0]).toBe('65534');
    expect(out).toMatch(/CapEff:\s+0{16}/);
    expect(out).toMatch(/CapPrm:\s+0{16}/);
    expect(out).toMatch(/NoNewPrivs:\s+1/);
    expect(out).toMatch(/Seccomp:\s+2/);
  });
});
