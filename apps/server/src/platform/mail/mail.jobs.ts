import { z } from 'zod';
import type { Db } from '../../db/index.js';
import type { Clock } from '../clock/index.js';
import { PermanentJobError, exponentialBackoff, type JobDefinition, type JobRef } from '../jobs/index.js';
import { findMailById, updateMailDelivery } from './mail.repository.js';
import { MailSendError, type MailTransport } from './smtp-transport.js';

/** Deliver one stored mail (`mails.id`). */
export const sendMessageJob: JobRef<{ mailId: string }> = {
  name: 'mail.send-message',
  payload: z.object({ mailId: z.string().min(1) }),
};

// An SMTP outage should not lose mail: retry for about 8 hours before giving up.
const mailRetryPolicy = exponentialBackoff({ maxAttempts: 10, baseMs: 30_000, capMs: 3_600_000 });

export interface MailJobsDeps {
  db: Db;
  clock: Clock;
  /** Null: no SMTP_URL, the stored row is the delivery. */
  transport: MailTransport | null;
  from: string;
  /** Used to build a stable Message-ID. */
  messageIdDomain: string;
}

/**
 * The mail jobs. `mail.send-message` is idempotent: it re-reads the row and does nothing
 * unless the mail is still queued.
 */
export function createMailJobs(deps: MailJobsDeps): JobDefinition<{ mailId: string }>[] {
  return [
    {
      ...sendMessageJob,
      retry: mailRetryPolicy,
      async handler({ mailId }, ctx) {
        const mail = await findMailById(deps.db, mailId);
        if (!mail || mail.status !== 'queued') return;
        const now = () => deps.clock.now().toISOString();
        if (!deps.transport) {
          await updateMailDelivery(deps.db, mailId, {
            status: 'stored',
            lastError: null,
            sentAt: now(),
            now: now(),
          });
          return;
        }
        try {
          await deps.transport.send({
            from: deps.from,
            to: mail.to_address,
            subject: mail.subject,
            text: mail.text_body,
            html: mail.html_body,
            messageId: `<${mail.id}@${deps.messageIdDomain}>`,
          });
        } catch (err) {
          const error = err instanceof Error ? err.message : String(err);
          const permanent = err instanceof MailSendError && err.permanent;
          const last = permanent || ctx.attempt >= mailRetryPolicy.maxAttempts;
          await updateMailDelivery(deps.db, mailId, {
            status: last ? 'failed' : 'queued',
            lastError: error,
            sentAt: null,
            now: now(),
          });
          throw permanent ? new PermanentJobError(error) : err;
        }
        await updateMailDelivery(deps.db, mailId, {
          status: 'sent',
          lastError: null,
          sentAt: now(),
          now: now(),
        });
      },
    },
  ];
}
