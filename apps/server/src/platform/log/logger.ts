import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

/** Header and body paths that may carry secrets; pino replaces them with "[redacted]". */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.token',
  '*.apiKey',
  '*.secret',
  '*.authorization',
];

// Long opaque path segments are tokens (invitation links, reset links, share links).
const TOKEN_SEGMENT = /^[A-Za-z0-9_-]{20,}$/;

/** A URL safe to log: no query string, token-like path segments replaced. */
export function redactUrl(url: string): string {
  const path = url.split('?')[0] ?? '';
  const hadQuery = path.length !== url.length;
  const safe = path
    .split('/')
    .map((seg) => (TOKEN_SEGMENT.test(seg) && /\d/.test(seg) && /[a-zA-Z]/.test(seg) ? '[redacted]' : seg))
    .join('/');
  return hadQuery ? `${safe}?[redacted]` : safe;
}

/** The app logger; `destination` defaults to stdout (tests pass a stream to read what was logged). */
export function createLogger(
  options: { level: string; pretty?: boolean; destination?: DestinationStream } = { level: 'info' },
): Logger {
  const config: LoggerOptions = {
    level: options.level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: {
      req: (req: { method?: string; url?: string; id?: string }) => ({
        method: req.method,
        url: redactUrl(req.url ?? ''),
        id: req.id,
      }),
    },
  };
  return options.destination ? pino(config, options.destination) : pino(config);
}
