import { ArchiveError } from './archive-error.js';

/** One raw entry of a tar stream, before any path or limit rules are applied. */
export interface TarEntry {
  /** The entry's name as stored (pax `path` or GNU long name applied). */
  name: string;
  /** The tar type flag, e.g. '0' regular file, '5' directory, '2' symlink. */
  type: string;
  mode: number;
  /** File contents (empty for anything but regular files). */
  data: Buffer;
}

const BLOCK = 512;
// A pax or GNU long-name header larger than this is not something git archive writes.
const MAX_META_BYTES = 64 * 1024;

/**
 * Parses a tar stream (ustar, with pax extended headers and GNU long names) into its entries.
 * It reads, never interprets: the caller applies the path and size rules ({@link checkArchiveEntries}).
 * Stops early once `maxDataBytes` of entry data or `maxEntries` entries have been seen.
 * @throws ArchiveError on a malformed stream or when a cap is exceeded.
 */
export function readTarEntries(tar: Buffer, caps: { maxEntries: number; maxDataBytes: number }): TarEntry[] {
  const entries: TarEntry[] = [];
  let offset = 0;
  let dataBytes = 0;
  let pax: Map<string, string> = new Map();
  let longName: string | null = null;
  while (offset + BLOCK <= tar.length) {
    const header = tar.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) return entries;
    verifyChecksum(header, offset);
    const type = String.fromCharCode(header[156] ?? 0x30).replace('\0', '0');
    const headerName = readName(header);
    const size = pax.has('size')
      ? parseDecimal(pax.get('size') ?? '', headerName)
      : readSize(header, headerName);
    const dataStart = offset + BLOCK;
    const dataEnd = dataStart + size;
    if (dataEnd > tar.length) throw new ArchiveError(`${JSON.stringify(headerName)}: truncated archive`);
    const body = tar.subarray(dataStart, dataEnd);
    offset = dataStart + Math.ceil(size / BLOCK) * BLOCK;

    if (type === 'x' || type === 'g' || type === 'L') {
      if (size > MAX_META_BYTES)
        throw new ArchiveError(`${JSON.stringify(headerName)}: extended header too large`);
      if (type === 'x') pax = parsePax(body, headerName);
      // Global headers (git archive stores the commit id there) carry nothing we use.
      if (type === 'L') longName = body.toString('utf8').replace(/\0+$/, '');
      continue;
    }
    const name = pax.get('path') ?? longName ?? headerName;
    pax = new Map();
    longName = null;
    if (entries.length >= caps.maxEntries)
      throw new ArchiveError(`${JSON.stringify(name)}: too many entries in the archive`);
    const isFile = type === '0' || type === '7';
    if (isFile) {
      dataBytes += size;
      if (dataBytes > caps.maxDataBytes)
        throw new ArchiveError(`${JSON.stringify(name)}: total size is over the limit`);
    }
    entries.push({
      name,
      type,
      mode: parseOctal(header.subarray(100, 108)),
      data: isFile ? Buffer.from(body) : Buffer.alloc(0),
    });
  }
  if (offset === tar.length && tar.length > 0) return entries;
  throw new ArchiveError('truncated archive (no end-of-archive marker)');
}

function readName(header: Buffer): string {
  const name = cString(header.subarray(0, 100));
  const magic = header.subarray(257, 262).toString('latin1');
  const prefix = magic === 'ustar' ? cString(header.subarray(345, 500)) : '';
  return prefix ? `${prefix}/${name}` : name;
}

function cString(field: Buffer): string {
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? field.length : end).toString('utf8');
}

function parseOctal(field: Buffer): number {
  const text = cString(field).trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw new ArchiveError(`malformed tar header field "${text}"`);
  return parseInt(text, 8);
}

function readSize(header: Buffer, name: string): number {
  const field = header.subarray(124, 136);
  // GNU base-256 encoding (high bit set) is only used for sizes ≥ 8 GiB: never acceptable here.
  if (((field[0] ?? 0) & 0x80) !== 0) throw new ArchiveError(`${JSON.stringify(name)}: file too large`);
  return parseOctal(field);
}

function parseDecimal(text: string, name: string): number {
  if (!/^\d{1,12}$/.test(text))
    throw new ArchiveError(`${JSON.stringify(name)}: malformed size in extended header`);
  return Number(text);
}

function verifyChecksum(header: Buffer, offset: number): void {
  const stored = parseOctal(header.subarray(148, 156));
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (header[i] ?? 0);
  if (sum !== stored) throw new ArchiveError(`not a tar archive (bad header checksum at byte ${offset})`);
}

// Pax records are "<length> <key>=<value>\n", the length counting the whole record in bytes.
function parsePax(body: Buffer, name: string): Map<string, string> {
  const records = new Map<string, string>();
  let pos = 0;
  while (pos < body.length) {
    const space = body.indexOf(0x20, pos);
    if (space === -1) break;
    const length = Number(body.subarray(pos, space).toString('latin1'));
    if (!Number.isInteger(length) || length <= 0 || pos + length > body.length) {
      throw new ArchiveError(`${JSON.stringify(name)}: malformed extended header`);
    }
    const record = body.subarray(space + 1, pos + length - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq > 0) records.set(record.slice(0, eq), record.slice(eq + 1));
    pos += length;
  }
  return records;
}
