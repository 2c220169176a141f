/**
 * Host-side access to sandbox-writable places (sandbox.md §4 and the invariants): once untrusted
 * code ran, the host only reads there (`O_NOFOLLOW|O_NONBLOCK`, regular files, size caps) and
 * removes whole trees only while the slot is verified empty.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Result of {@link readBoxFile}. */
export interface BoxFile {
  data: Buffer;
  /** The file was larger than `maxBytes`; `data` holds the first `maxBytes` bytes. */
  truncated: boolean;
}

/** Default cap for host reads of sandbox-writable files (sandbox.md §4). */
export const BOX_READ_DEFAULT_MAX = 64 * 1024;

/**
 * Reads a file the sandbox could have written, without following links or blocking:
 * `O_NOFOLLOW|O_NONBLOCK`, regular file only, single link only, parent directory free of
 * symlinks, at most `maxBytes` bytes. Returns null when the entry is missing, a symlink, a
 * FIFO/device/directory, or a hardlink. Call it only while no process of the slot runs.
 */
export async function readBoxFile(
  filePath: string,
  maxBytes: number = BOX_READ_DEFAULT_MAX,
): Promise<BoxFile | null> {
  if (!path.isAbsolute(filePath)) throw new Error(`readBoxFile: path must be absolute: ${filePath}`);
  const dir = path.dirname(filePath);
  // O_NOFOLLOW guards only the last component; a planted directory symlink must not redirect us.
  let real: string;
  try {
    real = await fs.promises.realpath(dir);
  } catch {
    return null;
  }
  if (real !== path.resolve(dir)) return null;
  let fh: fs.promises.FileHandle;
  try {
    fh = await fs.promises.open(
      filePath,
      fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK | fs.constants.O_NOCTTY,
    );
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // ELOOP: a symlink; ENXIO: a FIFO/socket without a writer; ENOENT/ENOTDIR/EACCES: not there for us.
    if (
      code === 'ELOOP' ||
      code === 'ENOENT' ||
      code === 'ENOTDIR' ||
      code === 'ENXIO' ||
      code === 'EACCES' ||
      code === 'EISDIR'
    )
      return null;
    throw e;
  }
  try {
    const st = await fh.stat();
    if (!st.isFile() || st.nlink !== 1) return null;
    const buf = Buffer.alloc(Math.min(maxBytes + 1, Math.max(st.size + 1, 1)));
    let total = 0;
    // Read at most maxBytes + 1 bytes: the file may grow only if something still runs, which the caller excludes.
    while (total < buf.length) {
      const { bytesRead } = await fh.read(buf, total, buf.length - total, total);
      if (bytesRead === 0) break;
      total += bytesRead;
    }
    const truncated = total > maxBytes || st.size > maxBytes;
    return { data: buf.subarray(0, Math.min(total, maxBytes)), truncated };
  } finally {
    await fh.close();
  }
}

/**
 * Removes a tree that untrusted code could have written. Never follows symlinks (they are
 * unlinked, not traversed). Callers must first make sure no process of the slot is alive, so
 * nothing can swap a directory for a link during the walk.
 */
export async function removeBoxTree(dir: string): Promise<void> {
  // fs.rm lstat()s each entry and unlinks links instead of following them.
  await fs.promises.rm(dir, { recursive: true, force: true, maxRetries: 3 });
}

/**
 * Pids of all live processes whose real, effective or saved uid is `uid` (reads /proc).
 * Zombies are skipped: they run nothing and are reaped by init (bwrap's orphaned child ends up there).
 */
export function processesOfUid(uid: number): number[] {
  const found: number[] = [];
  const want = String(uid);
  for (const name of fs.readdirSync('/proc')) {
    const c = name.charCodeAt(0);
    if (c < 48 || c > 57) continue;
    let status: string;
    try {
      status = fs.readFileSync(`/proc/${name}/status`, 'latin1');
    } catch {
      continue; // exited meanwhile
    }
    if (/^State:\s+Z/m.test(status)) continue;
    const m = /^Uid:\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)/m.exec(status);
    if (m && (m[1] === want || m[2] === want || m[3] === want || m[4] === want)) found.push(Number(name));
  }
  return found;
}

/** The start time (clock ticks since boot) of a process, or null if it does not exist. */
export function processStartTime(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${String(pid)}/stat`, 'latin1');
    // Field 22; the comm field (2) may contain spaces and parentheses, so split after the last ')'.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return rest[19] ?? null;
  } catch {
    return null;
  }
}
