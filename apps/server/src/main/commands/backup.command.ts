import { join, resolve } from 'node:path';
import { loadConfigOrExit } from '../runtime.js';
import { backupSqlite, fileStamp } from '../sqlite-backup.js';
import { pgCommandUrl } from '../postgres-url.js';

/**
 * `assay backup [FILE]`: SQLite → an online backup (consistent while the server runs) into
 * FILE or `DATA_DIR/backups/assay-<timestamp>.db`, integrity-checked. PostgreSQL → prints
 * the `pg_dump` command to run (Assay does not bundle PostgreSQL's client tools).
 */
export async function backupCommand(args: string[]): Promise<number> {
  const config = loadConfigOrExit();
  if (config.db.dialect === 'postgres') {
    const file = args[0] ?? `assay-${fileStamp(new Date())}.dump`;
    process.stdout.write(
      'Assay uses PostgreSQL here; back it up with pg_dump (password from PGPASSWORD or ~/.pgpass):\n\n' +
        `  pg_dump --format=custom --no-owner --file=${file} '${pgCommandUrl(config.db.url)}'\n`,
    );
    return 0;
  }
  const destination = args[0]
    ? resolve(args[0])
    : join(config.dataDir, 'backups', `assay-${fileStamp(new Date())}.db`);
  await backupSqlite(config.db.path, destination);
  process.stdout.write(`Backup written to ${destination} (integrity_check ok).\n`);
  return 0;
}
