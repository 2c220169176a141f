import {
  AuditEventListSchema,
  AuditEventsQuerySchema,
  FailedJobListSchema,
  FailedJobParamsSchema,
  MailDetailSchema,
  MailLogQuerySchema,
  MailLogSchema,
  MailParamsSchema,
  OrgParamsSchema,
} from '@assay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authenticate, requireAuth, requireRole } from '../identity/index.js';
import type { AdminService } from './admin.service.js';

/** Settings → Mail log, Audit log, Failed jobs: owner/admin only. */
export const adminRoutes =
  (deps: { admin: AdminService }): FastifyPluginAsyncZod =>
  (app) => {
    const { admin } = deps;
    // This plugin is its own encapsulation context: the hook covers only these routes.
    app.addHook('onRequest', authenticate);

    app.get(
      '/api/orgs/:orgId/admin/mails',
      {
        schema: {
          params: OrgParamsSchema,
          querystring: MailLogQuerySchema,
          response: { 200: MailLogSchema },
        },
      },
      async (request) => {
        requireRole(request, request.params.orgId, 'admin');
        return admin.listMails(request.params.orgId, request.query);
      },
    );

    app.get(
      '/api/orgs/:orgId/admin/mails/:mailId',
      { schema: { params: MailParamsSchema, response: { 200: MailDetailSchema } } },
      async (request, reply) => {
        requireRole(request, request.params.orgId, 'admin');
        // Bodies may hold one-time links: never cache them.
        void reply.header('cache-control', 'no-store');
        return admin.getMail(request.params.orgId, request.params.mailId);
      },
    );

    app.get(
      '/api/orgs/:orgId/admin/audit-events',
      {
        schema: {
          params: OrgParamsSchema,
          querystring: AuditEventsQuerySchema,
          response: { 200: AuditEventListSchema },
        },
      },
      async (request) => {
        requireRole(request, request.params.orgId, 'admin');
        return admin.listAuditEvents(request.params.orgId, request.query);
      },
    );

    app.get(
      '/api/orgs/:orgId/admin/failed-jobs',
      { schema: { params: OrgParamsSchema, response: { 200: FailedJobListSchema } } },
      async (request) => {
        requireRole(request, request.params.orgId, 'admin');
        return admin.listFailedJobs(request.params.orgId);
      },
    );

    app.post(
      '/api/orgs/:orgId/admin/failed-jobs/:jobId/retry',
      { schema: { params: FailedJobParamsSchema, response: { 204: z.null() } } },
      async (request, reply) => {
        requireRole(request, request.params.orgId, 'admin');
        const { user } = requireAuth(request);
        await admin.retryFailedJob({ userId: user.id }, request.params.orgId, request.params.jobId);
        return reply.status(204).send(null);
      },
    );
    return Promise.resolve();
  };
