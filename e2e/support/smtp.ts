import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One message a real SMTP server received: envelope recipients, decoded subject and text part. */
export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  raw: string;
}

export interface SmtpSink {
  /** `smtp://127.0.0.1:<port>`, for the server's SMTP_URL. */
  url: string;
  received: ReceivedMail[];
  /** Wait for a message to `to` (the newest first); bounded by the caller's test timeout. */
  waitFor: (to: string, matching?: (mail: ReceivedMail) => boolean) => Promise<ReceivedMail>;
  close: () => Promise<void>;
}

/** A real SMTP server (the `smtp-server` package) on loopback that accepts and keeps every message. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const parsed = parseMime(raw);
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          subject: decodeWords(parsed.headers.get('subject') ?? ''),
          text: textPart(parsed),
          raw,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    async waitFor(to, matching = () => true) {
      for (;;) {
        const mail = [...received].reverse().find((m) => m.to.includes(to.toLowerCase()) && matching(m));
        if (mail) return mail;
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The first link in the mail's text part that goes to `<origin><path>` (e.g. `/take#token=…`). */
export function linkIn(mail: ReceivedMail, origin: string, path: string): string {
  const escaped = (origin + path).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`${escaped}[^\\s"<>]*`).exec(mail.text);
  if (!match) throw new Error(`no ${origin}${path} link in mail "${mail.subject}":\n${mail.text}`);
  return match[0];
}

// ---- A small MIME reader: enough for nodemailer's text + html messages ----------------------

interface MimePart {
  headers: Map<string, string>;
  body: string;
}

function parseMime(raw: string): MimePart {
  const split = raw.search(/\r?\n\r?\n/);
  const head = split === -1 ? raw : raw.slice(0, split);
  const body = split === -1 ? '' : raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const headers = new Map<string, string>();
  // Unfold continuation lines, then "Name: value".
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

/** The decoded text/plain part (the first one, depth-first). */
function textPart(part: MimePart): string {
  const type = part.headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (/^multipart\//i.test(type) && boundary) {
    const pieces = part.body.split(`--${boundary}`).slice(1);
    for (const piece of pieces) {
      if (piece.startsWith('--')) break;
      const text = textPart(parseMime(piece.replace(/^\r?\n/, '')));
      if (text) return text;
    }
    return '';
  }
  if (!/^text\/plain/i.test(type)) return '';
  return decodeBody(part.body, part.headers.get('content-transfer-encoding') ?? '7bit', charsetOf(type));
}

function charsetOf(type: string): BufferEncoding {
  const charset = /charset="?([^";]+)"?/i.exec(type)?.[1]?.toLowerCase();
  return charset === 'iso-8859-1' || charset === 'latin1' ? 'latin1' : 'utf8';
}

function decodeBody(body: string, encoding: string, charset: BufferEncoding): string {
  switch (encoding.toLowerCase()) {
    case 'quoted-printable':
      return quotedPrintable(body).toString(charset);
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString(charset);
    default:
      return body;
  }
}

function quotedPrintable(text: string): Buffer {
  const unwrapped = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < unwrapped.length; i++) {
    const hex = unwrapped.slice(i + 1, i + 3);
    if (unwrapped[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(unwrapped[i] ?? '', 'utf8'));
    }
  }
  return Buffer.from(bytes);
}

/** RFC 2047 encoded words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`) in a header. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QB])\?([^?]*)\?=/gi, (_all, charset: string, kind: string, data: string) => {
      const enc = charsetOf(`charset=${charset}`);
      return kind.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString(enc)
        : quotedPrintable(data.replace(/_/g, ' ')).toString(enc);
    });
}
