import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  EmptyBodySchema,
  IntegrationCredentialsBodySchema,
  IntegrationDeliveriesQuerySchema,
  IntegrationDeliveryListSchema,
  IntegrationDeliveryParamsSchema,
  IntegrationDeliverySchema,
  IntegrationErrorListSchema,
  IntegrationKeyParamsSchema,
  IntegrationListSchema,
  IntegrationParamsSchema,
  IntegrationSchema,
  IssuedIntegrationKeySchema,
  OrgParamsSchema,
} from '@assay/contracts';
import { z } from 'zod';
import { authenticate, requireAuth, requireRecentReauth, requireRole } from '../identity/index.js';
import type { AtsActor, AtsService } from './ats.service.js';

/** The caller as an owner/admin of `orgId` (404 for other organizations, 403 below admin). */
function adminOf(request: FastifyRequest, orgId: string): AtsActor {
  requireRole(request, orgId, 'admin');
  return { userId: requireAuth(request).user.id, organizationId: orgId };
}

/** Settings → Integrations (owner/admin), for every provider. */
export const atsRoutes =
  (deps: { ats: AtsService }): FastifyPluginAsyncZod =>
  (app) => {
    const { ats } = deps;
    const base = '/api/orgs/:orgId/integrations';

    app.get(
      base,
      {
        onRequest: authenticate,
        schema: { params: OrgParamsSchema, response: { 200: IntegrationListSchema } },
      },
      async (request) => {
        adminOf(request, request.params.orgId);
        return { items: await ats.list(request.params.orgId) };
      },
    );

    app.get(
      `${base}/deliveries`,
      {
        onRequest: authenticate,
        schema: {
          params: OrgParamsSchema,
          querystring: IntegrationDeliveriesQuerySchema,
          response: { 200: IntegrationDeliveryListSchema },
        },
      },
      async (request) => {
        adminOf(request, request.params.orgId);
        return ats.listDeliveries(request.params.orgId, request.query);
      },
    );

    app.post(
      `${base}/deliveries/:deliveryId/retry`,
      {
        onRequest: authenticate,
        schema: {
          params: IntegrationDeliveryParamsSchema,
          body: EmptyBodySchema,
          response: { 202: IntegrationDeliverySchema },
        },
      },
      async (request, reply) => {
        const actor = adminOf(request, request.params.orgId);
        return reply.status(202).send(await ats.retryDelivery(actor, request.params.deliveryId));
      },
    );

    app.get(
      `${base}/errors`,
      {
        onRequest: authenticate,
        schema: { params: OrgParamsSchema, response: { 200: IntegrationErrorListSchema } },
      },
      async (request) => {
        adminOf(request, request.params.orgId);
        return { items: await ats.listErrors(request.params.orgId) };
      },
    );

    app.post(
      `${base}/:provider/keys`,
      {
        onRequest: authenticate,
        schema: {
          params: IntegrationParamsSchema,
          body: EmptyBodySchema,
          response: { 201: IssuedIntegrationKeySchema },
        },
      },
      async (request, reply) => {
        const actor = adminOf(request, request.params.orgId);
        requireRecentReauth(request);
        const issued = await ats.issueKey(actor, request.params.provider);
        void reply.header('cache-control', 'no-store');
        return reply.status(201).send(issued);
      },
    );

    app.delete(
      `${base}/:provider/keys/:keyId`,
      {
        onRequest: authenticate,
        schema: { params: IntegrationKeyParamsSchema, response: { 204: z.null() } },
      },
      async (request, reply) => {
        const actor = adminOf(request, request.params.orgId);
        await ats.revokeKey(actor, request.params.provider, request.params.keyId);
        return reply.status(204).send(null);
      },
    );

    app.put(
      `${base}/:provider/credentials`,
      {
        onRequest: authenticate,
        schema: {
          params: IntegrationParamsSchema,
          body: IntegrationCredentialsBodySchema,
          response: { 200: IntegrationSchema },
        },
      },
      async (request) => {
        const actor = adminOf(request, request.params.orgId);
        requireRecentReauth(request);
        return ats.putCredentials(actor, request.params.provider, request.body);
      },
    );

    app.delete(
      `${base}/:provider`,
      {
        onRequest: authenticate,
        schema: { params: IntegrationParamsSchema, response: { 200: IntegrationSchema } },
      },
      async (request) => {
        const actor = adminOf(request, request.params.orgId);
        requireRecentReauth(request);
        return ats.disconnect(actor, request.params.provider);
      },
    );

    return Promise.resolve();
  };
