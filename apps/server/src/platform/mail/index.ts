export type { MailBranding, MailContent, MailMessage, MailQueue } from './mailer.js';
export { renderMail, escapeHtml } from './render-mail.js';
export { createMailQueue } from './mail-queue.js';
export { createMailJobs, sendMessageJob, type MailJobsDeps } from './mail.jobs.js';
export {
  createSmtpTransport,
  classifySmtpError,
  MailSendError,
  type MailTransport,
  type OutgoingMail,
} from './smtp-transport.js';
export { findMailById, findMails, type MailRow, type MailSummaryRow } from './mail.repository.js';
