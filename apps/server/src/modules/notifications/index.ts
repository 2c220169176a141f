import type { InvitationEventListener } from '../invitations/index.js';
import { notificationsRoutes } from './notifications.routes.js';
import { createNotificationsService, type NotificationsDeps } from './notifications.service.js';

/**
 * Recruiter notifications. `main` subscribes `onInvitationEvent` to the invitations module
 * (`invitations.subscribe`), so the mails are queued in the transaction of the change.
 */
export function createNotificationsModule(deps: NotificationsDeps) {
  const service = createNotificationsService(deps);
  const onInvitationEvent: InvitationEventListener = (trx, event) => service.onInvitationEvent(trx, event);
  return { service, routes: notificationsRoutes({ notifications: service }), onInvitationEvent };
}

export type NotificationsModule = ReturnType<typeof createNotificationsModule>;
export type { NotificationsDeps, NotificationsService, NotificationActor } from './notifications.service.js';
