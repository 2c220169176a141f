// Build everything: TypeScript workspaces (tsc -b) and the web app (vite build).
import { ensureNodeModules, log, mustRun } from './lib.mjs';

ensureNodeModules();
log('building TypeScript workspaces');
mustRun(process.execPath, ['node_modules/typescript/bin/tsc', '-b', 'tsconfig.json']);
log('building the web app');
mustRun('npm', ['run', 'build', '-w', '@assay/web', '--silent']);
