// Typecheck every workspace, sources and tests, without emitting (tsc -p per workspace).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const projects = ['packages/contracts', 'apps/runner', 'apps/server', 'apps/ats-sandbox', 'apps/web', 'e2e'];
let failed = 0;
// A workspace without sources yet (apps/ats-sandbox until the ATS issues) has nothing to check.
for (const p of projects.filter((dir) => existsSync(`${dir}/src`) || dir === 'e2e')) {
  const r = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', `${p}/tsconfig.json`], {
    stdio: 'inherit',
  });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
