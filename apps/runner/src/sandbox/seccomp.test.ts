import { describe, expect, it } from 'vitest';
import {
  AUDIT_ARCH_X86_64,
  CLONE_NEW_MASK,
  EAFNOSUPPORT,
  ENOSYS,
  EPERM,
  SECCOMP_RET_ALLOW,
  SECCOMP_RET_ERRNO,
  SECCOMP_RET_KILL_PROCESS,
  X86_64_EPERM,
  buildSeccompProgram,
  runSeccompProgram,
  seccompProgramBytes,
} from './seccomp.js';

const ERRNO = (e: number): number => SECCOMP_RET_ERRNO | e;
const strict = seccompProgramBytes({ allowFileLocks: false });
const locks = seccompProgramBytes({ allowFileLocks: true });
const x64 = (nr: number, ...args: number[]): { arch: number; nr: number; args: number[] } => ({
  arch: AUDIT_ARCH_X86_64,
  nr,
  args,
});

describe('seccomp BPF generator', () => {
  it('serialises 8-byte sock_filter records', () => {
    expect(strict.length % 8).toBe(0);
    expect(strict.length / 8).toBe(buildSeccompProgram({ allowFileLocks: false }).length);
    expect(strict.length / 8).toBeLessThan(4096); // BPF_MAXINSNS
  });

  it('kills foreign architectures and x32 system calls', () => {
    expect(runSeccompProgram(strict, { arch: 0x40000003, nr: 0 })).toBe(SECCOMP_RET_KILL_PROCESS); // i386
    expect(runSeccompProgram(strict, { arch: 0xc00000b7, nr: 0 })).toBe(SECCOMP_RET_KILL_PROCESS); // aarch64
    expect(runSeccompProgram(strict, x64(0x40000000 + 1))).toBe(SECCOMP_RET_KILL_PROCESS);
  });

  it('allows ordinary system calls', () => {
    for (const nr of [0, 1, 2, 3, 9, 60, 231, 57, 59, 257])
      expect(runSeccompProgram(strict, x64(nr))).toBe(SECCOMP_RET_ALLOW);
  });

  it('returns EPERM for every listed call', () => {
    for (const [name, nr] of Object.entries(X86_64_EPERM)) {
      expect(runSeccompProgram(strict, x64(nr)), name).toBe(ERRNO(EPERM));
      expect(runSeccompProgram(locks, x64(nr)), name).toBe(ERRNO(EPERM));
    }
  });

  it('returns ENOSYS for clone3 so libcs fall back to clone', () => {
    expect(runSeccompProgram(strict, x64(435))).toBe(ERRNO(ENOSYS));
  });

  it('denies clone with namespace flags but allows fork and threads', () => {
    expect(runSeccompProgram(strict, x64(56, 0x01200011))).toBe(SECCOMP_RET_ALLOW); // fork()
    expect(runSeccompProgram(strict, x64(56, 0x003d0f00))).toBe(SECCOMP_RET_ALLOW); // pthread_create
    for (let bit = 0; bit < 32; bit++) {
      const flag = (1 << bit) >>> 0;
      if ((flag & CLONE_NEW_MASK) === 0) continue;
      expect(runSeccompProgram(strict, x64(56, flag | 0x11))).toBe(ERRNO(EPERM));
    }
  });

  it('refuses AF_VSOCK and AF_NETLINK sockets, allows inet and unix', () => {
    expect(runSeccompProgram(strict, x64(41, 40, 1))).toBe(ERRNO(EAFNOSUPPORT));
    expect(runSeccompProgram(strict, x64(41, 16, 3))).toBe(ERRNO(EAFNOSUPPORT));
    for (const af of [1, 2, 10]) expect(runSeccompProgram(strict, x64(41, af, 1))).toBe(SECCOMP_RET_ALLOW);
  });

  it('denies ioctl(TIOCSTI) only', () => {
    expect(runSeccompProgram(strict, x64(16, 0, 0x5412))).toBe(ERRNO(EPERM));
    expect(runSeccompProgram(strict, x64(16, 0, 0x5401))).toBe(SECCOMP_RET_ALLOW); // TCGETS
  });

  it('denies flock and fcntl locks only when locks are not allowed', () => {
    expect(runSeccompProgram(strict, x64(73, 3, 2))).toBe(ERRNO(EPERM));
    for (const cmd of [6, 7, 37, 38]) {
      expect(runSeccompProgram(strict, x64(72, 3, cmd))).toBe(ERRNO(EPERM));
      expect(runSeccompProgram(locks, x64(72, 3, cmd))).toBe(SECCOMP_RET_ALLOW);
    }
    for (const cmd of [1, 2, 3, 4, 5])
      expect(runSeccompProgram(strict, x64(72, 3, cmd))).toBe(SECCOMP_RET_ALLOW);
    expect(runSeccompProgram(locks, x64(73, 3, 2))).toBe(SECCOMP_RET_ALLOW);
  });
});
