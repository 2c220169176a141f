import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfigOrExit } from '../runtime.js';
import { fileStamp, restoreSqlite, runningServerPid } from '../sqlite-backup.js';
import { pgCommandUrl } from '../postgres-url.js';

/**
 * `assay restore FILE`: replace the SQLite database of DATA_DIR with a backup. Refuses while
 * `assay serve` runs on that data directory (stop it first, start it after); checks the
 * backup's integrity first and keeps the replaced database next to it. PostgreSQL → prints
 * the `pg_restore` command.
 */
export async function restoreCommand(args: string[]): Promise<number> {
  const file = args[0];
  if (!file) {
    process.stderr.write('Usage: assay restore FILE\n');
    return 2;
  }
  const config = loadConfigOrExit();
  if (config.db.dialect === 'postgres') {
    process.stdout.write(
      'Assay uses PostgreSQL here; stop Assay, then restore with pg_restore:\n\n' +
        `  pg_restore --clean --if-exists --no-owner --dbname='${pgCommandUrl(config.db.url)}' ${file}\n`,
    );
    return 0;
  }
  const source = resolve(file);
  if (!existsSync(source)) {
    process.stderr.write(`${source} does not exist.\n`);
    return 1;
  }
  const pid = runningServerPid(config.dataDir);
  if (pid !== undefined) {
    process.stderr.write(
      `assay serve (pid ${pid}) is using ${config.db.path}. Stop it, run the restore, then start it again.\n`,
    );
    return 1;
  }
  const previous = await restoreSqlite(source, config.db.path, fileStamp(new Date()));
  process.stdout.write(
    `Restored ${config.db.path} from ${source} (integrity_check ok).\n` +
      (previous ? `The previous database was kept as ${previous}.\n` : '') +
      'Start Assay with `assay serve`; it applies any migrations the backup lacks.\n',
  );
  return 0;
}
