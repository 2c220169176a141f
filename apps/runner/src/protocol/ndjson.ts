import type { Readable } from 'node:stream';

/**
 * Splits a byte stream into NDJSON lines and parses each as JSON. A line longer than `maxLineBytes`
 * or that is not JSON is reported through `onInvalid` and skipped; the stream goes on.
 */
export function readNdjson(
  stream: Readable,
  handlers: { onValue: (value: unknown) => void; onInvalid: (reason: string) => void; onEnd: () => void },
  maxLineBytes: number,
): void {
  let chunks: Buffer[] = [];
  let size = 0;
  let oversized = false;
  const flush = (): void => {
    const line = Buffer.concat(chunks).toString('utf8').trim();
    chunks = [];
    size = 0;
    if (oversized) {
      oversized = false;
      handlers.onInvalid(`line over ${maxLineBytes} bytes`);
      return;
    }
    if (line === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      handlers.onInvalid('line is not JSON');
      return;
    }
    handlers.onValue(value);
  };
  stream.on('data', (chunk: Buffer) => {
    let start = 0;
    for (let nl = chunk.indexOf(0x0a); nl !== -1; nl = chunk.indexOf(0x0a, start)) {
      append(chunk.subarray(start, nl));
      flush();
      start = nl + 1;
    }
    append(chunk.subarray(start));
  });
  stream.on('end', () => {
    if (size > 0 || oversized) flush();
    handlers.onEnd();
  });
  function append(part: Buffer): void {
    if (part.length === 0 || oversized) return;
    if (size + part.length > maxLineBytes) {
      oversized = true;
      chunks = [];
      size = 0;
      return;
    }
    chunks.push(Buffer.from(part));
    size += part.length;
  }
}

/** Serializes one message as an NDJSON line. */
export function toNdjsonLine(message: unknown): string {
  return `${JSON.stringify(message)}\n`;
}
