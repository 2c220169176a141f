import Database from 'better-sqlite3';

export interface StoredMail {
  id: string;
  to: string;
  kind: string;
  subject: string;
  text: string;
}

/**
 * Mail the server stored in its embedded mail log (no SMTP_URL: the stored row is the
 * delivery), newest first. Opened read-only; WAL lets it read while the server writes.
 */
export function readMails(databasePath: string, to: string): StoredMail[] {
  const db = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare(
        `SELECT id, to_address AS "to", kind, subject, text_body AS "text"
         FROM mails WHERE lower(to_address) = lower(?) ORDER BY created_at DESC, id DESC`,
      )
      .all(to) as StoredMail[];
  } finally {
    db.close();
  }
}

/** The first link in a mail body that goes to `<origin><path>` (e.g. `/join#token=…`). */
export function findLink(mail: StoredMail, origin: string, path: string): string {
  const escaped = (origin + path).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`${escaped}[^\\s"<>]*`).exec(mail.text);
  if (!match) throw new Error(`no ${origin}${path} link in mail "${mail.subject}":\n${mail.text}`);
  return match[0];
}
