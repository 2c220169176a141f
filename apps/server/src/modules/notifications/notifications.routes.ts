import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { NotificationPreferencesSchema, OrgParamsSchema } from '@assay/contracts';
import { authenticate, requireAuth, requireRole } from '../identity/index.js';
import type { NotificationActor, NotificationsService } from './notifications.service.js';

/** The signed-in member of `orgId` (any role; other organizations → 404). */
function memberOf(request: FastifyRequest, orgId: string): NotificationActor {
  requireRole(request, orgId, 'reviewer');
  return { userId: requireAuth(request).user.id, organizationId: orgId };
}

/** Settings → Notifications: the caller's own preferences. */
export const notificationsRoutes =
  (deps: { notifications: NotificationsService }): FastifyPluginAsyncZod =>
  (app) => {
    const { notifications } = deps;
    const path = '/api/orgs/:orgId/notification-preferences';

    app.get(
      path,
      {
        onRequest: authenticate,
        schema: { params: OrgParamsSchema, response: { 200: NotificationPreferencesSchema } },
      },
      async (request) => notifications.getPreferences(memberOf(request, request.params.orgId)),
    );

    app.put(
      path,
      {
        onRequest: authenticate,
        schema: {
          params: OrgParamsSchema,
          body: NotificationPreferencesSchema,
          response: { 200: NotificationPreferencesSchema },
        },
      },
      async (request) =>
        notifications.updatePreferences(memberOf(request, request.params.orgId), request.body),
    );
    return Promise.resolve();
  };
