import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type RawServerDefault,
  type RouteOptions,
} from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_BODY_LIMIT_BYTES } from '@assay/contracts';
import type { Config } from '../config/index.js';
import { pingDatabase, type DbHandle } from '../db/index.js';
import type { Clock } from '../platform/clock/index.js';
import {
  registerContentTypeGuard,
  registerErrorHandling,
  registerOpenApi,
  registerRateLimits,
  registerSecurityHeaders,
  createWebApp,
} from '../platform/http/index.js';
import { createMetrics, registerMetrics, StandardGauges, type Metrics } from '../platform/metrics/index.js';
import type { Logger } from '../platform/log/index.js';
import { healthRoutes } from '../modules/health/index.js';
import { createMailQueue, renderMail } from '../platform/mail/index.js';
import { createIdentityModule, type PasswordHasher } from '../modules/identity/index.js';
import { createOrganizationsModule, tenancy } from '../modules/organizations/index.js';
import { createAdminModule } from '../modules/admin/index.js';
import { createWebhooksModule } from '../modules/webhooks/index.js';
import { createHttpClient, type HttpClient } from '../platform/http-client/index.js';
import { createChallengesModule } from '../modules/challenges/index.js';
import { createGreenhouseLinkResolver } from '../integrations/greenhouse/greenhouse.ats-link.js';
import { createCandidatesModule } from '../modules/candidates/index.js';
import { createInvitationsModule } from '../modules/invitations/index.js';
import { createNotificationsModule } from '../modules/notifications/index.js';
import { createPublicApiModule, publishInvitationEvents } from '../modules/public-api/index.js';
import { createGradingModule, type RunnerMonitor } from '../modules/grading/index.js';
import { createAttemptsModule } from '../modules/attempts/index.js';
import { createDataRightsModule } from '../modules/data-rights/index.js';
import { createReportsModule } from '../modules/reports/index.js';
import { createAtsModule, type AtsModule } from '../modules/ats/index.js';
import {
  createSmartRecruitersClient,
  createSmartRecruitersLinkResolver,
  createSmartRecruitersProvider,
} from '../integrations/smartrecruiters/index.js';
import { createGreenhouseProvider } from '../integrations/greenhouse/index.js';
import { createRepoStore, registerGitHttp } from '../platform/git/index.js';
import { createSecretBox } from '../platform/crypto/index.js';
import { join } from 'node:path';
import type { ExecutionBackend } from '@assay/runner/protocol';
import { createJobsRuntime, type JobsRuntime } from './jobs-runtime.js';

/** Everything the app needs from the outside; built by http.ts / worker.ts / tests. */
export interface AppDeps {
  config: Config;
  database: DbHandle;
  logger: Logger;
  clock: Clock;
  /** 32-byte instance secret (signing, encryption). */
  secretKey: Buffer;
  /** Job queue + registry (http.ts/worker: outbox or pg-boss). Default: the inline queue (tests `drain()` it). */
  jobs?: JobsRuntime;
  /** Password hashing (tests pass one to observe it). Default: argon2id, OWASP parameters, 4 at a time. */
  passwordHasher?: PasswordHasher;
  /** Prometheus registry; modules add gauges with `metrics.registerGauge`. Default: a fresh one. */
  metrics?: Metrics;
  /** The built web app; default `apps/web/dist`. */
  webRoot?: string;
  /** The sandbox runner's health (assay serve / worker); reported by /healthz and /metrics. */
  runner?: RunnerMonitor;
  /** Where candidate runs and grading execute (the same local runner the monitor watches). Without it: 503 on Run. */
  execution?: ExecutionBackend;
  /** Observe every route as it is added (the authorization matrix and CSRF suites list routes with it). */
  onRoute?: (route: RouteOptions) => void;
  /** Outgoing HTTP (webhooks). Default: the SSRF-guarded client for this config; tests pass one allowing loopback. */
  outboundHttp?: HttpClient;
}

// src/main and dist/main are both two levels below apps/server.
const SERVER_PACKAGE = new URL('../../package.json', import.meta.url);
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../../web/dist', import.meta.url));
const API_VERSION = (JSON.parse(readFileSync(SERVER_PACKAGE, 'utf8')) as { version: string }).version;

export type App = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

const atsModules = new WeakMap<object, AtsModule>();

/** The ATS module of an app built by `buildApp` (tests register fake providers on it). */
export function atsModuleOf(app: App): AtsModule {
  const ats = atsModules.get(app);
  if (!ats) throw new Error('not an app built by buildApp');
  return ats;
}

