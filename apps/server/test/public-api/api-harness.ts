import type { ApiTokenScope, Role } from '@assay/contracts';
import { createApiTokensService } from '../../src/modules/identity/api-tokens.service.js';
import { createNotificationsModule } from '../../src/modules/notifications/index.js';
import { publishInvitationEvents } from '../../src/modules/public-api/index.js';
import { createWebhooksModule } from '../../src/modules/webhooks/index.js';
import { createHttpClient } from '../../src/platform/http-client/index.js';
import { makePublishedTest } from '../invitations/invitation-factories.js';
import { buildOrgApp, invitationModules, PUBLIC_URL } from '../support/org-app.js';

export { PUBLIC_URL, ROLES, type Caller } from '../support/org-app.js';

/**
 * The real app (inline queue the test drains, manual clock at the real time so signatures
 * verify, outbound HTTP allowed to loopback receivers), plus `stages`: a second invitations
 * service on the same database and queue with the same listeners `buildApp` subscribes
 * (`publishInvitationEvents`, notifications), standing in for the attempt and grading
 * stages that report started / submitted / graded.
 */
export async function buildApiTestApp() {
  const base = await buildOrgApp({
    name: 'public-api',
    start: new Date(),
    captureLogs: false,
    sessions: { days: 7, reauth: true },
    // Test only: loopback receivers (ignored under production).
    outboundHttp: (clock) =>
      createHttpClient({ production: false, allowPrivateAddresses: true, clock, totalTimeoutMs: 2000 }),
  });
  const { app, db, database, clock, config, jobs, secretKey, outboundHttp } = base;
  if (!outboundHttp) throw new Error('outbound HTTP expected');

  const { mail, invitations } = invitationModules({
    db,
    dialect: database.dialect,
    clock,
    config,
    queue: jobs.queue,
  });
  const stages = invitations.service;
  const webhooks = createWebhooksModule({ db, clock, queue: jobs.queue, http: outboundHttp, secretKey });
  publishInvitationEvents({ invitations: stages, webhooks: webhooks.service, publicUrl: PUBLIC_URL });
  stages.subscribe(createNotificationsModule({ db, clock, mail, config }).onInvitationEvent);

  const tokens = createApiTokensService({ db, clock });

  return {
    ...base,
    stages,
    publishedTest: (
      organizationId: string,
      options: { name?: string; archived?: boolean; published?: boolean } = {},
    ) => makePublishedTest(db, organizationId, { ...options, at: clock.now() }),
    /** A personal API token of `userId` (with `role`) in `organizationId`. */
    async token(userId: string, organizationId: string, role: Role, scopes: ApiTokenScope[]) {
      const created = await tokens.create({ userId, organizationId, role }, { name: 'ci', scopes });
      return { id: created.apiToken.id, secret: created.token };
    },
    revokeToken: (userId: string, organizationId: string, tokenId: string) =>
      tokens.revoke({ userId, organizationId }, tokenId),
    /** Send as an API client: `Authorization: Bearer <token>`. */
    bearer(
      token: string,
      method: 'GET' | 'POST',
      url: string,
      payload?: unknown,
      headers: Record<string, string> = {},
    ) {
      return app.inject({
        method,
        url,
        headers: {
          authorization: `Bearer ${token}`,
          ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        ...(method === 'POST' ? { payload: JSON.stringify(payload ?? {}) } : {}),
      });
    },
    /** Mails to `to` (optionally of one kind), oldest first. */
    mailsTo(to: string, kind?: string) {
      let query = db.selectFrom('mails').selectAll().where('to_address', '=', to);
      if (kind) query = query.where('kind', '=', kind);
      return query.orderBy('created_at').orderBy('id').execute();
    },
  };
}

export type ApiTestApp = Awaited<ReturnType<typeof buildApiTestApp>>;
