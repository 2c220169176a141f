/**
 * Seccomp BPF generator (sandbox.md §3), written in TypeScript so the runner needs no
 * libseccomp. The program is handed to bwrap on fd 3 (`--seccomp 3`) as raw
 * `struct sock_filter` records.
 */

// struct seccomp_data: nr (u32) @0, arch (u32) @4, instruction_pointer (u64) @8, args[6] (u64) @16.
const OFF_NR = 0;
const OFF_ARCH = 4;
/** Offset of the low 32 bits of args[i] (little-endian). */
const argLow = (i: number): number => 16 + 8 * i;

// BPF opcodes.
const LD_W_ABS = 0x20;
const JEQ_K = 0x15;
const JGE_K = 0x35;
const JSET_K = 0x45;
const RET_K = 0x06;

export const AUDIT_ARCH_X86_64 = 0xc000003e;
const X32_SYSCALL_BIT = 0x40000000;

export const SECCOMP_RET_KILL_PROCESS = 0x80000000;
export const SECCOMP_RET_ALLOW = 0x7fff0000;
export const SECCOMP_RET_ERRNO = 0x00050000;

export const EPERM = 1;
export const ENOSYS = 38;
export const EAFNOSUPPORT = 97;

const AF_NETLINK = 16;
const AF_VSOCK = 40;
const TIOCSTI = 0x5412;
const F_SETLK = 6;
const F_SETLKW = 7;
const F_OFD_SETLK = 37;
const F_OFD_SETLKW = 38;

// CLONE_NEWNS | NEWCGROUP | NEWUTS | NEWIPC | NEWUSER | NEWPID | NEWNET. (CLONE_NEWTIME is 0x80,
// which in clone(2)'s flags is part of the exit-signal byte, so it is only meaningful for clone3/unshare,
// both of which are denied outright.)
export const CLONE_NEW_MASK =
  0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000;

/** x86_64 syscall numbers used by the filter. */
export const X86_64 = {
  ioctl: 16,
  socket: 41,
  clone: 56,
  fcntl: 72,
  flock: 73,
  clone3: 435,
} as const;

/** Syscalls that fail with EPERM in every sandbox (x86_64 numbers). */
export const X86_64_EPERM: Readonly<Record<string, number>> = {
  // keys, io_uring, tracing, bpf, perf, userfaultfd
  add_key: 248,
  request_key: 249,
  keyctl: 250,
  io_uring_setup: 425,
  io_uring_enter: 426,
  io_uring_register: 427,
  ptrace: 101,
  process_vm_readv: 310,
  process_vm_writev: 311,
  kcmp: 312,
  bpf: 321,
  perf_event_open: 298,
  userfaultfd: 323,
  // mounts and namespaces
  mount: 165,
  umount2: 166,
  pivot_root: 155,
  chroot: 161,
  open_tree: 428,
  move_mount: 429,
  fsopen: 430,
  fsconfig: 431,
  fsmount: 432,
  fspick: 433,
  mount_setattr: 442,
  unshare: 272,
  setns: 308,
  name_to_handle_at: 303,
  open_by_handle_at: 304,
  personality: 135,
  // administration
  acct: 163,
  settimeofday: 164,
  swapon: 167,
  swapoff: 168,
  reboot: 169,
  sethostname: 170,
  setdomainname: 171,
  iopl: 172,
  ioperm: 173,
  create_module: 174,
  init_module: 175,
  delete_module: 176,
  finit_module: 313,
  quotactl: 179,
  quotactl_fd: 443,
  nfsservctl: 180,
  kexec_load: 246,
  kexec_file_load: 320,
  adjtimex: 159,
  clock_adjtime: 305,
  clock_settime: 227,
  syslog: 103,
  lookup_dcookie: 212,
  vhangup: 153,
  uselib: 134,
  ustat: 136,
  sysfs: 139,
  _sysctl: 156,
  fanotify_init: 300,
};

export interface SeccompOptions {
  /** When false, flock(2) and fcntl(2) lock commands fail with EPERM (algorithmic runs). */
  allowFileLocks: boolean;
}

interface Insn {
  code: number;
  k: number;
  /** Jump targets by label (only for conditional jumps); undefined = next instruction. */
  jt?: string;
  jf?: string;
  label?: string;
}

/**
 * Builds the seccomp filter for x86_64 as an array of BPF instructions
 * (`{ code, jt, jf, k }`). Foreign architectures and x32 are killed.
 */
