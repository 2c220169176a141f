import { lstat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SubmissionLimits } from '@assay/contracts';
import type { FileSet } from '../protocol/common.schema.js';
import { ArchiveError } from './archive-error.js';
import { checkMembers, type ArchiveLimits, type ArchiveMember } from './archive-entries.js';
import { readDirectoryMembers, readTarArchive } from './unpack-archive.js';

// A tar of a full-size submission: data plus headers and padding for every file.
const TAR_OVERHEAD_BYTES = SubmissionLimits.maxFiles * 2048 + 1024 * 1024;

/**
 * Turns a protocol `FileSet` into checked members: a base64 tar, a base64 file list, a tar file or
 * directory on this host, or a tar from the blob store (`<blobDir>/<sha256>`).
 * @throws ArchiveError naming the offending path, or when a referenced path or blob is missing.
 */
export async function resolveFileSet(
  set: FileSet,
  options: { blobDir: string; limits?: ArchiveLimits },
): Promise<ArchiveMember[]> {
  const limits = options.limits ?? SubmissionLimits;
  switch (set.kind) {
    case 'tar':
      return readTarArchive(Buffer.from(set.data, 'base64'), limits);
    case 'files':
      return checkMembers(
        set.files.map((file) => ({
          kind: 'file' as const,
          path: file.path,
          executable: file.executable ?? false,
          data: Buffer.from(file.data, 'base64'),
        })),
        limits,
      );
    case 'path':
      return await readHostPath(set.path, limits);
    case 'blob':
      return await readHostPath(join(options.blobDir, set.sha256), limits);
  }
}

async function readHostPath(path: string, limits: ArchiveLimits): Promise<ArchiveMember[]> {
  const stat = await lstat(path).catch(() => null);
  if (stat === null) throw new ArchiveError(`${path}: not found on the runner`);
  if (stat.isDirectory()) return await readDirectoryMembers(path, limits);
  if (!stat.isFile()) throw new ArchiveError(`${path}: neither a tar file nor a directory`);
  if (stat.size > limits.maxTotalBytes + TAR_OVERHEAD_BYTES)
    throw new ArchiveError(`${path}: archive too large`);
  return readTarArchive(await readFile(path), limits);
}
