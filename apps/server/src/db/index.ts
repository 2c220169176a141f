export { createDb, applySqlitePragmas, assertPostgresDurability } from './create-db.js';
export type { Db, Trx, DbOrTrx, DbHandle, DbOptions } from './create-db.js';
export { dialectHelpers, pingDatabase, type DialectHelpers, type DialectName } from './dialect.js';
export { migrateToLatest, migrateDown, pendingMigrations } from './migrate.js';
export type { Database } from './schema/index.js';
