import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import {
  CreateWebhookBodySchema,
  CreatedWebhookEndpointSchema,
  EmptyBodySchema,
  OrgParamsSchema,
  RotatedWebhookSecretSchema,
  UpdateWebhookBodySchema,
  WebhookDeliveriesQuerySchema,
  WebhookDeliveryListSchema,
  WebhookDeliveryParamsSchema,
  WebhookDeliverySchema,
  WebhookEndpointListSchema,
  WebhookEndpointSchema,
  WebhookParamsSchema,
} from '@assay/contracts';
import { z } from 'zod';
import { authenticate, requireAuth, requireRecentReauth, requireRole } from '../identity/index.js';
import type { WebhookActor, WebhooksService } from './webhooks.service.js';

/** The caller as an admin of `orgId` (404 for other organizations, 403 below admin). */
function adminOf(request: FastifyRequest, orgId: string): WebhookActor {
  requireRole(request, orgId, 'admin');
  return { userId: requireAuth(request).user.id, organizationId: orgId };
}

/** Settings → Webhooks (owner/admin). */
export const webhooksRoutes =
  (deps: { webhooks: WebhooksService }): FastifyPluginAsyncZod =>
  (app) => {
    const { webhooks } = deps;
    const base = '/api/orgs/:orgId/webhooks';

    app.get(
      base,
      {
        onRequest: authenticate,
        schema: { params: OrgParamsSchema, response: { 200: WebhookEndpointListSchema } },
      },
      async (request) => {
        adminOf(request, request.params.orgId);
        return { items: await webhooks.listEndpoints(request.params.orgId) };
      },
    );

    app.post(
      base,
      {
        onRequest: authenticate,
        schema: {
          params: OrgParamsSchema,
          body: CreateWebhookBodySchema,
          response: { 201: CreatedWebhookEndpointSchema },
        },
      },
      async (request, reply) => {
        const actor = adminOf(request, request.params.orgId);
        requireRecentReauth(request);
        const created = await webhooks.createEndpoint(actor, request.body);
        void reply.header('cache-control', 'no-store');
        return reply.status(201).send(created);
      },
    );

    app.patch(
      `${base}/:endpointId`,
      {
        onRequest: authenticate,
        schema: {
          params: WebhookParamsSchema,
          body: UpdateWebhookBodySchema,
          response: { 200: WebhookEndpointSchema },
        },
      },
      async (request) => {
        const actor = adminOf(request, request.params.orgId);
        return webhooks.updateEndpoint(actor, request.params.endpointId, request.body);
      },
    );

    app.delete(
      `${base}/:endpointId`,
      { onRequest: authenticate, schema: { params: WebhookParamsSchema, response: { 204: z.null() } } },
      async (request, reply) => {
        await webhooks.deleteEndpoint(adminOf(request, request.params.orgId), request.params.endpointId);
        return reply.status(204).send(null);
      },
    );

    app.post(
      `${base}/:endpointId/rotate-secret`,
      {
        onRequest: authenticate,
        schema: {
          params: WebhookParamsSchema,
          body: EmptyBodySchema,
          response: { 200: RotatedWebhookSecretSchema },
        },
      },
      async (request, reply) => {
        const actor = adminOf(request, request.params.orgId);
        requireRecentReauth(request);
        void reply.header('cache-control', 'no-store');
        return webhooks.rotateSecret(actor, request.params.endpointId);
      },
    );

    app.post(
      `${base}/:endpointId/test`,
      {
        onRequest: authenticate,
        schema: {
          params: WebhookParamsSchema,
          body: EmptyBodySchema,
          response: { 202: WebhookDeliverySchema },
        },
      },
      async (request, reply) => {
        const delivery = await webhooks.sendTest(
          adminOf(request, request.params.orgId),
          request.params.endpointId,
        );
        return reply.status(202).send(delivery);
      },
    );

    app.get(
      `${base}/:endpointId/deliveries`,
      {
        onRequest: authenticate,
        schema: {
          params: WebhookParamsSchema,
          querystring: WebhookDeliveriesQuerySchema,
          response: { 200: WebhookDeliveryListSchema },
        },
      },
      async (request) => {
        const actor = adminOf(request, request.params.orgId);
        return { items: await webhooks.listDeliveries(actor, request.params.endpointId, request.query) };
      },
    );

    app.post(
      `${base}/deliveries/:deliveryId/retry`,
      {
        onRequest: authenticate,
        schema: {
          params: WebhookDeliveryParamsSchema,
          body: EmptyBodySchema,
          response: { 202: WebhookDeliverySchema },
        },
      },
      async (request, reply) => {
        const delivery = await webhooks.retryDelivery(
          adminOf(request, request.params.orgId),
          request.params.deliveryId,
        );
        return reply.status(202).send(delivery);
      },
    );

    return Promise.resolve();
  };