export function buildSeccompProgram(
  options: SeccompOptions,
): { code: number; jt: number; jf: number; k: number }[] {
  const p: Insn[] = [];
  const ld = (off: number): void => {
    p.push({ code: LD_W_ABS, k: off });
  };
  const ret = (k: number, label?: string): void => {
    p.push(label === undefined ? { code: RET_K, k } : { code: RET_K, k, label });
  };
  const jeq = (k: number, jt?: string, jf?: string): void => {
    p.push({ code: JEQ_K, k, ...(jt === undefined ? {} : { jt }), ...(jf === undefined ? {} : { jf }) });
  };

  ld(OFF_ARCH);
  jeq(AUDIT_ARCH_X86_64, undefined, 'kill');
  ld(OFF_NR);
  p.push({ code: JGE_K, k: X32_SYSCALL_BIT, jt: 'kill' });
  for (const nr of Object.values(X86_64_EPERM)) jeq(nr, 'eperm');
  jeq(X86_64.clone3, 'enosys');
  jeq(X86_64.socket, 'socket');
  jeq(X86_64.clone, 'clone');
  jeq(X86_64.ioctl, 'ioctl');
  if (!options.allowFileLocks) {
    jeq(X86_64.flock, 'eperm');
    jeq(X86_64.fcntl, 'fcntl');
  }
  ret(SECCOMP_RET_ALLOW);

  p.push({ code: LD_W_ABS, k: argLow(0), label: 'socket' });
  jeq(AF_VSOCK, 'eafnosupport');
  // Netlink would only show the empty network namespace, but it is kernel attack surface nobody needs.
  jeq(AF_NETLINK, 'eafnosupport');
  ret(SECCOMP_RET_ALLOW);

  p.push({ code: LD_W_ABS, k: argLow(0), label: 'clone' });
  p.push({ code: JSET_K, k: CLONE_NEW_MASK, jt: 'eperm' });
  ret(SECCOMP_RET_ALLOW);

  p.push({ code: LD_W_ABS, k: argLow(1), label: 'ioctl' });
  jeq(TIOCSTI, 'eperm');
  ret(SECCOMP_RET_ALLOW);

  if (!options.allowFileLocks) {
    p.push({ code: LD_W_ABS, k: argLow(1), label: 'fcntl' });
    jeq(F_SETLK, 'eperm');
    jeq(F_SETLKW, 'eperm');
    jeq(F_OFD_SETLK, 'eperm');
    jeq(F_OFD_SETLKW, 'eperm');
    ret(SECCOMP_RET_ALLOW);
  }

  ret(SECCOMP_RET_ERRNO | EPERM, 'eperm');
  ret(SECCOMP_RET_ERRNO | ENOSYS, 'enosys');
  ret(SECCOMP_RET_ERRNO | EAFNOSUPPORT, 'eafnosupport');
  ret(SECCOMP_RET_KILL_PROCESS, 'kill');

  const labels = new Map<string, number>();
  p.forEach((insn, i) => {
    if (insn.label !== undefined) labels.set(insn.label, i);
  });
  const offset = (from: number, label: string | undefined): number => {
    if (label === undefined) return 0;
    const to = labels.get(label);
    if (to === undefined) throw new Error(`seccomp: unknown label ${label}`);
    const off = to - from - 1;
    if (off < 0 || off > 255) throw new Error(`seccomp: jump to ${label} out of range (${String(off)})`);
    return off;
  };
  return p.map((insn, i) => ({
    code: insn.code,
    jt: offset(i, insn.jt),
    jf: offset(i, insn.jf),
    k: insn.k >>> 0,
  }));
}

/** Serialises the program as `struct sock_filter[]` (8 bytes each, little-endian), as bwrap reads it. */
export function seccompProgramBytes(options: SeccompOptions): Buffer {
  const prog = buildSeccompProgram(options);
  const buf = Buffer.alloc(prog.length * 8);
  prog.forEach((insn, i) => {
    buf.writeUInt16LE(insn.code, i * 8);
    buf.writeUInt8(insn.jt, i * 8 + 2);
    buf.writeUInt8(insn.jf, i * 8 + 3);
    buf.writeUInt32LE(insn.k, i * 8 + 4);
  });
  return buf;
}

/** Input to {@link runSeccompProgram}: what the kernel puts in `struct seccomp_data`. */
export interface SeccompData {
  nr: number;
  arch: number;
  args?: readonly number[];
}

/**
 * A small classic-BPF interpreter for the subset the generator emits; used by unit tests and
 * the self-test to check the program's decisions without loading it.
 */
export function runSeccompProgram(bytes: Buffer, data: SeccompData): number {
  const word = (off: number): number => {
    if (off === OFF_NR) return data.nr >>> 0;
    if (off === OFF_ARCH) return data.arch >>> 0;
    const i = (off - 16) / 8;
    if (Number.isInteger(i) && i >= 0 && i < 6) return (data.args?.[i] ?? 0) >>> 0;
    throw new Error(`seccomp: unsupported load offset ${String(off)}`);
  };
  let a = 0;
  let pc = 0;
  const n = bytes.length / 8;
  while (pc < n) {
    const code = bytes.readUInt16LE(pc * 8);
    const jt = bytes.readUInt8(pc * 8 + 2);
    const jf = bytes.readUInt8(pc * 8 + 3);
    const k = bytes.readUInt32LE(pc * 8 + 4);
    switch (code) {
      case LD_W_ABS:
        a = word(k);
        pc += 1;
        break;
      case JEQ_K:
        pc += 1 + (a === k ? jt : jf);
        break;
      case JGE_K:
        pc += 1 + (a >= k ? jt : jf);
        break;
      case JSET_K:
        pc += 1 + ((a & k) >>> 0 !== 0 ? jt : jf);
        break;
      case RET_K:
        return k;
      default:
        throw new Error(`seccomp: unsupported opcode ${String(code)}`);
    }
  }
  throw new Error('seccomp: fell off the end of the program');
}
