import { SubmissionLimits } from '@assay/contracts';
import { ArchiveError } from './archive-error.js';
import { normalizeArchivePath } from './archive-path.js';
import type { TarEntry } from './tar-reader.js';

/** Size limits for one archive (defaults: `SubmissionLimits` from contracts). */
export interface ArchiveLimits {
  maxFileBytes: number;
  maxFiles: number;
  maxTotalBytes: number;
}

/** A checked archive member: a regular file or a directory at a normalized relative path. */
export type ArchiveMember =
  { kind: 'file'; path: string; executable: boolean; data: Buffer } | { kind: 'directory'; path: string };

const TYPE_NAMES: Record<string, string> = {
  '1': 'hard links',
  '2': 'symbolic links',
  '3': 'character devices',
  '4': 'block devices',
  '6': 'FIFOs',
};

/**
 * Applies the §4 unpacking rules to raw tar entries: regular files and directories only (no
 * links, devices, FIFOs or unknown types), safe relative paths, no duplicates or file/directory
 * clashes, and the per-file, file-count and total-size limits.
 * @throws ArchiveError whose message names the offending path.
 */
export function checkArchiveEntries(
  entries: readonly TarEntry[],
  limits: ArchiveLimits = SubmissionLimits,
): ArchiveMember[] {
  return checkMembers(
    entries.map((entry) => {
      if (entry.type === '0' || entry.type === '7') {
        return { kind: 'file', path: entry.name, executable: (entry.mode & 0o111) !== 0, data: entry.data };
      }
      if (entry.type === '5') return { kind: 'directory', path: entry.name };
      const what = TYPE_NAMES[entry.type] ?? `entries of tar type "${entry.type}"`;
      throw new ArchiveError(`${JSON.stringify(entry.name)}: ${what} are not allowed`);
    }),
    limits,
  );
}

/**
 * Checks members gathered from any source (tar, JSON file list, a directory walk) against the path
 * rules and limits and returns them normalized, parents before children.
 * @throws ArchiveError whose message names the offending path.
 */
export function checkMembers(
  members: readonly ArchiveMember[],
  limits: ArchiveLimits = SubmissionLimits,
): ArchiveMember[] {
  const kinds = new Map<string, 'file' | 'directory'>();
  const out: ArchiveMember[] = [];
  let files = 0;
  let total = 0;
  for (const member of members) {
    const path = normalizeArchivePath(member.path);
    const shown = JSON.stringify(path);
    if (path === '') {
      if (member.kind === 'directory') continue;
      throw new ArchiveError(`${JSON.stringify(member.path)}: a file needs a name`);
    }
    const previous = kinds.get(path);
    if (previous !== undefined) {
      if (previous === 'directory' && member.kind === 'directory') continue;
      throw new ArchiveError(`${shown}: appears more than once in the archive`);
    }
    // Every ancestor must be (or become) a directory, never a file.
    const segments = path.split('/');
    for (let i = 1; i < segments.length; i++) {
      const ancestor = segments.slice(0, i).join('/');
      const kind = kinds.get(ancestor);
      if (kind === 'file')
        throw new ArchiveError(`${shown}: its parent ${JSON.stringify(ancestor)} is a file`);
      if (kind === undefined) {
        kinds.set(ancestor, 'directory');
        out.push({ kind: 'directory', path: ancestor });
      }
    }
    kinds.set(path, member.kind);
    if (member.kind === 'directory') {
      out.push({ kind: 'directory', path });
      continue;
    }
    files += 1;
    total += member.data.length;
    if (member.data.length > limits.maxFileBytes) {
      throw new ArchiveError(
        `${shown}: ${member.data.length} bytes is over the ${formatBytes(limits.maxFileBytes)} per-file limit`,
      );
    }
    if (files > limits.maxFiles) throw new ArchiveError(`${shown}: more than ${limits.maxFiles} files`);
    if (total > limits.maxTotalBytes) {
      throw new ArchiveError(`${shown}: total size is over the ${formatBytes(limits.maxTotalBytes)} limit`);
    }
    out.push({ ...member, path });
  }
  return out;
}

function formatBytes(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
