// `npm test`: everything that gates a merge, from a clean clone. `.ci/run` is exactly this.
// Sets itself up (npm ci, apt packages when root, PostgreSQL, build), runs the static checks,
// then every Vitest project (server suites once per database dialect), and prints one
// closing line "N passed, N failed, N skipped".
//   --soak        run the soak/fault sizes (ASSAY_SOAK=1) instead of the CI sizes
//   --only=NAME   run one step (setup is always done): static, runner, server-sqlite, server-postgres, e2e
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureNodeModules, ensurePostgres, ensureSystemPackages, log, mustRun, run } from './lib.mjs';

const args = process.argv.slice(2);
const soak = args.includes('--soak');
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const ci = process.env.CI === 'true';
const started = Date.now();

ensureNodeModules();
if (!ensureSystemPackages(['runtime', 'optional', 'test']) && ci) {
  log('system packages are missing and could not be installed (CI=true: failing)');
  process.exit(1);
}
if (!(await ensurePostgres())) {
  log('PostgreSQL is not available on 127.0.0.1:5432 and could not be started');
  if (ci) process.exit(1);
}
mustRun(process.execPath, ['scripts/build.mjs']);

const reportDir = mkdtempSync(join(tmpdir(), 'assay-test-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function step(name, fn) {
  if (only && only !== name) return;
  const t0 = Date.now();
  log(`── ${name}`);
  const ok = fn();
  log(`── ${name}: ${ok ? 'ok' : 'FAILED'} (${Math.round((Date.now() - t0) / 1000)} s)`);
  if (!ok) failures.push(name);
}

function vitest(name, projects, env = {}, extra = []) {
  step(name, () => {
    const out = join(reportDir, `${name}.json`);
    const status = run(
      process.execPath,
      [
        'node_modules/vitest/vitest.mjs',
        'run',
        ...projects.flatMap((p) => ['--project', p]),
        ...extra,
        '--reporter=default',
        '--reporter=json',
        `--outputFile.json=${out}`,
      ],
      { env: { ...process.env, ...env, ...(soak ? { ASSAY_SOAK: '1' } : {}) } },
    );
    if (existsSync(out)) {
      const r = JSON.parse(readFileSync(out, 'utf8'));
      totals.passed += r.numPassedTests;
      totals.failed += r.numFailedTests;
      totals.skipped += r.numPendingTests + r.numTodoTests;
      if (r.numTotalTests === 0) {
        log(`${name}: no tests ran`);
        return false;
      }
    }
    return status === 0;
  });
}

step('static', () => {
  const checks = [
    ['typecheck', [process.execPath, 'scripts/typecheck.mjs']],
    ['lint', [process.execPath, 'node_modules/eslint/bin/eslint.js', '.', '--max-warnings=0']],
    [
      'dependency rules',
      [
        process.execPath,
        'node_modules/dependency-cruiser/bin/dependency-cruise.mjs',
        '--config',
        '.dependency-cruiser.cjs',
        'apps',
        'packages',
      ],
    ],
    [
      'format',
      [process.execPath, 'node_modules/prettier/bin/prettier.cjs', '--check', '.', '--log-level=warn'],
    ],
  ];
  let ok = true;
  for (const [label, [cmd, ...rest]] of checks) {
    log(label);
    if (run(cmd, rest) !== 0) {
      log(`${label} failed`);
      ok = false;
    }
  }
  return ok;
});
vitest('runner', ['contracts', 'runner', 'ats-sandbox']);
vitest('server-sqlite', ['server'], { ASSAY_TEST_DIALECT: 'sqlite' });
// The smoke and reliability suites start their own embedded (SQLite) servers: once is enough.
vitest('server-postgres', ['server'], { ASSAY_TEST_DIALECT: 'postgres' }, [
  '--exclude=apps/server/test/smoke/**',
  '--exclude=apps/server/test/reliability/**',
]);
vitest('e2e', ['e2e']);

const minutes = ((Date.now() - started) / 60000).toFixed(1);
if (ci && totals.skipped > 0) {
  failures.push('skipped tests');
  log(`${totals.skipped} test(s) were skipped; under CI=true nothing may skip`);
}
log(`done in ${minutes} min${failures.length ? `; failed steps: ${failures.join(', ')}` : ''}`);
process.stdout.write(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
process.exit(failures.length ? 1 : 0);
