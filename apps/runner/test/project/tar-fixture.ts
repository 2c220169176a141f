/** A minimal ustar writer for tests: lets a test craft hostile entries that real tools refuse to make. */
export interface FixtureEntry {
  name: string;
  /** Tar type flag; default '0' (regular file). */
  type?: string;
  data?: string | Buffer;
  mode?: number;
  linkname?: string;
}

function header(name: string, type: string, size: number, mode: number, linkname = ''): Buffer {
  const block = Buffer.alloc(512);
  block.write(name.slice(0, 100), 0, 'utf8');
  block.write(mode.toString(8).padStart(7, '0'), 100, 'latin1');
  block.write('0000000', 108, 'latin1');
  block.write('0000000', 116, 'latin1');
  block.write(size.toString(8).padStart(11, '0'), 124, 'latin1');
  block.write('00000000000', 136, 'latin1');
  block.write(type, 156, 'latin1');
  block.write(linkname, 157, 'utf8');
  block.write('ustar\0', 257, 'latin1');
  block.write('00', 263, 'latin1');
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
  return block;
}

function pad(data: Buffer): Buffer {
  const rest = data.length % 512;
  return rest === 0 ? data : Buffer.concat([data, Buffer.alloc(512 - rest)]);
}

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body);
  length += String(length).length;
  if (String(length).length !== String(length - String(length).length).length) length += 1;
  return `${length}${body}`;
}

/** Builds a tar archive; names over 100 bytes get a pax header, like git archive does. */
export function makeTar(entries: FixtureEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const data = Buffer.from(entry.data ?? '');
    const type = entry.type ?? '0';
    if (Buffer.byteLength(entry.name) > 100) {
      const pax = Buffer.from(paxRecord('path', entry.name));
      parts.push(header('PaxHeader', 'x', pax.length, 0o644), pad(pax));
    }
    parts.push(
      header(
        entry.name,
        type,
        type === '0' ? data.length : 0,
        entry.mode ?? (type === '5' ? 0o755 : 0o644),
        entry.linkname,
      ),
    );
    if (type === '0') parts.push(pad(data));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}
