import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Database } from '../../db/index.js';
import type { DbOrTrx, DialectHelpers } from '../../db/index.js';

export type CandidateRow = Selectable<Database['candidates']>;

/**
 * Insert unless the organization already has a candidate with this email (a concurrent
 * invite may have just created it). Returns false when nothing was inserted.
 */
export async function insertCandidateIfNew(
  db: DbOrTrx,
  row: Insertable<Database['candidates']>,
): Promise<boolean> {
  const result = await db
    .insertInto('candidates')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export async function findCandidate(
  db: DbOrTrx,
  organizationId: string,
  id: string,
): Promise<CandidateRow | undefined> {
  return db
    .selectFrom('candidates')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findCandidateById(db: DbOrTrx, id: string): Promise<CandidateRow | undefined> {
  return db.selectFrom('candidates').selectAll().where('id', '=', id).executeTakeFirst();
}

/** By email, case-insensitively (the unique index is on lower(email)). */
export async function findCandidateByEmail(
  db: DbOrTrx,
  organizationId: string,
  email: string,
): Promise<CandidateRow | undefined> {
  return db
    .selectFrom('candidates')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
}

export async function updateCandidate(
  db: DbOrTrx,
  id: string,
  changes: Updateable<Database['candidates']>,
): Promise<void> {
  await db.updateTable('candidates').set(changes).where('id', '=', id).execute();
}

/**
 * Move the ATS link out of `linking` for exactly this URL (a newer link request wins).
 * Returns false when the candidate is no longer linking that URL.
 */
export async function settleAtsLink(
  db: DbOrTrx,
  id: string,
  url: string,
  changes: Updateable<Database['candidates']>,
): Promise<boolean> {
  const result = await db
    .updateTable('candidates')
    .set(changes)
    .where('id', '=', id)
    .where('ats_status', '=', 'linking')
    .where('ats_url', '=', url)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export interface CandidateFilter {
  q?: string | undefined;
  tag?: string | undefined;
  limit: number;
  offset: number;
}

/** A page of candidates by name, and the total matching. */
export async function listCandidates(
  db: DbOrTrx,
  dialect: Pick<DialectHelpers, 'ilike'>,
  organizationId: string,
  filter: CandidateFilter,
): Promise<{ rows: CandidateRow[]; total: number }> {
  let query = db.selectFrom('candidates').where('organization_id', '=', organizationId);
  if (filter.q) {
    const pattern = `%${escapeLike(filter.q)}%`;
    query = query.where((eb) => eb.or([dialect.ilike('name', pattern), dialect.ilike('email', pattern)]));
  }
  if (filter.tag) {
    // Tags are a JSON array of strings: match the quoted element.
    query = query.where('tags', 'like', `%${escapeLike(JSON.stringify(filter.tag))}%`);
  }
  const countRow = await query.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirst();
  const rows = await query
    .selectAll()
    .orderBy('name')
    .orderBy('id')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
  return { rows, total: Number(countRow?.n ?? 0) };
}

/** Escape LIKE wildcards; patterns use the default escape-free LIKE, so drop them instead. */
export function escapeLike(text: string): string {
  return text.replace(/[%_]/g, '');
}
