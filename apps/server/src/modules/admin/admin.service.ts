import type { AuditEventsQuery, MailLogQuery } from '@assay/contracts';
import type { Db } from '../../db/index.js';
import type { Clock } from '../../platform/clock/index.js';
import { PlatformErrors } from '../../platform/errors/index.js';
import type { DeadLetters } from '../../platform/jobs/index.js';
import { findMailById, findMails } from '../../platform/mail/index.js';
import { listAuditEvents, recordAuditEvent } from '../audit/index.js';
import {
  presentAuditEvent,
  presentFailedJob,
  presentMailDetail,
  presentMailSummary,
} from './admin.presenter.js';

export interface AdminDeps {
  db: Db;
  clock: Clock;
  deadLetters: DeadLetters;
}

/** Who acts: the signed-in owner/admin (routes check the role). */
export interface AdminActor {
  userId: string;
}

/** Settings → Mail log, Audit log, Failed jobs. Callers have checked owner/admin of `orgId`. */
export function createAdminService(deps: AdminDeps) {
  const { db, clock, deadLetters } = deps;
  return {
    /** One organization's mails, newest first, without bodies. */
    async listMails(orgId: string, query: MailLogQuery) {
      const before = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
      const rows = await findMails(db, {
        organizationId: orgId,
        ...(query.status ? { status: query.status } : {}),
        ...(before ? { before: { createdAt: before[0], id: before[1] } } : {}),
        limit: query.limit + 1,
      });
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return {
        items: page.map(presentMailSummary),
        nextCursor: rows.length > query.limit && last ? encodeCursor([last.created_at, last.id]) : null,
      };
    },

    /** One mail with its bodies. @throws resource.not_found (absent or another organization's) */
    async getMail(orgId: string, mailId: string) {
      const row = await findMailById(db, mailId);
      if (!row || row.organization_id !== orgId) {
        throw PlatformErrors.create('resource.not_found', { message: 'Mail not found.' });
      }
      return presentMailDetail(row);
    },

    async listAuditEvents(orgId: string, query: AuditEventsQuery) {
      const { limit, cursor, action, actorUserId, subjectType, subjectId, from, to } = query;
      const page = await listAuditEvents(db, {
        organizationId: orgId,
        limit,
        ...(cursor !== undefined ? { cursor } : {}),
        ...(action !== undefined ? { action } : {}),
        ...(actorUserId !== undefined ? { actorUserId } : {}),
        ...(subjectType !== undefined ? { subjectType } : {}),
        ...(subjectId !== undefined ? { subjectId } : {}),
        ...(from !== undefined ? { from: new Date(from).toISOString() } : {}),
        ...(to !== undefined ? { to: new Date(to).toISOString() } : {}),
      });
      return { items: page.items.map(presentAuditEvent), nextCursor: page.nextCursor };
    },

    async listFailedJobs(orgId: string) {
      const jobs = await deadLetters.listDeadJobs({ organizationId: orgId, limit: 200 });
      return { items: jobs.map(presentFailedJob) };
    },

    /** Re-queue a dead job of this organization. @throws resource.not_found */
    async retryFailedJob(actor: AdminActor, orgId: string, jobId: string) {
      const retried = await deadLetters.retryDeadJob({ organizationId: orgId, jobId });
      if (!retried) throw PlatformErrors.create('resource.not_found', { message: 'Failed job not found.' });
      await recordAuditEvent(db, {
        organizationId: orgId,
        actorUserId: actor.userId,
        action: 'admin.job_retried',
        subjectType: 'job',
        subjectId: jobId,
        occurredAt: clock.now(),
      });
    },
  };
}

export type AdminService = ReturnType<typeof createAdminService>;

function encodeCursor(parts: [string, string]): string {
  return Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): [string, string] | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && typeof value[0] === 'string' && typeof value[1] === 'string') {
      return [value[0], value[1]];
    }
  } catch {
    // an unreadable cursor starts from the newest mail
  }
  return undefined;
}
