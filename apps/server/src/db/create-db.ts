import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import {
  CompiledQuery,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  sql,
  type DatabaseConnection,
  type Driver,
  type SqliteDialectConfig,
  type Transaction,
} from 'kysely';
import type { Database } from './schema/index.js';
import { dialectHelpers, type DialectHelpers } from './dialect.js';

export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;
/** A database handle or a transaction: what repository functions take first. */
export type DbOrTrx = Db | Trx;

export type DbOptions =
  | { dialect: 'sqlite'; path: string }
  | { dialect: 'postgres'; url: string; schema?: string; poolSize?: number };

export interface DbHandle {
  db: Db;
  dialect: DialectHelpers;
  /** Where the data lives, for `assay doctor` and logs (never includes a password). */
  describe: string;
  close(): Promise<void>;
}

export interface DbLogger {
  warn(obj: object, msg: string): void;
}

/**
 * Open the database. SQLite gets WAL, foreign keys, synchronous=FULL, secure_delete and a
 * busy timeout, asserted after setting; PostgreSQL gets a pool with an error listener.
 */
export function createDb(options: DbOptions, log?: DbLogger): DbHandle {
  if (options.dialect === 'sqlite') {
    mkdirSync(dirname(options.path), { recursive: true });
    const database = new SQLite(options.path);
    applySqlitePragmas(database);
    const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database }) });
    return {
      db,
      dialect: dialectHelpers('sqlite'),
      describe: `SQLite at ${options.path}`,
      close: () => db.destroy(),
    };
  }
  const url = new URL(options.url);
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  // An idle client error (server restart, terminated backend) must not crash the process.
  pool.on('error', (err) => log?.warn({ err: err.message }, 'postgres pool client error'));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: dialectHelpers('postgres'),
    describe: `PostgreSQL at ${url.hostname}:${url.port || '5432'}${url.pathname}`,
    close: () => db.destroy(),
  };
}

/** Apply and assert the SQLite durability settings (reliability.md D2). */
export function applySqlitePragmas(database: SQLite.Database): void {
  database.pragma('journal_mode = WAL');
  database.pragma('foreign_keys = ON');
  database.pragma('synchronous = FULL');
  database.pragma('busy_timeout = 5000');
  // Deleted rows are overwritten with zeros, so erased candidate data leaves no bytes behind (C5).
  database.pragma('secure_delete = ON');
  const check = (name: string, expected: string | number): void => {
    const actual = database.pragma(name, { simple: true }) as string | number;
    if (String(actual).toLowerCase() !== String(expected).toLowerCase()) {
      throw new Error(`SQLite ${name} is ${String(actual)}, expected ${String(expected)}`);
    }
  };
  if (database.name !== ':memory:') check('journal_mode', 'wal');
  check('foreign_keys', 1);
  check('synchronous', 2);
  check('busy_timeout', 5000);
  check('secure_delete', 1);
}

/** Assert PostgreSQL durability settings (fsync, synchronous_commit). */
export async function assertPostgresDurability(db: Db): Promise<void> {
  for (const name of ['fsync', 'synchronous_commit']) {
    const { rows } = await sql<{
      setting: string;
    }>`select setting from pg_settings where name = ${name}`.execute(db);
    if (rows[0]?.setting !== 'on')
      throw new Error(`PostgreSQL ${name} must be on (is ${rows[0]?.setting ?? 'unknown'})`);
  }
}

/** Write transactions take the write lock up front (BEGIN IMMEDIATE) so they never fail mid-way with SQLITE_BUSY. */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}
