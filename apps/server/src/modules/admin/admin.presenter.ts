import type { AuditEvent, FailedJob, MailDetail, MailSummary } from '@assay/contracts';
import type { DeadJob } from '../../platform/jobs/index.js';
import type { MailRow, MailSummaryRow } from '../../platform/mail/index.js';
import type { AuditEvent as AuditEventRecord } from '../audit/index.js';

export const presentMailSummary = (row: MailSummaryRow): MailSummary => ({
  id: row.id,
  to: row.to_address,
  kind: row.kind,
  subject: row.subject,
  status: row.status,
  attempts: row.attempts,
  lastError: row.last_error,
  createdAt: row.created_at,
  sentAt: row.sent_at,
});

export const presentMailDetail = (row: MailRow): MailDetail => ({
  ...presentMailSummary(row),
  text: row.text_body,
  html: row.html_body,
});

export const presentAuditEvent = (event: AuditEventRecord): AuditEvent => ({
  id: event.id,
  actorUserId: event.actorUserId,
  action: event.action,
  subjectType: event.subjectType,
  subjectId: event.subjectId,
  data: event.data,
  occurredAt: event.occurredAt,
});

export const presentFailedJob = (job: DeadJob): FailedJob => ({
  id: job.id,
  name: job.name,
  attempts: job.attempts,
  lastError: job.lastError,
  failedAt: job.failedAt,
});
