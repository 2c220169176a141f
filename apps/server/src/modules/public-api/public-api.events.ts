import type { InvitationEventListener, InvitationEventType } from '../invitations/index.js';
import type { WebhookEvent, WebhooksService } from '../webhooks/index.js';
import { presentWebhookData } from './public-api.presenter.js';
import { findInvitationForEvent } from './public-api.repository.js';

/** Which invitation changes become which webhook events (the others are internal). */
export const WEBHOOK_EVENT_OF: Partial<Record<InvitationEventType, WebhookEvent['type']>> = {
  'invitations.created': 'invitation.created',
  'invitations.started': 'invitation.started',
  'invitations.submitted': 'invitation.submitted',
  'invitations.expired': 'invitation.expired',
  'invitations.cancelled': 'invitation.revoked',
  'invitations.graded': 'report.ready',
  'invitations.rescored': 'report.ready',
};

/**
 * The invitation listener that publishes `invitation.*` and `report.ready` webhook events,
 * in the transaction of the change (a delivery row and its job per subscribed endpoint, so
 * the event exists exactly when the change commits).
 */
export function invitationWebhookPublisher(deps: {
  webhooks: Pick<WebhooksService, 'publishEvent'>;
  publicUrl: string;
}): InvitationEventListener {
  return async (trx, event) => {
    const type = WEBHOOK_EVENT_OF[event.type];
    if (!type) return;
    const row = await findInvitationForEvent(trx, event.invitationId);
    if (!row) return;
    await deps.webhooks.publishEvent(trx, {
      organizationId: row.organization_id,
      type,
      data: presentWebhookData(row, deps.publicUrl, { rescored: event.type === 'invitations.rescored' }),
    });
  };
}
