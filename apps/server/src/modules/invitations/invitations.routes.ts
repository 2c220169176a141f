import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import {
  ActivitiesPageSchema,
  ActivitiesQuerySchema,
  BulkInviteBodySchema,
  BulkInviteResultSchema,
  CandidateDetailSchema,
  CandidateInvitationLandingSchema,
  CandidateInvitationLookupBodySchema,
  CandidateParamsSchema,
  CreateInvitationBodySchema,
  EmptyBodySchema,
  ExtendTimeBodySchema,
  ExtendValidityBodySchema,
  InvitationParamsSchema,
  InvitationSchema,
  OrgParamsSchema,
  ReinviteBodySchema,
} from '@assay/contracts';
import { authenticate, requireAuth, requireRole } from '../identity/index.js';
import { INVITATION_PERMISSIONS, type InvitationPermission } from './invitations.policy.js';
import type { InvitationActor, InvitationsService } from './invitations.service.js';

/** The caller as an actor in `orgId`, if their role allows `permission` (404 / 403 otherwise). */
function actorFor(request: FastifyRequest, orgId: string, permission: InvitationPermission): InvitationActor {
  const membership = requireRole(request, orgId, INVITATION_PERMISSIONS[permission]);
  return { userId: requireAuth(request).user.id, role: membership.role };
}

/** Invitations, their recruiter actions, Activities, the candidate page and the candidate link. */
export const invitationsRoutes =
  (deps: { invitations: InvitationsService }): FastifyPluginAsyncZod =>
  (app) => {
    const { invitations } = deps;

    // Public: the candidate's landing page posts the token from the URL fragment.
    app.post(
      '/api/candidate/invitation',
      {
        schema: {
          body: CandidateInvitationLookupBodySchema,
          response: { 200: CandidateInvitationLandingSchema },
        },
        config: { rateLimitPolicy: 'unauthenticated' },
      },
      async (request, reply) => {
        // The landing page must not leak its URL (token in the fragment) to anything it loads.
        reply.header('referrer-policy', 'no-referrer');
        return invitations.openByToken(request.body.token);
      },
    );

    app.register((scoped) => {
      scoped.addHook('onRequest', authenticate);
      const s = scoped.withTypeProvider<ZodTypeProvider>();

      s.post(
        '/api/orgs/:orgId/invitations',
        {
          schema: {
            params: OrgParamsSchema,
            body: CreateInvitationBodySchema,
            response: { 201: InvitationSchema },
          },
        },
        async (request, reply) => {
          const actor = actorFor(request, request.params.orgId, 'invitations:write');
          const invitation = await invitations.inviteCandidate(actor, request.params.orgId, request.body);
          return reply.status(201).send(invitation);
        },
      );

      s.post(
        '/api/orgs/:orgId/invitations/bulk',
        {
          schema: {
            params: OrgParamsSchema,
            body: BulkInviteBodySchema,
            response: { 200: BulkInviteResultSchema },
          },
        },
        async (request) => {
          const actor = actorFor(request, request.params.orgId, 'invitations:write');
          return invitations.bulkInvite(actor, request.params.orgId, request.body);
        },
      );

      s.get(
        '/api/orgs/:orgId/invitations/:invitationId',
        { schema: { params: InvitationParamsSchema, response: { 200: InvitationSchema } } },
        async (request) => {
          const { orgId, invitationId } = request.params;
          actorFor(request, orgId, 'invitations:read');
          return invitations.get(orgId, invitationId);
        },
      );

      s.post(
        '/api/orgs/:orgId/invitations/:invitationId/cancel',
        {
          schema: {
            params: InvitationParamsSchema,
            body: EmptyBodySchema,
            response: { 200: InvitationSchema },
          },
        },
        async (request) => {
          const { orgId, invitationId } = request.params;
          return invitations.cancel(actorFor(request, orgId, 'invitations:write'), orgId, invitationId);
        },
      );

      s.post(
        '/api/orgs/:orgId/invitations/:invitationId/extend-time',
        {
          schema: {
            params: InvitationParamsSchema,
            body: ExtendTimeBodySchema,
            response: { 200: InvitationSchema },
          },
        },
        async (request) => {
          const { orgId, invitationId } = request.params;
          const actor = actorFor(request, orgId, 'invitations:write');
          return invitations.extendTime(actor, orgId, invitationId, request.body.minutes);
        },
      );

      s.post(
        '/api/orgs/:orgId/invitations/:invitationId/extend-validity',
        {
          schema: {
            params: InvitationParamsSchema,
            body: ExtendValidityBodySchema,
            response: { 200: InvitationSchema },
          },
        },
        async (request) => {
          const { orgId, invitationId } = request.params;
          const actor = actorFor(request, orgId, 'invitations:write');
          return invitations.extendValidity(actor, orgId, invitationId, request.body.days);
        },
      );

      s.post(
        '/api/orgs/:orgId/invitations/:invitationId/resend',
        {
          schema: {
            params: InvitationParamsSchema,
            body: EmptyBodySchema,
            response: { 200: InvitationSchema },
          },
        },
        async (request) => {
          const { orgId, invitationId } = request.params;
          return invitations.resend(actorFor(request, orgId, 'invitations:write'), orgId, invitationId);
        },
      );

      s.post(
        '/api/orgs/:orgId/invitations/:invitationId/reinvite',
        {
          schema: {
            params: InvitationParamsSchema,
            body: ReinviteBodySchema,
            response: { 201: InvitationSchema },
          },
        },
        async (request, reply) => {
          const { orgId, invitationId } = request.params;
          const actor = actorFor(request, orgId, 'invitations:write');
          const invitation = await invitations.reinvite(actor, orgId, invitationId, request.body);
          return reply.status(201).send(invitation);
        },
      );

      s.get(
        '/api/orgs/:orgId/candidates/:candidateId',
        { schema: { params: CandidateParamsSchema, response: { 200: CandidateDetailSchema } } },
        async (request) => {
          const { orgId, candidateId } = request.params;
          actorFor(request, orgId, 'invitations:read');
          return invitations.candidateDetail(orgId, candidateId);
        },
      );

      s.get(
        '/api/orgs/:orgId/activities',
        {
          schema: {
            params: OrgParamsSchema,
            querystring: ActivitiesQuerySchema,
            response: { 200: ActivitiesPageSchema },
          },
        },
        async (request) => {
          actorFor(request, request.params.orgId, 'invitations:read');
          return invitations.activities(request.params.orgId, request.query);
        },
      );

      s.get(
        '/api/orgs/:orgId/activities.csv',
        { schema: { params: OrgParamsSchema, querystring: ActivitiesQuerySchema } },
        async (request, reply) => {
          actorFor(request, request.params.orgId, 'invitations:read');
          const csv = await invitations.activitiesCsv(request.params.orgId, request.query);
          return reply
            .header('content-type', 'text/csv; charset=utf-8')
            .header('content-disposition', 'attachment; filename="activities.csv"')
            .send(csv);
        },
      );
      return Promise.resolve();
    });
    return Promise.resolve();
  };
