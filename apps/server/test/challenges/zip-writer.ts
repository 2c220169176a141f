import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';

/** One zip entry; `mode` is the Unix mode stored in the external attributes (e.g. 0o120777 for a link). */
export interface ZipEntrySpec {
  name: string;
  data?: Buffer | string;
  mode?: number;
}

/**
 * A minimal zip writer (stored, no compression) for tests: it writes any name, including the
 * malicious ones (`../x`, `/etc/x`) and symbolic links that real tools refuse to create.
 */
export function buildZip(entries: ZipEntrySpec[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const data = Buffer.isBuffer(entry.data) ? entry.data : Buffer.from(entry.data ?? '', 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(0, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x031e, 4); // made by Unix
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    const mode = entry.mode ?? (entry.name.endsWith('/') ? 0o040755 : 0o100644);
    central.writeUInt32LE((mode << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

/** Every file of a folder as zip entries under `prefix` (e.g. the folder name + '/'). */
export function folderEntries(dir: string, prefix = ''): ZipEntrySpec[] {
  const entries: ZipEntrySpec[] = [];
  const walk = (relative: string) => {
    for (const name of readdirSync(join(dir, relative)).sort()) {
      if (name === 'node_modules') continue;
      const path = relative === '' ? name : `${relative}/${name}`;
      if (statSync(join(dir, path)).isDirectory()) walk(path);
      else entries.push({ name: `${prefix}${path}`, data: readFileSync(join(dir, path)) });
    }
  };
  walk('');
  return entries;
}

/** The files of a folder with some replaced (`undefined` removes one). */
export function withFiles(entries: ZipEntrySpec[], changes: Record<string, string | undefined>): ZipEntrySpec[] {
  const result = entries.filter((e) => !(e.name in changes));
  for (const [name, data] of Object.entries(changes)) if (data !== undefined) result.push({ name, data });
  return result;
}
