import { z } from 'zod';
import { resolve } from 'node:path';

/**
 * The one schema for Assay's configuration. `loadConfig(env)` is pure: it parses the
 * environment once (in `main`) and returns a frozen object that travels in deps.
 * This folder is the only reader of `process.env` (see lint rules).
 */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL (leave unset for embedded SQLite)')
    .optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL (leave unset to keep mail in the database)')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Assay <no-reply@assay.invalid>'),
  ASSAY_SECRET_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/=_-]{43,}$/, 'must be at least 32 random bytes, base64 or base64url encoded')
    .optional(),
  RUNNER_URL: z.url({ protocol: /^https?$/ }).optional(),
  NODE_ENV: z.enum(['development', 'production', 'test']).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ASSAY_WORKER: z.enum(['in-process', 'off']).default('in-process'),
  /** Requests per minute per IP on unauthenticated writes (login, setup, …); see platform/http/rate-limits.ts. */
  HTTP_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(60),
  /** When set, `GET /metrics` needs `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: z
    .string()
    .regex(/^[\x21-\x7e]{16,}$/, 'must be at least 16 printable characters')
    .optional(),
  /** Hosts whose `/people/<id>` URLs are Greenhouse candidate links (comma-separated). */
  GREENHOUSE_LINK_HOSTS: z
    .string()
    .regex(/^[a-z0-9.-]+(,[a-z0-9.-]+)*$/i, 'must be comma-separated host names')
    .default('app.greenhouse.io'),
  /** Hosts Greenhouse's completion `url` may point at (comma-separated). */
  GREENHOUSE_CALLBACK_HOSTS: z
    .string()
    .regex(/^[a-z0-9.-]+(,[a-z0-9.-]+)*$/i, 'must be comma-separated host names')
    .default('app.greenhouse.io'),
  /** SmartRecruiters API origin (the ats-sandbox in tests). */
  SMARTRECRUITERS_API_URL: z.url({ protocol: /^https?$/ }).default('https://api.smartrecruiters.com'),
  SMARTRECRUITERS_TOKEN_URL: z
    .url({ protocol: /^https?$/ })
    .default('https://api.smartrecruiters.com/identity/oauth/token'),
  /** Our partner (master) credential A, from SmartRecruiters partner onboarding. */
  SMARTRECRUITERS_CLIENT_ID: z.string().min(1).max(500).optional(),
  SMARTRECRUITERS_CLIENT_SECRET: z.string().min(1).max(500).optional(),
  /** Hosts `resultCallbackURL` and every SmartRecruiters call may reach (default: the API host). */
  SMARTRECRUITERS_CALLBACK_HOSTS: z
    .string()
    .regex(/^[a-z0-9.-]+(,[a-z0-9.-]+)*$/i, 'must be comma-separated host names')
    .optional(),
  ATS_ALLOW_INSECURE_CALLBACKS: z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .transform((v) => v === 'true' || v === '1'),
});

export type Env = Record<string, string | undefined>;

export interface Config {
  readonly production: boolean;
  readonly http: {
    readonly port: number;
    readonly host: string;
    readonly publicUrl: string;
    readonly rateLimitPerMinute: number;
  };
  readonly metrics: { readonly token?: string };
  readonly dataDir: string;
  readonly db:
    | { readonly dialect: 'sqlite'; readonly path: string }
    | { readonly dialect: 'postgres'; readonly url: string };
  readonly jobs: { readonly adapter: 'sqlite' | 'pg-boss'; readonly inProcessWorker: boolean };
  readonly mail: {
    readonly transport: 'database' | 'smtp';
    readonly smtpUrl?: string;
    readonly from: string;
  };
  /** Base64 secret from the environment; undefined in embedded mode until main resolves it from DATA_DIR. */
  readonly secretKey?: string;
  readonly runner: { readonly mode: 'local' | 'remote'; readonly url?: string };
  readonly log: { readonly level: string };
  readonly ats: {
    /** `ATS_ALLOW_INSECURE_CALLBACKS`: http and loopback callbacks (tests, the ats-sandbox); never in production. */
    readonly allowInsecureCallbacks: boolean;
    readonly greenhouse: { readonly linkHosts: readonly string[]; readonly callbackHosts: readonly string[] };
    readonly smartrecruiters: {
      /** No trailing slash. */
      readonly apiUrl: string;
      readonly tokenUrl: string;
      /** Master credential A; absent until the operator configures it (consent then says so). */
      readonly clientId?: string;
      readonly clientSecret?: string;
      /** Lower-case host names: `SMARTRECRUITERS_CALLBACK_HOSTS`, default the API and token hosts. */
      readonly callbackHosts: readonly string[];
    };
  };
}

