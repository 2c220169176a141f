import type { DbOrTrx } from '../../db/index.js';
import type { Clock } from '../clock/index.js';
import { newId } from '../crypto/index.js';
import type { Queue } from '../jobs/index.js';
import { sendMessageJob } from './mail.jobs.js';
import { insertMail } from './mail.repository.js';
import type { MailMessage, MailQueue } from './mailer.js';

/**
 * The MailQueue port: store the message in `mails` and enqueue `mail.send-message` in
 * the caller's transaction, so the mail exists iff the change that caused it commits.
 */
export function createMailQueue(deps: { queue: Queue; clock: Clock }): MailQueue {
  return {
    async queueMail(trx: DbOrTrx, message: MailMessage) {
      const now = deps.clock.now().toISOString();
      const mailId = newId();
      await insertMail(trx, {
        id: mailId,
        organization_id: message.organizationId,
        to_address: message.to,
        kind: message.kind,
        subject: message.subject,
        text_body: message.text,
        html_body: message.html,
        status: 'queued',
        attempts: 0,
        last_error: null,
        created_at: now,
        updated_at: now,
        sent_at: null,
      });
      await deps.queue.enqueue(
        trx,
        sendMessageJob,
        { mailId },
        {
          key: mailId,
          organizationId: message.organizationId,
        },
      );
      return { mailId };
    },
  };
}
