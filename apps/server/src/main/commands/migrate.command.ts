import { migrateDown, migrateToLatest } from '../../db/index.js';
import { openRuntime } from '../runtime.js';

/** `assay migrate` (up to latest) and `assay migrate down` (one step back). */
export async function migrateCommand(args: string[]): Promise<number> {
  const direction = args[0] ?? 'up';
  if (direction !== 'up' && direction !== 'down') {
    process.stderr.write(
      `Unknown migrate direction "${direction}". Use \`assay migrate\` or \`assay migrate down\`.\n`,
    );
    return 2;
  }
  const { database } = await openRuntime({ migrate: false });
  try {
    const names = direction === 'up' ? await migrateToLatest(database.db) : await migrateDown(database.db);
    const verb = direction === 'up' ? 'Applied' : 'Reverted';
    process.stdout.write(names.length ? `${verb}: ${names.join(', ')}\n` : 'Nothing to do.\n');
    return 0;
  } finally {
    await database.close();
  }
}