/**
 * Compose the HTTP application without listening (tests use `app.inject`).
 * Modules are created here from narrowed deps and register their routes.
 */
export async function buildApp(deps: AppDeps): Promise<App> {
  const app = Fastify<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>({
    loggerInstance: deps.logger,
    bodyLimit: DEFAULT_BODY_LIMIT_BYTES,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(given) ? given : randomUUID();
    },
    trustProxy: deps.config.production,
  }).withTypeProvider<ZodTypeProvider>();

  if (deps.onRoute) app.addHook('onRoute', deps.onRoute);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // Platform first: rate limits and OpenAPI see routes through onRoute hooks.
  const webApp = createWebApp({ root: deps.webRoot ?? DEFAULT_WEB_ROOT });
  registerErrorHandling(app, { spaFallback: webApp.spaFallback });
  await registerSecurityHeaders(app, { production: deps.config.production });
  registerContentTypeGuard(app);
  await registerRateLimits(app, { perMinute: deps.config.http.rateLimitPerMinute });
  await registerOpenApi(app, { version: API_VERSION });
  const metrics = deps.metrics ?? createMetrics();
  registerMetrics(app, {
    metrics,
    ...(deps.config.metrics.token ? { token: deps.config.metrics.token } : {}),
  });

  // Modules: one line each.
  const { db } = deps.database;
  const jobs =
    deps.jobs ??
    createJobsRuntime({ config: deps.config, db, clock: deps.clock, logger: deps.logger }, { inline: true });
  const { queue } = jobs;
  const mail = { queue: createMailQueue({ queue, clock: deps.clock }), render: renderMail };
  const moduleDeps = { db, clock: deps.clock, config: deps.config, mail };
  const identity = createIdentityModule({
    ...moduleDeps,
    secretKey: deps.secretKey,
    tenancy,
    ...(deps.passwordHasher ? { hasher: deps.passwordHasher } : {}),
  });
  // Sessions and CSRF for every /api route, before any route-level hook.
  app.addHook('onRequest', identity.sessionHook);
  const organizations = createOrganizationsModule({
    ...moduleDeps,
    dialect: deps.database.dialect,
    identity,
  });
  const admin = createAdminModule({ db, clock: deps.clock, deadLetters: jobs.deadLetters });
  jobs.registry.register(admin.jobs);
  const webhooks = createWebhooksModule({
    db,
    clock: deps.clock,
    queue,
    secretKey: deps.secretKey,
    log: deps.logger,
    notify: { mail: mail.queue, render: mail.render, publicUrl: deps.config.http.publicUrl },
    http: deps.outboundHttp ?? createHttpClient({ production: deps.config.production, clock: deps.clock }),
  });
  jobs.registry.register(webhooks.jobs);
  const challenges = createChallengesModule({
    db,
    dialect: deps.database.dialect,
    clock: deps.clock,
    config: deps.config,
  });
  const candidates = createCandidatesModule({ db, dialect: deps.database.dialect, clock: deps.clock, queue });
  candidates.atsLinks.register(
    createGreenhouseLinkResolver({
      hosts: deps.config.ats.greenhouse.linkHosts,
      allowInsecure: deps.config.ats.allowInsecureCallbacks,
    }),
  );
  const invitations = createInvitationsModule({
    ...moduleDeps,
    dialect: deps.database.dialect,
    queue,
    tests: challenges.service,
    candidates: candidates.service,
    organizations: organizations.service,
  });
  jobs.registry.register(candidates.jobs, invitations.jobs);
  // Invitation changes → webhook events and recruiter mails, in the transaction of the change.
  const { publicUrl } = deps.config.http;
  publishInvitationEvents({ invitations: invitations.service, webhooks: webhooks.service, publicUrl });
  const notifications = createNotificationsModule(moduleDeps);
  invitations.service.subscribe(notifications.onInvitationEvent);
  // The candidate's attempt: one git repository per attempt, served over smart HTTP, and grading.
  const repos = createRepoStore({ root: join(deps.config.dataDir, 'repos') });
  const grading = createGradingModule({
    db,
    clock: deps.clock,
    queue,
    config: deps.config,
    execution: deps.execution,
    repos,
    invitations: invitations.service,
    logger: deps.logger,
  });
  jobs.registry.register(grading.jobs);
  const attempts = createAttemptsModule({
    ...moduleDeps,
    dialect: deps.database.dialect,
    queue,
    store: repos,
    secretBox: createSecretBox(deps.secretKey, 'attempt-git-password'),
    invitations: invitations.service,
    organizations: organizations.service,
    grading: grading.service,
    execution: deps.execution,
    log: deps.logger,
  });
  jobs.registry.register(attempts.jobs);
  // Candidate data rights: erasure (on request and by retention) and the data export.
  const dataRights = createDataRightsModule({
    db,
    dialect: deps.database.dialect,
    clock: deps.clock,
    queue,
    repos,
    log: deps.logger,
  });
  jobs.registry.register(dataRights.jobs);
  // Reports: a read model over invitations, attempts and gradings (+ notes, overrides, share links).
  const reports = createReportsModule({
    db,
    clock: deps.clock,
    config: deps.config,
    invitations: invitations.service,
    grading: grading.service,
    repos,
  });
  // ATS integrations: the provider-neutral core hears every invitation change; providers plug in.
  const ats = createAtsModule({
    db,
    dialect: deps.database.dialect,
    clock: deps.clock,
    queue,
    config: deps.config,
    log: deps.logger,
    secretKey: deps.secretKey,
    mail,
    tests: challenges.tests,
    invitations: invitations.service,
    candidates: candidates.service,
    results: reports.service,
  });
  // One SmartRecruiters client for deliveries and link lookups: one token cache, one cap of 8 calls.
  const srClient = createSmartRecruitersClient({ config: deps.config, clock: deps.clock, log: deps.logger });
  ats.registerProvider(
    createSmartRecruitersProvider({
      config: deps.config,
      clock: deps.clock,
      log: deps.logger,
      client: srClient,
    }),
  );
  ats.registerProvider(createGreenhouseProvider({ config: deps.config, clock: deps.clock }));
  // SmartRecruiters candidate URLs (Link with ATS, the invite form) resolve with the org's credentials.
  candidates.atsLinks.register(
    createSmartRecruitersLinkResolver({
      config: deps.config,
      clock: deps.clock,
      log: deps.logger,
      client: srClient,
      core: ats.core,
    }),
  );
  invitations.service.subscribe(ats.onInvitationEvent);
  jobs.registry.register(ats.jobs);
  atsModules.set(app, ats);
  // Public API v1: the invitations, tests and reports services behind bearer tokens.
  const publicApi = createPublicApiModule({
    db,
    clock: deps.clock,
    invitations: invitations.service,
    tests: challenges.tests,
    reports: reports.service,
    publicUrl,
  });
  await registerGitHttp(app, {
    store: repos,
    access: attempts.gitAccess,
    clock: deps.clock,
    logger: deps.logger,
  });
  // The recurring invitation sweep starts once the process's own queue is ready (serve and
  // worker call jobs.start() before listening); apps built on the default inline queue skip it.
  // Likewise the attempts' recovery sweep (a finalize job for every active attempt).
  if (deps.jobs) app.addHook('onReady', invitations.start);
  if (deps.jobs) app.addHook('onReady', attempts.start);
  if (deps.jobs) app.addHook('onReady', dataRights.start);
  const jobCounts = () => jobs.deadLetters.countJobs();
  metrics.registerGauge({
    ...StandardGauges.jobsQueueDepth,
    collect: async () => [{ labels: { job: 'all' }, value: (await jobCounts()).pending }],
  });
  metrics.registerGauge({
    ...StandardGauges.jobsDead,
    collect: async () => [{ labels: { job: 'all' }, value: (await jobCounts()).dead }],
  });
  await app.register(identity.routes);
  await app.register(identity.apiTokenRoutes);
  await app.register(organizations.routes);
  await app.register(admin.routes);
  await app.register(webhooks.routes);
  await app.register(challenges.routes);
  await app.register(candidates.routes);
  await app.register(invitations.routes);
  await app.register(attempts.routes);
  await app.register(dataRights.routes);
  await app.register(reports.routes);
  await app.register(notifications.routes);
  await app.register(publicApi.routes);
  await app.register(ats.routes);
  await app.register(ats.partnerRoutes);
  const { runner } = deps;
  if (runner) {
    metrics.registerGauge({
      ...StandardGauges.runnerUp,
      collect: () => Promise.resolve([{ labels: {}, value: runner.status().state === 'ready' ? 1 : 0 }]),
    });
  }
  await app.register(
    healthRoutes({
      pingDatabase: () => pingDatabase(deps.database.db),
      ...(runner ? { describe: () => Promise.resolve({ runner: runner.status() }) } : {}),
    }),
  );

  // Last: the SPA answers GETs no route matched.
  await webApp.register(app);
  return app;
}