/** Raised when the environment is invalid; `issues` names every offending variable. */
export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parse the environment into a frozen Config.
 * @throws ConfigError listing every invalid variable.
 */
export function loadConfig(env: Env, cwd: string = process.cwd()): Config {
  const parsed = EnvSchema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')),
  );
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => `${i.path.join('.') || '(environment)'}: ${i.message}`),
    );
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const issues: string[] = [];
  if (e.DATABASE_URL && !e.ASSAY_SECRET_KEY) {
    issues.push(
      'ASSAY_SECRET_KEY: required when DATABASE_URL is set (generate one with `openssl rand -base64 32`)',
    );
  }
  if (production && e.ATS_ALLOW_INSECURE_CALLBACKS) {
    issues.push('ATS_ALLOW_INSECURE_CALLBACKS: refused when NODE_ENV=production');
  }
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  if (production && !publicUrl.startsWith('https://')) {
    issues.push('PUBLIC_URL: must be https:// when NODE_ENV=production');
  }
  if (Boolean(e.SMARTRECRUITERS_CLIENT_ID) !== Boolean(e.SMARTRECRUITERS_CLIENT_SECRET)) {
    issues.push('SMARTRECRUITERS_CLIENT_ID and SMARTRECRUITERS_CLIENT_SECRET: set both or neither');
  }
  if (e.RUNNER_URL) {
    issues.push('RUNNER_URL: remote runners are not supported yet; leave it unset to use the local runner');
  }
  if (issues.length > 0) throw new ConfigError(issues);

  const dataDir = resolve(cwd, e.DATA_DIR);
  const config: Config = {
    production,
    http: { port: e.PORT, host: e.HOST, publicUrl, rateLimitPerMinute: e.HTTP_RATE_LIMIT_PER_MINUTE },
    metrics: e.METRICS_TOKEN ? { token: e.METRICS_TOKEN } : {},
    dataDir,
    db: e.DATABASE_URL
      ? { dialect: 'postgres', url: e.DATABASE_URL }
      : { dialect: 'sqlite', path: resolve(dataDir, 'assay.db') },
    jobs: {
      adapter: e.DATABASE_URL ? 'pg-boss' : 'sqlite',
      inProcessWorker: e.ASSAY_WORKER === 'in-process',
    },
    mail: e.SMTP_URL
      ? { transport: 'smtp', smtpUrl: e.SMTP_URL, from: e.MAIL_FROM }
      : { transport: 'database', from: e.MAIL_FROM },
    ...(e.ASSAY_SECRET_KEY ? { secretKey: e.ASSAY_SECRET_KEY } : {}),
    runner: e.RUNNER_URL ? { mode: 'remote', url: e.RUNNER_URL } : { mode: 'local' },
    log: { level: e.LOG_LEVEL },
    ats: {
      allowInsecureCallbacks: e.ATS_ALLOW_INSECURE_CALLBACKS,
      greenhouse: {
        linkHosts: hostList(e.GREENHOUSE_LINK_HOSTS),
        callbackHosts: hostList(e.GREENHOUSE_CALLBACK_HOSTS),
      },
      smartrecruiters: {
        apiUrl: e.SMARTRECRUITERS_API_URL.replace(/\/+$/, ''),
        tokenUrl: e.SMARTRECRUITERS_TOKEN_URL,
        ...(e.SMARTRECRUITERS_CLIENT_ID ? { clientId: e.SMARTRECRUITERS_CLIENT_ID } : {}),
        ...(e.SMARTRECRUITERS_CLIENT_SECRET ? { clientSecret: e.SMARTRECRUITERS_CLIENT_SECRET } : {}),
        callbackHosts: e.SMARTRECRUITERS_CALLBACK_HOSTS
          ? hostList(e.SMARTRECRUITERS_CALLBACK_HOSTS)
          : [
              ...new Set([
                new URL(e.SMARTRECRUITERS_API_URL).hostname,
                new URL(e.SMARTRECRUITERS_TOKEN_URL).hostname,
              ]),
            ],
      },
    },
  };
  return deepFreeze(config);
}

function hostList(value: string): string[] {
  return value.split(',').map((h) => h.trim().toLowerCase());
}

/** The process environment, read here and nowhere else. */
export const processEnv = (): Env => process.env;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
