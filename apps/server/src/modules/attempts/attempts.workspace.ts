import type { DraftRow } from './attempts.repository.js';

/** A regular file of a `git archive --format=tar` (pax long names handled). */
export interface TarFile {
  path: string;
  data: Buffer;
}

function readString(block: Buffer, offset: number, length: number): string {
  const raw = block.subarray(offset, offset + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? raw.length : end).toString('utf8');
}

function parsePax(data: Buffer): Record<string, string> {
  const records: Record<string, string> = {};
  let offset = 0;
  while (offset < data.length) {
    const space = data.indexOf(0x20, offset);
    if (space === -1) break;
    const length = Number(data.subarray(offset, space).toString('ascii'));
    if (!Number.isFinite(length) || length <= 0) break;
    const record = data.subarray(space + 1, offset + length - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq > 0) records[record.slice(0, eq)] = record.slice(eq + 1);
    offset += length;
  }
  return records;
}

/** The regular files of a tar archive (ustar + pax, as `git archive` writes it). */
export function readTar(archive: Buffer): TarFile[] {
  const files: TarFile[] = [];
  let offset = 0;
  let paxPath: string | undefined;
  while (offset + 512 <= archive.length) {
    const header = archive.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const name = readString(header, 0, 100);
    const size = parseInt(readString(header, 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156] ?? 0);
    const prefix = readString(header, 345, 155);
    const data = archive.subarray(offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;
    if (type === 'x') {
      paxPath = parsePax(data).path;
      continue;
    }
    if (type === 'g') continue;
    const path = paxPath ?? (prefix ? `${prefix}/${name}` : name);
    paxPath = undefined;
    if (type === '0' || type === '\0') files.push({ path, data: Buffer.from(data) });
  }
  return files;
}

/** Head files (path → size) with the drafts laid over them: what the IDE shows. */
export function overlay(
  head: ReadonlyMap<string, number>,
  drafts: readonly DraftRow[],
): Map<string, { size: number; draft: 'none' | 'changed' | 'added' | 'deleted' }> {
  const result = new Map<string, { size: number; draft: 'none' | 'changed' | 'added' | 'deleted' }>();
  for (const [path, size] of head) result.set(path, { size, draft: 'none' });
  for (const draft of drafts) {
    if (draft.deleted === 1) {
      const existing = result.get(draft.path);
      if (existing) result.set(draft.path, { size: existing.size, draft: 'deleted' });
      continue;
    }
    const size = Buffer.byteLength(draft.content ?? '', 'utf8');
    result.set(draft.path, { size, draft: head.has(draft.path) ? 'changed' : 'added' });
  }
  return result;
}

/** A path that would collide with a file used as a folder (or a folder used as a file). */
export function pathConflict(paths: ReadonlySet<string>, path: string): string | undefined {
  const parts = path.split('/');
  for (let i = 1; i < parts.length; i += 1) {
    const folder = parts.slice(0, i).join('/');
    if (paths.has(folder)) return folder;
  }
  const asFolder = `${path}/`;
  for (const other of paths) if (other.startsWith(asFolder)) return other;
  return undefined;
}
