import type { InvitationsService } from '../invitations/index.js';
import type { WebhooksService } from '../webhooks/index.js';
import { invitationWebhookPublisher } from './public-api.events.js';
import { publicApiRoutes } from './public-api.routes.js';
import { createPublicApiService, type PublicApiDeps } from './public-api.service.js';

/**
 * Public API v1 (bearer API tokens) and the invitation webhook events. `main` registers the
 * routes and subscribes the events with `publishInvitationEvents`.
 */
export function createPublicApiModule(deps: PublicApiDeps) {
  const service = createPublicApiService(deps);
  return { service, routes: publicApiRoutes({ publicApi: service }) };
}

/** Publish `invitation.*` and `report.ready` webhook events for every invitation change. */
export function publishInvitationEvents(deps: {
  invitations: Pick<InvitationsService, 'subscribe'>;
  webhooks: Pick<WebhooksService, 'publishEvent'>;
  publicUrl: string;
}): void {
  deps.invitations.subscribe(invitationWebhookPublisher(deps));
}

export type PublicApiModule = ReturnType<typeof createPublicApiModule>;
export type { PublicApiDeps, PublicApiService, ReportsPort } from './public-api.service.js';
export { WEBHOOK_EVENT_OF } from './public-api.events.js';
export { reportUrl } from './public-api.presenter.js';
