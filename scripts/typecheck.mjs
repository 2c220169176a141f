// Typecheck every workspace, sources and tests, without emitting (tsc -p per workspace).
import { spawnSync } from 'node:child_process';

const projects = ['packages/contracts', 'apps/runner', 'apps/server', 'apps/ats-sandbox', 'apps/web', 'e2e'];
let failed = 0;
for (const p of projects) {
  const r = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', `${p}/tsconfig.json`], {
    stdio: 'inherit',
  });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
