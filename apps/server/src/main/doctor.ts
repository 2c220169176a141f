import { accessSync, constants, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import type { Config } from '../config/index.js';
import { createDb, pendingMigrations, pingDatabase, type DbHandle } from '../db/index.js';
import { resolveSecretKey } from './secret-key.js';
import type { SandboxProbe, SandboxReport } from './sandbox-probe.js';

/** One line of the doctor's report. `required` problems make `assay doctor` exit non-zero. */
export interface DoctorCheck {
  name: string;
  ok: boolean;
  required: boolean;
  detail: string;
  /** The command (or action) that fixes it. */
  fix?: string;
}

export interface DoctorReport {
  ok: boolean;
  database: string;
  checks: DoctorCheck[];
  languages: SandboxReport['languages'];
}

export interface DoctorDeps {
  config: Config;
  sandbox: SandboxProbe;
}

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

async function checkDatabase(config: Config): Promise<{ describe: string; checks: DoctorCheck[] }> {
  const fresh = config.db.dialect === 'sqlite' && !existsSync(config.db.path);
  const describe =
    config.db.dialect === 'sqlite' ? `SQLite at ${config.db.path}` : `PostgreSQL at ${pgHost(config.db.url)}`;
  const down = (err: unknown): DoctorCheck => ({
    name: 'database',
    ok: false,
    required: true,
    detail: `${describe} does not answer: ${errorText(err)}`,
    fix:
      config.db.dialect === 'postgres'
        ? 'start PostgreSQL or fix DATABASE_URL (e.g. pg_ctlcluster 15 main start)'
        : `check that ${config.db.path} is a readable, writable SQLite file (or set DATA_DIR)`,
  });
  let handle: DbHandle;
  try {
    handle = createDb(
      config.db.dialect === 'sqlite'
        ? { dialect: 'sqlite', path: config.db.path }
        : { dialect: 'postgres', url: config.db.url },
    );
  } catch (err) {
    return { describe, checks: [down(err)] };
  }
  const checks: DoctorCheck[] = [];
  try {
    await pingDatabase(handle.db);
    checks.push({
      name: 'database',
      ok: true,
      required: true,
      detail: `${describe} answers${fresh ? ' (new, empty)' : ''}`,
    });
    const pending = await pendingMigrations(handle.db);
    const embedded = config.db.dialect === 'sqlite';
    checks.push(
      pending.length === 0
        ? { name: 'migrations', ok: true, required: true, detail: 'schema is up to date' }
        : {
            name: 'migrations',
            // Embedded `assay serve` applies them itself; on PostgreSQL an operator must.
            ok: embedded,
            required: true,
            detail: `${pending.length} pending (${pending.join(', ')})${embedded ? '; assay serve applies them at start' : ''}`,
            fix: 'assay migrate',
          },
    );
  } catch (err) {
    checks.push(down(err));
  } finally {
    await handle.close();
  }
  return { describe, checks };
}

/** host:port/database of a PostgreSQL URL (never the password). */
function pgHost(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
}

function checkDataDir(dataDir: string): DoctorCheck {
  try {
    mkdirSync(dataDir, { recursive: true });
    accessSync(dataDir, constants.W_OK);
    const probe = join(dataDir, `.doctor-${process.pid}`);
    writeFileSync(probe, 'ok');
    rmSync(probe);
    return { name: 'data directory', ok: true, required: true, detail: `${dataDir} is writable` };
  } catch (err) {
    return {
      name: 'data directory',
      ok: false,
      required: true,
      detail: `${dataDir} is not writable: ${errorText(err)}`,
      fix: `mkdir -p ${dataDir} && chown "$(id -u)" ${dataDir} (or set DATA_DIR)`,
    };
  }
}

function checkSecretKey(config: Config): DoctorCheck {
  if (
    config.secretKey === undefined &&
    config.db.dialect === 'sqlite' &&
    !existsSync(join(config.dataDir, 'secret.key'))
  ) {
    return {
      name: 'secret key',
      ok: true,
      required: true,
      detail: `none yet; assay serve generates ${join(config.dataDir, 'secret.key')}`,
    };
  }
  try {
    resolveSecretKey(config);
    return {
      name: 'secret key',
      ok: true,
      required: true,
      detail: config.secretKey ? 'from ASSAY_SECRET_KEY' : `from ${join(config.dataDir, 'secret.key')}`,
    };
  } catch (err) {
    return {
      name: 'secret key',
      ok: false,
      required: true,
      detail: errorText(err),
      fix: 'export ASSAY_SECRET_KEY="$(openssl rand -base64 32)"',
    };
  }
}

async function checkMail(config: Config): Promise<DoctorCheck> {
  if (config.mail.transport === 'database' || !config.mail.smtpUrl) {
    return {
      name: 'mail',
      ok: true,
      required: false,
      detail: 'kept in the database (admins read it in the Mail log); set SMTP_URL to send',
    };
  }
  const host = new URL(config.mail.smtpUrl).host;
  const transport = createTransport(config.mail.smtpUrl, { connectionTimeout: 5000, greetingTimeout: 5000 });
  try {
    await transport.verify();
    return { name: 'mail', ok: true, required: false, detail: `SMTP at ${host} answers` };
  } catch (err) {
    return {
      name: 'mail',
      ok: false,
      required: false,
      detail: `SMTP at ${host}: ${errorText(err)}`,
      fix: 'check SMTP_URL (mail waits in the queue until it works)',
    };
  } finally {
    transport.close();
  }
}

async function checkSandbox(
  config: Config,
  probe: SandboxProbe,
): Promise<{ checks: DoctorCheck[]; languages: SandboxReport['languages'] }> {
  if (config.runner.mode === 'remote') {
    return {
      checks: [
        {
          name: 'sandbox',
          ok: true,
          required: false,
          detail: `remote runner at ${config.runner.url ?? ''} (run assay doctor on that host)`,
        },
      ],
      languages: [],
    };
  }
  let report: SandboxReport;
  try {
    report = await probe();
  } catch (err) {
    report = { ready: false, checks: [{ name: 'runner', ok: false, detail: errorText(err) }], languages: [] };
  }
  const checks: DoctorCheck[] = report.checks
    .filter((c) => !c.ok)
    .map((c) => ({
      name: `sandbox: ${c.name}`,
      ok: false,
      required: true,
      detail: c.detail ?? 'failed',
      ...(c.fix ? { fix: c.fix } : {}),
    }));
  if (report.ready)
    checks.unshift({
      name: 'sandbox',
      ok: true,
      required: true,
      detail: `self-test passed (${report.checks.length} checks)`,
    });
  else if (checks.length === 0)
    checks.push({ name: 'sandbox', ok: false, required: true, detail: 'self-test failed' });
  const offered = report.languages.filter((l) => l.available);
  const missingRequired = report.languages.filter((l) => !l.available && !l.optional);
  checks.push({
    name: 'languages',
    // Assay can grade as soon as one language works; a missing standard one is worth a warning.
    ok: offered.length > 0 && missingRequired.length === 0,
    required: offered.length === 0,
    detail: `${offered.length} of ${report.languages.length} offered${
      missingRequired.length > 0 ? `; missing: ${missingRequired.map((l) => l.name).join(', ')}` : ''
    }`,
    ...(missingRequired.some((l) => l.fix)
      ? { fix: missingRequired.flatMap((l) => (l.fix ? [l.fix] : [])).join(' && ') }
      : {}),
  });
  return { checks, languages: report.languages };
}

/** Everything `assay doctor` checks. `ok` is true exactly when Assay can run. */
export async function runDoctor(deps: DoctorDeps): Promise<DoctorReport> {
  const { config } = deps;
  const database = await checkDatabase(config);
  const sandbox = await checkSandbox(config, deps.sandbox);
  const checks = [
    checkDataDir(config.dataDir),
    ...database.checks,
    checkSecretKey(config),
    await checkMail(config),
    ...sandbox.checks,
  ];
  return {
    ok: checks.every((c) => c.ok || !c.required),
    database: database.describe,
    checks,
    languages: sandbox.languages,
  };
}

/** The report as text, one line per check and per language, fixes indented below. */
export function formatDoctorReport(report: DoctorReport): string {
  const lines = [`Database: ${report.database}`];
  for (const c of report.checks) {
    lines.push(`${c.ok ? 'ok  ' : c.required ? 'FAIL' : 'warn'}  ${c.name}: ${c.detail}`);
    if (!c.ok && c.fix) lines.push(`      fix: ${c.fix}`);
  }
  if (report.languages.length > 0) {
    lines.push('Languages:');
    for (const l of report.languages) {
      const state = l.available ? 'ok  ' : l.optional ? '--  ' : 'FAIL';
      const why = l.available ? '' : ` — ${l.reason ?? 'not available'}${l.fix ? ` (fix: ${l.fix})` : ''}`;
      lines.push(`  ${state}  ${l.name}${l.version ? ` ${l.version}` : ''}${why}`);
    }
  }
  lines.push(report.ok ? 'Assay can run.' : 'Assay cannot run until the FAIL lines are fixed.');
  return `${lines.join('\n')}\n`;
}
