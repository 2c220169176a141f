import { sql, type Kysely, type RawBuilder } from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

/**
 * The only place that knows SQL differs between SQLite and PostgreSQL.
 * Repositories call these helpers instead of branching on the dialect.
 */
export interface DialectHelpers {
  readonly name: DialectName;
  /** True when `err` is a unique-constraint violation. */
  isUniqueViolation(err: unknown): boolean;
  /** True when `err` is a foreign-key violation. */
  isForeignKeyViolation(err: unknown): boolean;
  /** Case-insensitive LIKE. */
  ilike(column: string, pattern: string): RawBuilder<boolean>;
}

export function dialectHelpers(name: DialectName): DialectHelpers {
  return {
    name,
    isUniqueViolation: (err) => {
      const e = err as { code?: string } | undefined;
      return name === 'sqlite'
        ? e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
        : e?.code === '23505';
    },
    isForeignKeyViolation: (err) => {
      const e = err as { code?: string } | undefined;
      return name === 'sqlite' ? e?.code === 'SQLITE_CONSTRAINT_FOREIGNKEY' : e?.code === '23503';
    },
    ilike: (column, pattern) =>
      name === 'sqlite'
        ? sql<boolean>`${sql.ref(column)} like ${pattern}`
        : sql<boolean>`${sql.ref(column)} ilike ${pattern}`,
  };
}

/** Ping the database; used by /healthz. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema will do for `select 1`
export async function pingDatabase(db: Kysely<any>): Promise<void> {
  await sql`select 1`.execute(db);
}
