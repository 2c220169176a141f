#!/usr/bin/env node
// The `assay` command. Runs the built CLI when a build exists; otherwise runs the
// TypeScript sources through tsx so `npx assay …` works right after `npm ci`.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'apps/server/dist/main/cli.js');
const useSource = process.env.ASSAY_FROM_SOURCE === '1' || !existsSync(built);

if (!useSource) {
  await import(pathToFileURL(built).href);
} else {
  const source = join(root, 'apps/server/src/main/cli.ts');
  // An absolute loader URL: `--import tsx` would resolve from the caller's working directory.
  const tsx = import.meta.resolve('tsx');
  const result = spawnSync(
    process.execPath,
    ['--conditions=source', '--import', tsx, source, ...process.argv.slice(2)],
    { stdio: 'inherit', cwd: process.cwd() },
  );
  process.exit(result.status ?? 1);
}
