import type { FastifyPluginAsync } from 'fastify';
import type { Config } from '../../config/index.js';
import type { Db, DialectHelpers } from '../../db/index.js';
import type { Clock } from '../../platform/clock/index.js';
import { createSecretBox } from '../../platform/crypto/index.js';
import type { Queue } from '../../platform/jobs/index.js';
import type { Logger } from '../../platform/log/index.js';
import type { MailContent, MailQueue } from '../../platform/mail/index.js';
import type { InvitationEventListener } from '../invitations/index.js';
import {
  createAtsInternals,
  type AtsCandidatesPort,
  type AtsInvitationsPort,
  type AtsResultsPort,
  type AtsTestsPort,
} from './ats.core.js';
import { createAtsJobs } from './ats.jobs.js';
import { createAtsOutbox } from './ats.outbox.js';
import type { AtsCore, AtsProvider, AtsProviderId } from './ats.ports.js';
import { atsRoutes } from './ats.routes.js';
import { createAtsService } from './ats.service.js';

export interface AtsModuleDeps {
  db: Db;
  dialect: Pick<DialectHelpers, 'name' | 'isUniqueViolation'>;
  clock: Clock;
  queue: Queue;
  config: Pick<Config, 'production' | 'http' | 'ats'>;
  log: Logger;
  /** 32-byte instance secret: credentials are sealed with `ats-credentials`, HMAC keys derived per purpose. */
  secretKey: Buffer;
  /** Admin notices (dead deliveries, partner error reports). */
  mail?: {
    queue: MailQueue;
    render: (content: MailContent) => { subject: string; text: string; html: string };
  };
  tests: AtsTestsPort;
  invitations: AtsInvitationsPort;
  candidates: AtsCandidatesPort;
  results: AtsResultsPort;
  /** Jitter source for retry delays (tests pin it). */
  random?: () => number;
}

/**
 * The provider-neutral ATS core (architecture §10): keys, connections, orders, the delivery
 * outbox and Settings → Integrations. Providers (`integrations/<p>/`) plug in with
 * `registerProvider` and talk to the core only through `AtsCore`; `main` subscribes
 * `onInvitationEvent` to invitations and registers `jobs`, `routes` and `partnerRoutes`.
 */
export function createAtsModule(deps: AtsModuleDeps) {
  const internals = createAtsInternals({
    ...deps,
    secrets: createSecretBox(deps.secretKey, 'ats-credentials'),
  });
  const jitter = { random: deps.random ?? Math.random };
  const outbox = createAtsOutbox({
    db: deps.db,
    clock: deps.clock,
    queue: deps.queue,
    log: deps.log,
    results: deps.results,
    internals,
    random: () => jitter.random(),
  });
  const service = createAtsService({ db: deps.db, clock: deps.clock, internals, outbox });
  const core: AtsCore = internals.core;
  const onInvitationEvent: InvitationEventListener = (trx, event) => internals.onInvitationEvent(trx, event);

  /** Every provider registered when the app registers this plugin gets its `/partner/<id>/` routes. */
  const partnerRoutes: FastifyPluginAsync = async (app) => {
    for (const provider of internals.providers.values()) await app.register(provider.routes(core));
  };

  return {
    core,
    service,
    routes: atsRoutes({ ats: service }),
    jobs: createAtsJobs({ deliver: (id, signal) => outbox.deliver(id, signal) }),
    /** Add a provider (before `partnerRoutes` is registered for its routes to exist); the same id again replaces it. */
    registerProvider(provider: AtsProvider): void {
      internals.registerProvider(provider);
    },
    partnerRoutes,
    onInvitationEvent,
    /** Run one delivery attempt now (tests; the `ats.deliver` job calls the same). */
    deliver: (deliveryId: string) => outbox.deliver(deliveryId),
    /** Pin the retry jitter (tests). */
    setRandom(random: () => number): void {
      jitter.random = random;
    },
    /** Nothing recurring yet: deliveries are jobs enqueued with their cause. */
    start: (): Promise<void> => Promise.resolve(),
  };
}

export type AtsModule = ReturnType<typeof createAtsModule>;

/**
 * Issue an ATS key outside the app (the `assay integrations key` CLI): the same rules as
 * Settings (SmartRecruiters replaces, Greenhouse adds and ensures its connection), audited
 * with no actor. Returns the raw key, once.
 */
export async function issueAtsKey(
  deps: Pick<AtsModuleDeps, 'db' | 'dialect' | 'clock' | 'config' | 'log' | 'secretKey'>,
  provider: AtsProviderId,
  organizationId: string,
): Promise<string> {
  const unavailable = (): never => {
    throw new Error('not available when issuing a key from the command line');
  };
  const internals = createAtsInternals({
    ...deps,
    queue: { enqueue: () => Promise.resolve(unavailable()) },
    secrets: createSecretBox(deps.secretKey, 'ats-credentials'),
    tests: { listPublishedTests: unavailable, getTestForInvitation: unavailable },
    invitations: { inviteInTransaction: unavailable, get: unavailable },
    candidates: { linkResolvedInTransaction: unavailable },
    results: { getReport: unavailable, pdf: unavailable },
  });
  return internals.core.keys.issue(provider, organizationId, null);
}
export * from './ats.ports.js';
export type { AtsCandidatesPort, AtsInvitationsPort, AtsResultsPort, AtsTestsPort } from './ats.core.js';
export type { AtsService, AtsActor } from './ats.service.js';
export { DeliverAtsJob } from './ats.jobs.js';
export { AtsErrors } from './ats.errors.js';
export {
  GIVE_UP_AFTER_MS,
  RETRY_BASE_MS,
  RETRY_CAP_MS,
  SENDING_LEASE_MS,
  integrationState,
  retryDelayMs,
} from './ats.policy.js';
