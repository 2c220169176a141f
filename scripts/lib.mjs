// Helpers shared by the repository scripts (no dependencies: these run before `npm ci`).
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createConnection } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

export function log(message) {
  process.stderr.write(`\x1b[36m›\x1b[0m ${message}\n`);
}

/** Run a command in the repository root, inheriting stdio. Returns the exit status. */
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

export function mustRun(command, args, options = {}) {
  const status = run(command, args, options);
  if (status !== 0) {
    log(`failed: ${command} ${args.join(' ')} (exit ${status})`);
    process.exit(status);
  }
}

/** `npm ci` when node_modules is missing or older than the lock file. */
export function ensureNodeModules() {
  const marker = join(root, 'node_modules/.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  log('installing npm packages (npm ci)');
  mustRun('npm', ['ci', '--no-audit', '--no-fund']);
}

/** Debian packages: what the product needs to run, and what the tests add. */
export const systemPackages = {
  runtime: [
    'git',
    'bubblewrap',
    'util-linux',
    'gcc',
    'g++',
    'python3',
    'openjdk-17-jdk-headless',
    'node-typescript',
  ],
  optional: ['rustc', 'golang-go', 'junit5'],
  test: ['chromium', 'postgresql'],
};

function missingPackages(names) {
  return names.filter((name) => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
    return r.status !== 0 || !r.stdout.includes('install ok installed');
  });
}

/**
 * Install missing Debian packages when root; otherwise print the exact apt line.
 * Returns false when something is missing and could not be installed.
 */
export function ensureSystemPackages(groups) {
  const wanted = groups.flatMap((g) => systemPackages[g]);
  const missing = missingPackages(wanted);
  if (missing.length === 0) return true;
  if (!isRoot) {
    log(
      `missing system packages; run:\n    sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`,
    );
    return false;
  }
  log(`installing system packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], { env });
  if (run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env }) === 0)
    return true;
  // Optional toolchains may be missing from a mirror: install the rest one by one.
  const still = missingPackages(missing);
  for (const name of still)
    run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', name], { env });
  return missingPackages(wanted.filter((n) => !systemPackages.optional.includes(n))).length === 0;
}

export function portOpen(port, host = '127.0.0.1', timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Make sure PostgreSQL answers on 127.0.0.1:5432 with a `test` database (interfaces.md,
 * "PostgreSQL in tests"): Debian's cluster if it exists, else a throwaway initdb cluster.
 */
export async function ensurePostgres() {
  if (await portOpen(5432)) return true;
  log('PostgreSQL is not listening on 127.0.0.1:5432; starting it');
  const versions = existsSync('/etc/postgresql') ? readdir('/etc/postgresql') : [];
  if (versions.length > 0) {
    const v = versions.sort().at(-1);
    run('pg_ctlcluster', ['--skip-systemctl-redirect', v, 'main', 'start']);
  } else {
    const bin = findPgBin();
    if (!bin) return false;
    const dir = '/tmp/assay-pg';
    if (!existsSync(join(dir, 'PG_VERSION'))) {
      run('mkdir', ['-p', dir]);
      run('chown', ['postgres', dir]);
      run('runuser', ['-u', 'postgres', '--', join(bin, 'initdb'), '--auth=trust', '-D', dir]);
    }
    run('runuser', [
      '-u',
      'postgres',
      '--',
      join(bin, 'pg_ctl'),
      '-D',
      dir,
      '-o',
      '-p 5432 -k /tmp',
      '-l',
      `${dir}.log`,
      'start',
    ]);
  }
  for (let i = 0; i < 60 && !(await portOpen(5432)); i++) await new Promise((r) => setTimeout(r, 500));
  if (!(await portOpen(5432))) return false;
  run('createdb', ['-h', '127.0.0.1', '-U', 'postgres', 'test'], { stdio: 'ignore' });
  return true;
}

function readdir(dir) {
  return spawnSync('ls', [dir], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
}

function findPgBin() {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const v = readdir(base).sort().at(-1);
  return v ? join(base, v, 'bin') : null;
}
