import { buildOrgApp } from '../support/org-app.js';
import { makePublishedTest } from './invitation-factories.js';

export { PUBLIC_URL, ROLES, type Caller } from '../support/org-app.js';

/**
 * The real app on a fresh database with the inline job queue the test drains, a manual
 * clock and every log line captured (C1: no token in logs).
 */
export async function buildInvitationsApp() {
  const base = await buildOrgApp({ name: 'invitations' });
  const { db, clock } = base;
  return {
    ...base,
    /** A published test of `organizationId` (inserted directly, as the tests module stores it). */
    publishedTest: (
      organizationId: string,
      options: { name?: string; archived?: boolean; published?: boolean } = {},
    ) => makePublishedTest(db, organizationId, { ...options, at: clock.now() }),
    /** Mails sent to `to`, newest last. */
    async mailsTo(to: string) {
      return db
        .selectFrom('mails')
        .selectAll()
        .where('to_address', '=', to)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
    },
  };
}

export type InvitationsApp = Awaited<ReturnType<typeof buildInvitationsApp>>;

/** The link token in a mail body (`…/take#token=<token>`). */
export function tokenFromMail(text: string): string {
  const match = /\/take#token=([A-Za-z0-9_-]+)/.exec(text);
  if (!match?.[1]) throw new Error(`no invitation link in mail: ${text}`);
  return match[1];
}
