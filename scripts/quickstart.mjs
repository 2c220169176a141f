// `npm start`: the one-command install on a fresh Debian/Ubuntu machine.
// Installs npm packages and (as root) the Debian packages the product needs, builds,
// migrates, seeds a demo organization and starts Assay on http://localhost:3000 with
// SQLite under ./data. Re-running it is safe: it reuses the data directory.
import { spawn } from 'node:child_process';
import { ensureNodeModules, ensureSystemPackages, log, mustRun, root } from './lib.mjs';

ensureNodeModules();
if (!ensureSystemPackages(['runtime', 'optional'])) {
  log('continuing without them: Assay starts, but grading stays off until they are installed');
}
mustRun(process.execPath, ['scripts/build.mjs']);

const cli = 'apps/server/dist/main/cli.js';
mustRun(process.execPath, [cli, 'setup', '--demo']);

log('starting Assay (Ctrl-C stops it)');
const server = spawn(process.execPath, [cli, 'serve'], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
