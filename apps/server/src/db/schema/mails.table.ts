/** queued → sent (SMTP) | stored (no SMTP_URL) | failed (gave up). */
export type MailStatus = 'queued' | 'sent' | 'stored' | 'failed';

/** Outgoing mail; bodies may hold one-time links (admins see them in the Mail log, logs never do). */
export interface MailsTable {
  id: string;
  organization_id: string | null;
  to_address: string;
  kind: string;
  subject: string;
  text_body: string;
  html_body: string;
  status: MailStatus;
  attempts: number;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
}
