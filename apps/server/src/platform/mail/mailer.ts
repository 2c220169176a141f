import type { DbOrTrx } from '../../db/index.js';

/**
 * Mail port. Sending is always a job: `queueMail` stores the message and enqueues its
 * delivery in the caller's transaction. Without SMTP_URL the stored copy is the delivery
 * (admins read it in Settings → Mail log). Message bodies may contain one-time links:
 * they never go to logs.
 */
export interface MailMessage {
  /** Organization the mail belongs to (for the Mail log and branding); null for instance mail. */
  organizationId: string | null;
  to: string;
  /** What kind of mail this is, e.g. `identity.password-reset` (shown in the Mail log). */
  kind: string;
  subject: string;
  text: string;
  html: string;
}

export interface MailQueue {
  queueMail(trx: DbOrTrx, message: MailMessage): Promise<{ mailId: string }>;
}

/** Branding for the shared mail layout. */
export interface MailBranding {
  organizationName: string;
  logoUrl?: string | null;
  accentColor?: string | null;
}

/** Content for the shared HTML + text layout (`renderMail`). */
export interface MailContent {
  branding: MailBranding;
  subject: string;
  /** Plain paragraphs (escaped in HTML). */
  paragraphs: string[];
  action?: { label: string; url: string };
  /** Small print under the action (e.g. expiry). */
  footer?: string;
}
