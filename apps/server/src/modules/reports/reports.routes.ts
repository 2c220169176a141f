import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  AddReportNoteBodySchema,
  CreatedShareLinkSchema,
  CreateShareLinkBodySchema,
  EmptyBodySchema,
  OverrideCriterionBodySchema,
  ReportCodeSchema,
  ReportFileQuerySchema,
  ReportFileSchema,
  ReportLocationSchema,
  ReportNoteSchema,
  ReportParamsSchema,
  ReportSchema,
  SharedReportBodySchema,
  SharedReportSchema,
  ShareLinkParamsSchema,
} from '@assay/contracts';
import { authenticate, requireAuth, requireRole } from '../identity/index.js';
import { REPORT_PERMISSIONS, type ReportPermission } from './reports.policy.js';
import type { ReportActor, ReportsService } from './reports.service.js';

/** The caller as an actor in `orgId`, if their role allows `permission` (404 / 403 otherwise). */
function actorFor(request: FastifyRequest, orgId: string, permission: ReportPermission): ReportActor {
  const membership = requireRole(request, orgId, REPORT_PERMISSIONS[permission]);
  return { userId: requireAuth(request).user.id, role: membership.role };
}

/** Reports (staff, organization-scoped), the locate helper and the public share-link page. */
export const reportsRoutes =
  (deps: { reports: ReportsService }): FastifyPluginAsyncZod =>
  (app) => {
    const { reports } = deps;

    // Public: the share-link page POSTs the token from its URL fragment (never in a path or log).
    app.post(
      '/api/shared-report',
      {
        schema: { body: SharedReportBodySchema, response: { 200: SharedReportSchema } },
        config: { rateLimitPolicy: 'unauthenticated' },
      },
      async (request, reply) => {
        reply.header('referrer-policy', 'no-referrer').header('cache-control', 'no-store');
        return reports.openShared(request.body.token);
      },
    );

    app.register((scoped) => {
      scoped.addHook('onRequest', authenticate);
      const s = scoped.withTypeProvider<ZodTypeProvider>();
      const base = '/api/orgs/:orgId/reports/:invitationId';

      // The permanent URL works whatever organization the web app has selected.
      s.get(
        '/api/reports/:invitationId/locate',
        {
          schema: {
            params: ReportParamsSchema.pick({ invitationId: true }),
            response: { 200: ReportLocationSchema },
          },
        },
        async (request) => {
          const auth = requireAuth(request);
          return reports.locate(
            auth.memberships.map((m) => m.organizationId),
            request.params.invitationId,
          );
        },
      );

      s.get(
        base,
        { schema: { params: ReportParamsSchema, response: { 200: ReportSchema } } },
        async (request) => {
          const { orgId, invitationId } = request.params;
          actorFor(request, orgId, 'reports:read');
          return reports.getReport(orgId, invitationId);
        },
      );

      s.get(
        `${base}/code`,
        { schema: { params: ReportParamsSchema, response: { 200: ReportCodeSchema } } },
        async (request) => {
          const { orgId, invitationId } = request.params;
          actorFor(request, orgId, 'reports:read');
          return reports.code(orgId, invitationId);
        },
      );

      s.get(
        `${base}/code/file`,
        {
          schema: {
            params: ReportParamsSchema,
            querystring: ReportFileQuerySchema,
            response: { 200: ReportFileSchema },
          },
        },
        async (request) => {
          const { orgId, invitationId } = request.params;
          actorFor(request, orgId, 'reports:read');
          return reports.file(orgId, invitationId, request.query.path);
        },
      );

      s.get(`${base}/report.pdf`, { schema: { params: ReportParamsSchema } }, async (request, reply) => {
        const { orgId, invitationId } = request.params;
        actorFor(request, orgId, 'reports:read');
        const pdf = await reports.pdf(orgId, invitationId);
        return reply
          .header('content-type', 'application/pdf')
          .header('content-disposition', `attachment; filename="${pdf.fileName}"`)
          .header('cache-control', 'no-store')
          .send(pdf.data);
      });

      s.post(
        `${base}/notes`,
        {
          schema: {
            params: ReportParamsSchema,
            body: AddReportNoteBodySchema,
            response: { 201: ReportNoteSchema },
          },
        },
        async (request, reply) => {
          const { orgId, invitationId } = request.params;
          const actor = actorFor(request, orgId, 'reports:review');
          const note = await reports.addNote(actor, orgId, invitationId, request.body.body);
          return reply.status(201).send(note);
        },
      );

      s.post(
        `${base}/overrides`,
        {
          schema: {
            params: ReportParamsSchema,
            body: OverrideCriterionBodySchema,
            response: { 200: ReportSchema },
          },
        },
        async (request) => {
          const { orgId, invitationId } = request.params;
          const actor = actorFor(request, orgId, 'reports:review');
          return reports.override(actor, orgId, invitationId, request.body);
        },
      );

      s.post(
        `${base}/regrade`,
        { schema: { params: ReportParamsSchema, body: EmptyBodySchema, response: { 202: ReportSchema } } },
        async (request, reply) => {
          const { orgId, invitationId } = request.params;
          const actor = actorFor(request, orgId, 'reports:regrade');
          return reply.status(202).send(await reports.regrade(actor, orgId, invitationId));
        },
      );

      s.post(
        `${base}/share-links`,
        {
          schema: {
            params: ReportParamsSchema,
            body: CreateShareLinkBodySchema,
            response: { 201: CreatedShareLinkSchema },
          },
        },
        async (request, reply) => {
          const { orgId, invitationId } = request.params;
          const actor = actorFor(request, orgId, 'reports:share');
          const link = await reports.createShareLink(actor, orgId, invitationId, request.body.expiresInDays);
          return reply.status(201).header('cache-control', 'no-store').send(link);
        },
      );

      s.delete(
        `${base}/share-links/:linkId`,
        { schema: { params: ShareLinkParamsSchema, response: { 204: z.null() } } },
        async (request, reply) => {
          const { orgId, invitationId, linkId } = request.params;
          const actor = actorFor(request, orgId, 'reports:share');
          await reports.revokeShareLink(actor, orgId, invitationId, linkId);
          return reply.status(204).send(null);
        },
      );
      return Promise.resolve();
    });
    return Promise.resolve();
  };
