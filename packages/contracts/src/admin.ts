import { z } from 'zod';
import { OrgParamsSchema } from './identity.js';

/**
 * Settings → Mail log, Audit log and Failed jobs (owner/admin of :orgId; other
 * organizations → 404; the audit log is append-only: there are no write routes for it).
 *
 *   GET  /api/orgs/:orgId/admin/mails                  MailLogQuery        → MailLog
 *   GET  /api/orgs/:orgId/admin/mails/:mailId                              → MailDetail (bodies included)
 *   GET  /api/orgs/:orgId/admin/audit-events           AuditEventsQuery    → AuditEventList
 *   GET  /api/orgs/:orgId/admin/failed-jobs                                → FailedJobList
 *   POST /api/orgs/:orgId/admin/failed-jobs/:jobId/retry  {}               → 204 (404 when not a dead job of this organization)
 */

export const AdminListLimits = { defaultLimit: 50, maxLimit: 100 } as const;

const limit = z.coerce
  .number()
  .int()
  .min(1)
  .max(AdminListLimits.maxLimit)
  .default(AdminListLimits.defaultLimit);
const cursor = z.string().min(1).max(200).optional();
const isoTimestamp = z.iso.datetime({ offset: true });

export const MailStatusSchema = z.enum(['queued', 'sent', 'stored', 'failed']);
export type MailStatus = z.infer<typeof MailStatusSchema>;

export const MailLogQuerySchema = z.object({ limit, cursor, status: MailStatusSchema.optional() });
export type MailLogQuery = z.infer<typeof MailLogQuerySchema>;

export const MailSummarySchema = z.object({
  id: z.string(),
  to: z.string(),
  kind: z.string(),
  subject: z.string(),
  status: MailStatusSchema,
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export type MailSummary = z.infer<typeof MailSummarySchema>;

export const MailLogSchema = z.object({
  items: z.array(MailSummarySchema),
  nextCursor: z.string().nullable(),
});
export type MailLog = z.infer<typeof MailLogSchema>;

export const MailDetailSchema = MailSummarySchema.extend({ text: z.string(), html: z.string() });
export type MailDetail = z.infer<typeof MailDetailSchema>;

export const MailParamsSchema = OrgParamsSchema.extend({ mailId: z.string().min(1).max(64) });

export const AuditEventsQuerySchema = z.object({
  limit,
  cursor,
  action: z.string().min(1).max(100).optional(),
  actorUserId: z.string().min(1).max(64).optional(),
  subjectType: z.string().min(1).max(100).optional(),
  subjectId: z.string().min(1).max(64).optional(),
  from: isoTimestamp.optional(),
  to: isoTimestamp.optional(),
});
export type AuditEventsQuery = z.infer<typeof AuditEventsQuerySchema>;

export const AuditEventSchema = z.object({
  id: z.string(),
  actorUserId: z.string().nullable(),
  action: z.string(),
  subjectType: z.string(),
  subjectId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  occurredAt: z.string(),
});
export type AuditEvent = z.infer<typeof AuditEventSchema>;

export const AuditEventListSchema = z.object({
  items: z.array(AuditEventSchema),
  nextCursor: z.string().nullable(),
});
export type AuditEventList = z.infer<typeof AuditEventListSchema>;

export const FailedJobSchema = z.object({
  id: z.string(),
  name: z.string(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  failedAt: z.string(),
});
export type FailedJob = z.infer<typeof FailedJobSchema>;

export const FailedJobListSchema = z.object({ items: z.array(FailedJobSchema) });
export type FailedJobList = z.infer<typeof FailedJobListSchema>;

export const FailedJobParamsSchema = OrgParamsSchema.extend({ jobId: z.string().min(1).max(64) });
