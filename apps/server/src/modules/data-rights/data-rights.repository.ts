import { sql, type Expression, type Selectable, type SqlBool } from 'kysely';
import type { InvitationStatus } from '@assay/contracts';
import type { Database, Db, DbOrTrx, DialectName } from '../../db/index.js';

export type CandidateRow = Selectable<Database['candidates']>;
export type InvitationRow = Selectable<Database['invitations']>;
export type AttemptRow = Selectable<Database['attempts']>;

/**
 * The one place that reaches into every table holding a candidate's data (erasure and export
 * are cross-cutting by nature; see docs/adr/0004-candidate-erasure.md). Reads and deletes only
 * by ids found from the candidate, or by the candidate's strings in free-text columns.
 */

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

export async function listInvitations(db: DbOrTrx, candidateId: string): Promise<InvitationRow[]> {
  return db
    .selectFrom('invitations')
    .selectAll()
    .where('candidate_id', '=', candidateId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function listAttempts(db: DbOrTrx, invitationIds: readonly string[]): Promise<AttemptRow[]> {
  if (invitationIds.length === 0) return [];
  return db.selectFrom('attempts').selectAll().where('invitation_id', 'in', invitationIds).execute();
}

export async function listAttemptEvents(db: DbOrTrx, attemptId: string) {
  return db
    .selectFrom('attempt_events')
    .selectAll()
    .where('attempt_id', '=', attemptId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

export async function listAttemptDrafts(db: DbOrTrx, attemptId: string) {
  return db
    .selectFrom('attempt_drafts')
    .selectAll()
    .where('attempt_id', '=', attemptId)
    .orderBy('path')
    .execute();
}

export async function listGradings(db: DbOrTrx, attemptId: string) {
  return db
    .selectFrom('gradings')
    .selectAll()
    .where('attempt_id', '=', attemptId)
    .orderBy('number')
    .execute();
}

export async function listNotes(db: DbOrTrx, invitationIds: readonly string[]) {
  if (invitationIds.length === 0) return [];
  return db
    .selectFrom('report_notes')
    .selectAll()
    .where('invitation_id', 'in', invitationIds)
    .orderBy('created_at')
    .execute();
}

export async function listOverrides(db: DbOrTrx, invitationIds: readonly string[]) {
  if (invitationIds.length === 0) return [];
  return db
    .selectFrom('report_overrides')
    .selectAll()
    .where('invitation_id', 'in', invitationIds)
    .orderBy('created_at')
    .execute();
}

export async function listGradingIds(db: DbOrTrx, attemptIds: readonly string[]): Promise<string[]> {
  if (attemptIds.length === 0) return [];
  const rows = await db.selectFrom('gradings').select('id').where('attempt_id', 'in', attemptIds).execute();
  return rows.map((r) => r.id);
}

/** Mails sent to the candidate's address (case-insensitive), for the export. */
export async function listMailsTo(db: DbOrTrx, organizationId: string, email: string) {
  return db
    .selectFrom('mails')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where(sql<string>`lower(to_address)`, '=', email.toLowerCase())
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** `column` contains any of the lowercase `needles`, case-insensitively. */
function containsAny(dialect: DialectName, column: string, needles: readonly string[]): Expression<SqlBool> {
  if (needles.length === 0) return sql<SqlBool>`(1 = 0)`;
  const fn = dialect === 'sqlite' ? sql`instr` : sql`strpos`;
  const parts = needles.map((n) => sql<SqlBool>`${fn}(lower(${sql.ref(column)}), ${n}) > 0`);
  return sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
}

async function deleteCount(query: { executeTakeFirst(): Promise<{ numDeletedRows: bigint }> }) {
  return Number((await query.executeTakeFirst()).numDeletedRows);
}

/** Delete the candidate's rows, children first (the foreign keys cascade too; this counts). */
export async function deleteCandidateRows(
  trx: DbOrTrx,
  candidateId: string,
  invitationIds: readonly string[],
  attemptIds: readonly string[],
): Promise<void> {
  if (invitationIds.length > 0) {
    await trx.deleteFrom('report_share_links').where('invitation_id', 'in', invitationIds).execute();
    await trx.deleteFrom('report_overrides').where('invitation_id', 'in', invitationIds).execute();
    await trx.deleteFrom('report_notes').where('invitation_id', 'in', invitationIds).execute();
  }
  if (attemptIds.length > 0) {
    await trx.deleteFrom('gradings').where('attempt_id', 'in', attemptIds).execute();
    await trx.deleteFrom('attempt_events').where('attempt_id', 'in', attemptIds).execute();
    await trx.deleteFrom('attempt_drafts').where('attempt_id', 'in', attemptIds).execute();
    await trx.deleteFrom('attempt_sessions').where('attempt_id', 'in', attemptIds).execute();
    await trx.deleteFrom('attempts').where('id', 'in', attemptIds).execute();
  }
  await trx.deleteFrom('invitations').where('candidate_id', '=', candidateId).execute();
  await trx.deleteFrom('candidates').where('id', '=', candidateId).execute();
}

/** Mail copies to the candidate or mentioning them (Mail log). Returns the deleted ids. */
export async function deleteMails(
  trx: DbOrTrx,
  dialect: DialectName,
  organizationId: string,
  email: string,
  needles: readonly string[],
): Promise<string[]> {
  const rows = await trx
    .selectFrom('mails')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where((eb) =>
      eb.or([
        eb(sql<string>`lower(to_address)`, '=', email.toLowerCase()),
        containsAny(dialect, 'subject', needles),
        containsAny(dialect, 'text_body', needles),
        containsAny(dialect, 'html_body', needles),
      ]),
    )
    .execute();
  const ids = rows.map((r) => r.id);
  for (const chunk of chunks(ids)) await trx.deleteFrom('mails').where('id', 'in', chunk).execute();
  return ids;
}

/** Webhook deliveries whose payload (or logged response) mentions the candidate. Returns the deleted ids. */
export async function deleteWebhookDeliveries(
  trx: DbOrTrx,
  dialect: DialectName,
  organizationId: string,
  needles: readonly string[],
): Promise<string[]> {
  const rows = await trx
    .selectFrom('webhook_deliveries')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where((eb) =>
      eb.or([
        containsAny(dialect, 'payload', needles),
        eb.and([
          eb('last_response_body', 'is not', null),
          containsAny(dialect, 'last_response_body', needles),
        ]),
      ]),
    )
    .execute();
  const ids = rows.map((r) => r.id);
  for (const chunk of chunks(ids))
    await trx.deleteFrom('webhook_deliveries').where('id', 'in', chunk).execute();
  return ids;
}

/**
 * The candidate's ATS rows: orders (they hold the email), deliveries (frozen payloads name the
 * candidate) and partner error reports, matched by id or by the personal needles. Unsent
 * deliveries go too: nothing more about this person is sent to the ATS. Returns the delivery ids.
 */
export async function deleteAtsRows(
  trx: DbOrTrx,
  dialect: DialectName,
  organizationId: string,
  candidateId: string,
  invitationIds: readonly string[],
  needles: readonly string[],
): Promise<string[]> {
  const orders = await trx
    .selectFrom('ats_orders')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where((eb) =>
      eb.or([
        ...(invitationIds.length > 0 ? [eb('invitation_id', 'in', invitationIds)] : []),
        containsAny(dialect, 'candidate_email', needles),
        containsAny(dialect, 'provider_data', needles),
      ]),
    )
    .execute();
  const orderIds = orders.map((o) => o.id);
  const deliveries = await trx
    .selectFrom('ats_deliveries')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where((eb) =>
      eb.or([
        eb('candidate_id', '=', candidateId),
        ...(invitationIds.length > 0 ? [eb('invitation_id', 'in', invitationIds)] : []),
        ...(orderIds.length > 0 ? [eb('order_id', 'in', orderIds)] : []),
        eb.and([eb('payload', 'is not', null), containsAny(dialect, 'payload', needles)]),
        eb.and([
          eb('last_response_body', 'is not', null),
          containsAny(dialect, 'last_response_body', needles),
        ]),
      ]),
    )
    .execute();
  const deliveryIds = deliveries.map((d) => d.id);
  for (const chunk of chunks(deliveryIds))
    await trx.deleteFrom('ats_deliveries').where('id', 'in', chunk).execute();
  for (const chunk of chunks(orderIds)) await trx.deleteFrom('ats_orders').where('id', 'in', chunk).execute();
  await trx
    .deleteFrom('ats_inbound_errors')
    .where('organization_id', '=', organizationId)
    .where((eb) =>
      eb.or([
        ...(invitationIds.length > 0 ? [eb('invitation_id', 'in', invitationIds)] : []),
        containsAny(dialect, 'details', needles),
        containsAny(dialect, 'errors', needles),
      ]),
    )
    .execute();
  return deliveryIds;
}

/**
 * Outbox jobs whose payload names the candidate's rows (ids only by convention; an ATS link
 * job also carries the URL). Their handlers would find nothing left to do. Returns the count.
 */
export async function deleteJobs(
  trx: DbOrTrx,
  dialect: DialectName,
  needles: readonly string[],
): Promise<number> {
  return deleteCount(
    trx
      .deleteFrom('jobs')
      .where((eb) =>
        eb.or([
          containsAny(dialect, 'payload', needles),
          eb.and([eb('last_error', 'is not', null), containsAny(dialect, 'last_error', needles)]),
        ]),
      ),
  );
}

/**
 * Stored public-API answers (`Idempotency-Key`) that repeat the candidate (an invite's
 * response names them). Deleting one only means a retry with that key is processed afresh.
 */
export async function deleteIdempotencyRecords(
  trx: DbOrTrx,
  dialect: DialectName,
  organizationId: string,
  needles: readonly string[],
): Promise<number> {
  return deleteCount(
    trx
      .deleteFrom('api_idempotency_keys')
      .where('organization_id', '=', organizationId)
      .where('response_body', 'is not', null)
      .where(containsAny(dialect, 'response_body', needles)),
  );
}

/**
 * Empty the `data` of the organization's audit events about the candidate (subject among
 * `subjectIds`, or data mentioning a needle). The events themselves stay: action, actor,
 * subject id and time. The only write to audit_events besides inserts (ADR 0004).
 */
export async function scrubAuditEvents(
  trx: DbOrTrx,
  dialect: DialectName,
  organizationId: string,
  subjectIds: readonly string[],
  needles: readonly string[],
): Promise<number> {
  const result = await trx
    .updateTable('audit_events')
    .set({ data: '{}' })
    .where('organization_id', '=', organizationId)
    .where('data', '!=', '{}')
    .where((eb) =>
      eb.or([
        ...(subjectIds.length > 0 ? [eb('subject_id', 'in', subjectIds)] : []),
        containsAny(dialect, 'data', needles),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function insertAnonymousScores(
  trx: DbOrTrx,
  rows: Database['anonymous_scores'][],
): Promise<void> {
  if (rows.length > 0) await trx.insertInto('anonymous_scores').values(rows).execute();
}

// ---- Retention ------------------------------------------------------------------------------

export async function organizationsWithRetention(
  db: DbOrTrx,
): Promise<{ id: string; candidate_retention_days: number }[]> {
  const rows = await db
    .selectFrom('organizations')
    .select(['id', 'candidate_retention_days'])
    .where('candidate_retention_days', 'is not', null)
    .orderBy('id')
    .execute();
  return rows.flatMap((r) =>
    r.candidate_retention_days === null
      ? []
      : [{ id: r.id, candidate_retention_days: r.candidate_retention_days }],
  );
}

/**
 * Candidates of the organization untouched since `cutoff` (the record and every invitation)
 * with no invitation in progress.
 */
export async function findExpiredCandidates(
  db: DbOrTrx,
  organizationId: string,
  cutoff: string,
  inProgress: readonly InvitationStatus[],
  limit: number,
): Promise<string[]> {
  const rows = await db
    .selectFrom('candidates as c')
    .select('c.id')
    .where('c.organization_id', '=', organizationId)
    .where('c.updated_at', '<', cutoff)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('invitations as i')
            .select('i.id')
            .whereRef('i.candidate_id', '=', 'c.id')
            .where((eb) => eb.or([eb('i.status', 'in', inProgress), eb('i.updated_at', '>=', cutoff)])),
        ),
      ),
    )
    .orderBy('c.id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

// ---- Storage ----------------------------------------------------------------------------------

/** Tables an erasure deletes from or rewrites (PostgreSQL VACUUM list). */
const ERASURE_TABLES = [
  'candidates',
  'invitations',
  'attempts',
  'attempt_sessions',
  'attempt_drafts',
  'attempt_events',
  'gradings',
  'report_notes',
  'report_overrides',
  'report_share_links',
  'mails',
  'webhook_deliveries',
  'ats_orders',
  'ats_deliveries',
  'ats_inbound_errors',
  'jobs',
  'audit_events',
  'api_idempotency_keys',
] as const;

/**
 * Make deleted bytes unreachable on disk. SQLite (secure_delete is on, so freed cells are
 * zeroed): checkpoint the WAL into the database and truncate it, VACUUM to rebuild the file
 * without free pages, checkpoint + truncate again (VACUUM itself goes through the WAL).
 * PostgreSQL: VACUUM the tables (outside any transaction) so dead tuples become reusable;
 * WAL segments and backups keep old bytes until rotated (ADR 0004).
 * Returns false when SQLite could not checkpoint completely (a reader held the WAL).
 */
export async function compactStorage(db: Db, dialect: DialectName): Promise<boolean> {
  if (dialect === 'sqlite') {
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
    await sql`vacuum`.execute(db);
    const { rows } = await sql<{ busy: number }>`pragma wal_checkpoint(TRUNCATE)`.execute(db);
    return rows[0]?.busy === 0;
  }
  await sql`vacuum ${sql.join(ERASURE_TABLES.map((t) => sql.table(t)))}`.execute(db);
  return true;
}

function chunks<T>(items: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
