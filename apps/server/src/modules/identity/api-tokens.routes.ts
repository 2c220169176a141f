import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  ApiTokenListSchema,
  ApiTokenParamsSchema,
  CreateApiTokenBodySchema,
  CreatedApiTokenSchema,
  OrgParamsSchema,
} from '@assay/contracts';
import { z } from 'zod';
import { authenticate, requireAuth, requireRecentReauth, requireRole } from './identity.http.js';
import type { ApiTokensService } from './api-tokens.service.js';

/** Settings → API tokens: each member manages their own tokens for the organization. */
export const apiTokensRoutes =
  (deps: { apiTokens: ApiTokensService }): FastifyPluginAsyncZod =>
  (app) => {
    const { apiTokens } = deps;

    app.get(
      '/api/orgs/:orgId/api-tokens',
      { onRequest: authenticate, schema: { params: OrgParamsSchema, response: { 200: ApiTokenListSchema } } },
      async (request, reply) => {
        requireRole(request, request.params.orgId, 'reviewer');
        void reply.header('cache-control', 'no-store');
        const items = await apiTokens.list({
          userId: requireAuth(request).user.id,
          organizationId: request.params.orgId,
        });
        return { items };
      },
    );

    app.post(
      '/api/orgs/:orgId/api-tokens',
      {
        onRequest: authenticate,
        schema: {
          params: OrgParamsSchema,
          body: CreateApiTokenBodySchema,
          response: { 201: CreatedApiTokenSchema },
        },
      },
      async (request, reply) => {
        const membership = requireRole(request, request.params.orgId, 'reviewer');
        requireRecentReauth(request);
        const created = await apiTokens.create(
          {
            userId: requireAuth(request).user.id,
            organizationId: request.params.orgId,
            role: membership.role,
          },
          request.body,
        );
        void reply.header('cache-control', 'no-store');
        return reply.status(201).send(created);
      },
    );

    app.delete(
      '/api/orgs/:orgId/api-tokens/:tokenId',
      { onRequest: authenticate, schema: { params: ApiTokenParamsSchema, response: { 204: z.null() } } },
      async (request, reply) => {
        requireRole(request, request.params.orgId, 'reviewer');
        await apiTokens.revoke(
          { userId: requireAuth(request).user.id, organizationId: request.params.orgId },
          request.params.tokenId,
        );
        return reply.status(204).send(null);
      },
    );

    return Promise.resolve();
  };
