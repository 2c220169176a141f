/**
 * The ATS core on the real app (shared `buildOrgApp`) with a tiny in-test provider registered
 * under the `greenhouse` id (a unit of the core: the real providers are tested against the
 * ats-sandbox elsewhere). The provider's outcomes are scripted per send.
 */
import { z } from 'zod';
import { atsModuleOf } from '../../src/main/build-app.js';
import {
  ORDER_PLACED,
  ORDER_REJECTED,
  type AtsDeliveryOutcome,
  type AtsProvider,
  type AtsSendContext,
} from '../../src/modules/ats/index.js';
import { makePublishedTest } from '../invitations/invitation-factories.js';
import { buildOrgApp } from '../support/org-app.js';

export interface SentCall {
  kind: string;
  cause: string;
  messageId: string;
  attempt: number;
  payload: string;
}

type Step = AtsDeliveryOutcome | ((context: AtsSendContext) => Promise<AtsDeliveryOutcome>);

/** The fake provider: `ack` for an order placed/rejected, a superseding `state` per invitation change. */
export function fakeProvider() {
  const sent: SentCall[] = [];
  const script: Step[] = [];
  /** Consulted when the script is empty (default: delivered). */
  const state: {
    policy: ((context: AtsSendContext) => AtsDeliveryOutcome) | null;
    /** Replaces the default plan when set. */
    plan: ((cause: string) => readonly string[]) | null;
  } = { policy: null, plan: null };
  let builds = 0;
  const provider: AtsProvider = {
    id: 'greenhouse',
    label: 'Fake ATS',
    keyPolicy: 'add',
    keyPrefix: 'assay_gh_',
    supersedingKinds: ['state'],
    credentialsSchema: z.object({ username: z.string().min(1), password: z.string() }),
    routes: () => () => Promise.resolve(),
    plan(cause) {
      if (state.plan) return state.plan(cause);
      if (cause === ORDER_PLACED || cause === ORDER_REJECTED) return ['ack'];
      if (cause === 'invitations.sent' || cause === 'invitations.cancelled') return ['state'];
      return [];
    },
    build(context) {
      builds += 1;
      return JSON.stringify({
        build: builds,
        cause: context.delivery.cause,
        status: context.result?.status ?? null,
        target: context.target.kind,
      });
    },
    async send(context) {
      sent.push({
        kind: context.delivery.kind,
        cause: context.delivery.cause,
        messageId: context.delivery.messageId,
        attempt: context.delivery.attempt,
        payload: context.payload,
      });
      const step = script.shift() ?? state.policy?.(context) ?? { kind: 'delivered' };
      return typeof step === 'function' ? step(context) : step;
    },
    summarize: (kind, payload) => `${kind}: ${payload ?? '(not built)'}`,
  };
  return { provider, sent, script, state, builds: () => builds };
}

/** The app, an organization with every role (sessions re-authenticated), the fake provider, a published test. */
export async function buildAtsApp(name: string) {
  const t = await buildOrgApp({ name, sessions: { reauth: true } });
  const ats = atsModuleOf(t.app);
  const fake = fakeProvider();
  ats.registerProvider(fake.provider);
  ats.setRandom(() => 0.5);
  const org = await t.organization();
  const other = await t.organization();
  const test = await makePublishedTest(t.db, org.id);
  return { ...t, ats, core: ats.core, fake, org, other, test };
}

export type AtsApp = Awaited<ReturnType<typeof buildAtsApp>>;

/**
 * An order of `t.org` for the fake provider (connection ensured), with overrides. The ATS
 * candidate id is `4242` for the default email and derived from any other email (one ATS
 * candidate per email).
 */
export async function placeOrder(
  t: AtsApp,
  overrides: { orderKey?: string; email?: string; testId?: string } = {},
) {
  const externalId = overrides.email === undefined ? '4242' : `ext-${overrides.email}`;
  const connection = await t.core.connections.ensure('greenhouse', t.org.id);
  return t.core.orders.place({
    provider: 'greenhouse',
    organizationId: t.org.id,
    connectionId: connection.id,
    scopeKey: t.org.id,
    orderKey: overrides.orderKey ?? 'https://ats.example.test/take_home_tests/1',
    testId: overrides.testId ?? t.test.id,
    candidate: {
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: overrides.email ?? 'ada@example.test',
      externalId,
      profileUrl: `https://app.greenhouse.io/people/${encodeURIComponent(externalId)}`,
    },
  });
}

/** Deliveries of the organization, oldest first. */
export function deliveries(t: AtsApp) {
  return t.db
    .selectFrom('ats_deliveries')
    .selectAll()
    .where('organization_id', '=', t.org.id)
    .orderBy('stream')
    .orderBy('sequence')
    .execute();
}
