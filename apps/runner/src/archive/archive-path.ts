import { ArchiveError } from './archive-error.js';

const MAX_PATH_BYTES = 1024;
const MAX_SEGMENT_BYTES = 255;

/**
 * Normalizes a relative archive path ("./a//b/" → "a/b") and rejects anything that could
 * leave the destination or confuse a reader: absolute names, "..", NUL and control characters,
 * backslashes, over-long names. Returns "" for the archive root itself ("." or "./").
 * @throws ArchiveError naming the path.
 */
export function normalizeArchivePath(raw: string): string {
  const shown = JSON.stringify(raw);
  if (raw.startsWith('/')) throw new ArchiveError(`${shown}: absolute paths are not allowed`);
  // eslint-disable-next-line no-control-regex -- control characters are exactly what we reject
  if (/[\u0000-\u001f\u007f]/.test(raw)) throw new ArchiveError(`${shown}: control characters in path`);
  if (raw.includes('\\')) throw new ArchiveError(`${shown}: backslashes are not allowed in paths`);
  if (Buffer.byteLength(raw) > MAX_PATH_BYTES) throw new ArchiveError(`${shown}: path too long`);
  const segments: string[] = [];
  for (const segment of raw.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') throw new ArchiveError(`${shown}: ".." is not allowed in paths`);
    if (Buffer.byteLength(segment) > MAX_SEGMENT_BYTES)
      throw new ArchiveError(`${shown}: file name too long`);
    segments.push(segment);
  }
  return segments.join('/');
}
