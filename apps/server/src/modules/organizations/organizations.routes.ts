import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import {
  AcceptMemberInvitationBodySchema,
  ChangeMemberRoleBodySchema,
  EmptyBodySchema,
  InviteMemberBodySchema,
  MemberInvitationListSchema,
  MemberInvitationLookupBodySchema,
  MemberInvitationParamsSchema,
  MemberInvitationPreviewSchema,
  MemberInvitationSchema,
  MemberListSchema,
  MemberParamsSchema,
  MemberSchema,
  OrganizationSettingsSchema,
  OrgParamsSchema,
  SessionResponseSchema,
  SetupBodySchema,
  UpdateOrganizationSettingsBodySchema,
} from '@assay/contracts';
import { z } from 'zod';
import {
  authenticate,
  requireAuth,
  requireRole,
  type IdentityService,
  type SessionCookies,
} from '../identity/index.js';
import { ORGANIZATION_PERMISSIONS, type OrganizationPermission } from './organizations.policy.js';
import type { Actor, OrganizationsService } from './organizations.service.js';

const NoContent = z.null();

/** The caller as an actor in `orgId`, if their role allows `permission` (404 / 403 otherwise). */
function actorFor(request: FastifyRequest, orgId: string, permission: OrganizationPermission): Actor {
  const membership = requireRole(request, orgId, ORGANIZATION_PERMISSIONS[permission]);
  const auth = requireAuth(request);
  return { userId: auth.user.id, role: membership.role, recentReauth: auth.recentReauth };
}

/** Setup, organization settings, members and member invitations. */
export const organizationsRoutes =
  (deps: {
    organizations: OrganizationsService;
    identity: Pick<IdentityService, 'describeNewSession'>;
    cookies: SessionCookies;
  }): FastifyPluginAsyncZod =>
  (app) => {
    const { organizations, identity, cookies } = deps;

    app.post(
      '/api/setup',
      { schema: { body: SetupBodySchema, response: { 201: SessionResponseSchema } } },
      async (request, reply) => {
        const result = await organizations.setup(request.body);
        cookies.setSession(reply, result.cookieValue);
        const { response } = await identity.describeNewSession(result.cookieValue);
        return reply.status(201).send(response);
      },
    );

    app.post(
      '/api/member-invitations/lookup',
      {
        schema: { body: MemberInvitationLookupBodySchema, response: { 200: MemberInvitationPreviewSchema } },
      },
      async (request) => organizations.previewMemberInvitation(request.body.token),
    );

    app.post(
      '/api/member-invitations/accept',
      { schema: { body: AcceptMemberInvitationBodySchema, response: { 200: SessionResponseSchema } } },
      async (request, reply) => {
        const result = await organizations.acceptMemberInvitation(request.body, {
          auth: request.auth,
          previousCookie: cookies.readSession(request),
          ip: request.ip,
        });
        cookies.setSession(reply, result.cookieValue);
        return (await identity.describeNewSession(result.cookieValue)).response;
      },
    );

    // Everything below is organization-scoped and needs a session.
    app.register((scoped) => {
      scoped.addHook('onRequest', authenticate);
      const s = scoped.withTypeProvider<import('fastify-type-provider-zod').ZodTypeProvider>();

      s.get(
        '/api/orgs/:orgId/settings',
        { schema: { params: OrgParamsSchema, response: { 200: OrganizationSettingsSchema } } },
        async (request) => {
          actorFor(request, request.params.orgId, 'organization:read');
          return organizations.getSettings(request.params.orgId);
        },
      );

      s.patch(
        '/api/orgs/:orgId/settings',
        {
          schema: {
            params: OrgParamsSchema,
            body: UpdateOrganizationSettingsBodySchema,
            response: { 200: OrganizationSettingsSchema },
          },
        },
        async (request) => {
          const actor = actorFor(request, request.params.orgId, 'organization:update');
          return organizations.updateSettings(actor, request.params.orgId, request.body);
        },
      );

      s.get(
        '/api/orgs/:orgId/members',
        { schema: { params: OrgParamsSchema, response: { 200: MemberListSchema } } },
        async (request) => {
          actorFor(request, request.params.orgId, 'members:read');
          return { members: await organizations.listMembers(request.params.orgId) };
        },
      );

      s.patch(
        '/api/orgs/:orgId/members/:userId',
        {
          schema: {
            params: MemberParamsSchema,
            body: ChangeMemberRoleBodySchema,
            response: { 200: MemberSchema },
          },
        },
        async (request) => {
          const { orgId, userId } = request.params;
          const actor = actorFor(request, orgId, 'members:change_role');
          return organizations.changeMemberRole(actor, orgId, userId, request.body.role);
        },
      );

      s.delete(
        '/api/orgs/:orgId/members/:userId',
        {
          schema: {
            params: MemberParamsSchema,
            body: EmptyBodySchema.optional(),
            response: { 204: NoContent },
          },
        },
        async (request, reply) => {
          const { orgId, userId } = request.params;
          const actor = actorFor(request, orgId, 'members:remove');
          await organizations.removeMember(actor, orgId, userId);
          return reply.status(204).send(null);
        },
      );

      s.get(
        '/api/orgs/:orgId/member-invitations',
        { schema: { params: OrgParamsSchema, response: { 200: MemberInvitationListSchema } } },
        async (request) => {
          actorFor(request, request.params.orgId, 'members:invite');
          return { invitations: await organizations.listMemberInvitations(request.params.orgId) };
        },
      );

      s.post(
        '/api/orgs/:orgId/member-invitations',
        {
          schema: {
            params: OrgParamsSchema,
            body: InviteMemberBodySchema,
            response: { 201: MemberInvitationSchema },
          },
        },
        async (request, reply) => {
          const actor = actorFor(request, request.params.orgId, 'members:invite');
          const invitation = await organizations.inviteMember(actor, request.params.orgId, request.body);
          return reply.status(201).send(invitation);
        },
      );

      s.delete(
        '/api/orgs/:orgId/member-invitations/:invitationId',
        {
          schema: {
            params: MemberInvitationParamsSchema,
            body: EmptyBodySchema.optional(),
            response: { 204: NoContent },
          },
        },
        async (request, reply) => {
          const { orgId, invitationId } = request.params;
          const actor = actorFor(request, orgId, 'members:invite');
          await organizations.revokeMemberInvitation(actor, orgId, invitationId);
          return reply.status(204).send(null);
        },
      );
      return Promise.resolve();
    });

    return Promise.resolve();
  };
