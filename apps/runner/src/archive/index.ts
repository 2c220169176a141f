export { ArchiveError } from './archive-error.js';
export { normalizeArchivePath } from './archive-path.js';
export {
  checkArchiveEntries,
  checkMembers,
  type ArchiveLimits,
  type ArchiveMember,
} from './archive-entries.js';
export { readTarEntries, type TarEntry } from './tar-reader.js';
export { resolveFileSet } from './file-set.js';
export { readDirectoryMembers, readTarArchive, unpackTarArchive, writeMembers } from './unpack-archive.js';
