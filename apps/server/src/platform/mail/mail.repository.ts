import type { DbOrTrx } from '../../db/index.js';
import type { MailsTable } from '../../db/schema/mails.table.js';

export type MailRow = MailsTable;

export async function insertMail(db: DbOrTrx, row: MailRow): Promise<void> {
  await db.insertInto('mails').values(row).execute();
}

export async function findMailById(db: DbOrTrx, id: string): Promise<MailRow | undefined> {
  return db.selectFrom('mails').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Record the outcome of one delivery attempt (only while the mail is still queued). */
export async function updateMailDelivery(
  db: DbOrTrx,
  id: string,
  change: { status: MailRow['status']; lastError: string | null; sentAt: string | null; now: string },
): Promise<number> {
  const result = await db
    .updateTable('mails')
    .set((eb) => ({
      status: change.status,
      attempts: eb('attempts', '+', 1),
      last_error: change.lastError,
      sent_at: change.sentAt,
      updated_at: change.now,
    }))
    .where('id', '=', id)
    .where('status', '=', 'queued')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export type MailSummaryRow = Omit<MailRow, 'text_body' | 'html_body'>;

/** One organization's mails, newest first, without bodies (keyset pagination). */
export async function findMails(
  db: DbOrTrx,
  filter: {
    organizationId: string;
    status?: MailRow['status'];
    before?: { createdAt: string; id: string };
    limit: number;
  },
): Promise<MailSummaryRow[]> {
  let query = db
    .selectFrom('mails')
    .select([
      'id',
      'organization_id',
      'to_address',
      'kind',
      'subject',
      'status',
      'attempts',
      'last_error',
      'created_at',
      'updated_at',
      'sent_at',
    ])
    .where('organization_id', '=', filter.organizationId);
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  const before = filter.before;
  if (before) {
    query = query.where((eb) =>
      eb.or([
        eb('created_at', '<', before.createdAt),
        eb.and([eb('created_at', '=', before.createdAt), eb('id', '<', before.id)]),
      ]),
    );
  }
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
}
