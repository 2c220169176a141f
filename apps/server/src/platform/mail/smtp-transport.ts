import nodemailer from 'nodemailer';

/** One outgoing message as the transport sees it. */
export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Stable per stored mail, so a resend after a crash carries the same Message-ID. */
  messageId: string;
}

/** The Mailer port's transport side: SMTP in production, absent when mail is kept in the database. */
export interface MailTransport {
  /** @throws MailSendError classified retryable or permanent. */
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** A failed send; `permanent` for SMTP 5xx (retrying cannot help), else retryable (4xx, network). */
export class MailSendError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'MailSendError';
  }
}

/** nodemailer over `SMTP_URL`. Its logger stays off: message bodies hold one-time links. */
export function createSmtpTransport(smtpUrl: string): MailTransport {
  const transporter = nodemailer.createTransport({
    url: smtpUrl,
    logger: false,
    debug: false,
    connectionTimeout: 15_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  return {
    async send(mail) {
      try {
        await transporter.sendMail({
          from: mail.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId: mail.messageId,
        });
      } catch (err) {
        throw classifySmtpError(err);
      }
    },
    close: () => transporter.close(),
  };
}

/** SMTP 5xx replies are permanent; 4xx replies, timeouts and connection errors are retried. */
export function classifySmtpError(err: unknown): MailSendError {
  const e = err as { responseCode?: number; code?: string; message?: string } | undefined;
  const code = typeof e?.responseCode === 'number' ? e.responseCode : undefined;
  // The reply text may echo recipients but never bodies; keep it short anyway.
  const reason = code !== undefined ? `SMTP ${code}` : `SMTP ${e?.code ?? 'error'}`;
  const detail = (e?.message ?? '').split('\n')[0]?.slice(0, 200) ?? '';
  return new MailSendError(`${reason}: ${detail}`, code !== undefined && code >= 500 && code < 600);
}
