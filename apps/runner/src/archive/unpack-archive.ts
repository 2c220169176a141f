import { lstat, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SubmissionLimits } from '@assay/contracts';
import { ArchiveError } from './archive-error.js';
import {
  checkArchiveEntries,
  checkMembers,
  type ArchiveLimits,
  type ArchiveMember,
} from './archive-entries.js';
import { readTarEntries } from './tar-reader.js';

/**
 * Parses and checks a tar archive (e.g. `git archive --format=tar`) without touching the disk.
 * @throws ArchiveError naming the offending path.
 */
export function readTarArchive(tar: Buffer, limits: ArchiveLimits = SubmissionLimits): ArchiveMember[] {
  const entries = readTarEntries(tar, {
    // Directories are not counted against maxFiles, but an archive of only directories is still bounded.
    maxEntries: limits.maxFiles * 8,
    maxDataBytes: limits.maxTotalBytes,
  });
  return checkArchiveEntries(entries, limits);
}

/**
 * Reads a trusted host directory (a challenge's hidden or read-only files) by the same rules as an
 * archive: regular files and directories only; a link or special file is an error.
 * @throws ArchiveError naming the offending path.
 */
export async function readDirectoryMembers(
  dir: string,
  limits: ArchiveLimits = SubmissionLimits,
): Promise<ArchiveMember[]> {
  const members: ArchiveMember[] = [];
  const walk = async (relative: string): Promise<void> => {
    const names = (await readdir(join(dir, relative))).sort();
    for (const name of names) {
      const path = relative ? `${relative}/${name}` : name;
      const stat = await lstat(join(dir, path));
      if (stat.isDirectory()) {
        members.push({ kind: 'directory', path });
        await walk(path);
      } else if (stat.isFile()) {
        if (stat.size > limits.maxFileBytes)
          throw new ArchiveError(`${JSON.stringify(path)}: file too large`);
        members.push({
          kind: 'file',
          path,
          executable: (stat.mode & 0o111) !== 0,
          data: await readFile(join(dir, path)),
        });
      } else {
        throw new ArchiveError(`${JSON.stringify(path)}: only regular files and directories are allowed`);
      }
    }
  };
  await walk('');
  return checkMembers(members, limits);
}

/**
 * Writes checked members under `dest`. With `replace`, whatever already sits at a member's path
 * (or at an ancestor that is not a directory) is removed first: used to lay trusted overlay files
 * over an unpacked submission. Call only on directories no untrusted code has run in yet.
 */
export async function writeMembers(
  members: readonly ArchiveMember[],
  dest: string,
  options: { replace?: boolean } = {},
): Promise<void> {
  for (const member of members) {
    const target = join(dest, member.path);
    if (options.replace) await clearPath(dest, member);
    if (member.kind === 'directory') {
      await mkdir(target, { recursive: true, mode: 0o755 });
    } else {
      // 'wx' = O_CREAT|O_EXCL: never writes through anything already there.
      await writeFile(target, member.data, { flag: 'wx', mode: member.executable ? 0o755 : 0o644 });
    }
  }
}

async function clearPath(dest: string, member: ArchiveMember): Promise<void> {
  const segments = member.path.split('/');
  for (let i = 1; i <= segments.length; i++) {
    const path = join(dest, ...segments.slice(0, i));
    const stat = await lstat(path).catch(() => null);
    if (stat === null) return;
    const isLast = i === segments.length;
    if (stat.isDirectory() && !(isLast && member.kind === 'file')) continue;
    await rm(path, { recursive: true, force: true });
    return;
  }
}

/**
 * Unpacks a tar archive into an empty directory by the §4 rules; nothing is written unless the
 * whole archive passes.
 * @throws ArchiveError naming the offending path.
 */
export async function unpackTarArchive(
  tar: Buffer,
  dest: string,
  limits: ArchiveLimits = SubmissionLimits,
): Promise<ArchiveMember[]> {
  const members = readTarArchive(tar, limits);
  await writeMembers(members, dest);
  return members;
}
