import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { GhService } from './service.js';
import { DEFAULT_ORG, generateOutboundCredential } from './store.js';
import { defaultFaults, type GhOrg, type GhTakeHome } from './types.js';

export const CONTROL_PREFIX = '/__sandbox/greenhouse';

const callNames = z.enum(['list_tests', 'send_test', 'test_status', 'response_error']);
const malformed = z.enum(['missing', 'no-scheme', 'not-base64', 'no-colon', 'bearer', 'empty']);
const authSchema = z
  .object({
    keyOverride: z.string().optional(),
    password: z.string().optional(),
    malformed: malformed.optional(),
  })
  .strict();
const orgField = z.string().min(1).optional();

const schemas = {
  reset: z.object({ seed: z.boolean().optional() }).strict(),
  seed: z
    .object({
      org: orgField,
      candidates: z
        .array(
          z
            .object({
              first_name: z.string().min(1),
              last_name: z.string().min(1),
              email: z.string().min(3),
              preferred_name: z.string().nullable().optional(),
              phone_number: z.string().nullable().optional(),
              job: z.string().optional(),
            })
            .strict(),
        )
        .optional(),
    })
    .strict(),
  org: z.object({ id: z.string().min(1), name: z.string().optional(), key: z.string().optional() }).strict(),
  key: z.object({ org: orgField, key: z.string().nullable() }).strict(),
  outbound: z
    .object({ org: orgField, username: z.string().min(1).optional(), password: z.string().optional() })
    .strict(),
  listTests: z.object({ org: orgField, auth: authSchema.optional() }).strict(),
  sendTest: z
    .object({
      org: orgField,
      candidateId: z.number().int().optional(),
      email: z.string().optional(),
      testId: z.union([z.string(), z.number()]).optional(),
      concurrency: z.number().int().min(1).max(100).optional(),
      auth: authSchema.optional(),
      overrides: z
        .object({
          partner_test_id: z.union([z.string(), z.number()]).optional(),
          candidate: z.record(z.string(), z.unknown()).optional(),
          sent_by: z.string().nullable().optional(),
          url: z.string().optional(),
          extra: z.record(z.string(), z.unknown()).optional(),
          raw: z.unknown().optional(),
        })
        .strict()
        .optional(),
    })
    .strict(),
  testStatus: z.object({ takeHomeId: z.number().int() }).strict(),
  responseError: z.object({ org: orgField, body: z.record(z.string(), z.unknown()) }).strict(),
  faults: z
    .object({
      clear: z.boolean().optional(),
      patch: z
        .object({
          statusSequence: z.array(z.number().int().min(100).max(599)).optional(),
          status: z.number().int().min(100).max(599).nullable().optional(),
          retryAfter: z.union([z.string(), z.number()]).nullable().optional(),
          delayMs: z.number().int().min(0).max(120_000).optional(),
          hang: z.boolean().optional(),
          reset: z.boolean().optional(),
          redirectTo: z.string().nullable().optional(),
          redirectStatus: z
            .union([z.literal(301), z.literal(302), z.literal(303), z.literal(307), z.literal(308)])
            .optional(),
        })
        .strict()
        .optional(),
      calls: z
        .object({
          keyOverride: z.string().nullable().optional(),
          password: z.string().nullable().optional(),
          malformed: malformed.nullable().optional(),
          authOnly: z.array(callNames).optional(),
          concurrency: z.number().int().min(1).max(100).optional(),
          numericIds: z.boolean().optional(),
          optionalFields: z.enum(['present', 'null', 'missing']).optional(),
          extraFields: z.boolean().optional(),
          urlOrigin: z.string().nullable().optional(),
        })
        .strict()
        .optional(),
      requireHttpsProfileUrl: z.boolean().optional(),
    })
    .strict(),
  legacyPoll: z.object({ org: orgField }).strict(),
};

function parse<T>(schema: z.ZodType<T>, body: unknown, reply: FastifyReply): T | undefined {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const message = result.error.issues
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : 'body'}: ${i.message}`)
    .join('; ');
  void reply.code(400).send({ error: 'invalid_request', message });
  return undefined;
}

function notFound(reply: FastifyReply, message: string) {
  return reply.code(404).send({ error: 'not_found', message });
}

/** Drops `undefined` values so a partial update never clears a knob by accident. */
function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function orgView(org: GhOrg) {
  return {
    id: org.id,
    name: org.name,
    key: org.assayKey,
    outbound: { ...org.outbound },
    lastTestList: org.lastTestList,
    lastTestListAt: org.lastTestListAt,
    lastTestListError: org.lastTestListError,
  };
}

export function takeHomeView(t: GhTakeHome) {
  return { ...t };
}

/** The JSON control API tests use to drive the fake Greenhouse (`/__sandbox/greenhouse/*`). */
export function registerControlRoutes(app: FastifyInstance, service: GhService): void {
  const store = service.store;
  const p = CONTROL_PREFIX;

  app.post(`${p}/reset`, async (request, reply) => {
    const body = parse(schemas.reset, request.body, reply);
    if (!body) return;
    await service.settle();
    store.reset(body.seed ?? true);
    return { org: orgView(store.org(DEFAULT_ORG) as GhOrg), candidates: store.candidatesOf(DEFAULT_ORG) };
  });

  app.post(`${p}/seed`, (request, reply) => {
    const body = parse(schemas.seed, request.body, reply);
    if (!body) return;
    const orgId = body.org ?? DEFAULT_ORG;
    const list = body.candidates?.map((c) => ({
      firstName: c.first_name,
      lastName: c.last_name,
      email: c.email,
      preferredName: c.preferred_name ?? null,
      phoneNumber: c.phone_number ?? null,
      ...(c.job === undefined ? {} : { job: c.job }),
    }));
    return { candidates: store.seed(orgId, list) };
  });

  app.post(`${p}/orgs`, (request, reply) => {
    const body = parse(schemas.org, request.body, reply);
    if (!body) return;
    const org = store.createOrg(body.id, body.name);
    if (body.key !== undefined) org.assayKey = body.key;
    return { org: orgView(org) };
  });

  app.post(`${p}/key`, (request, reply) => {
    const body = parse(schemas.key, request.body, reply);
    if (!body) return;
    const org = store.createOrg(body.org ?? DEFAULT_ORG);
    org.assayKey = body.key;
    return { org: orgView(org) };
  });

  app.post(`${p}/outbound`, (request, reply) => {
    const body = parse(schemas.outbound, request.body, reply);
    if (!body) return;
    const org = store.org(body.org);
    if (!org) return notFound(reply, `Unknown org ${body.org ?? DEFAULT_ORG}`);
    const fresh = generateOutboundCredential();
    org.outbound = { username: body.username ?? fresh.username, password: body.password ?? fresh.password };
    return { org: orgView(org) };
  });

  app.get<{ Querystring: { org?: string } }>(`${p}/state`, (request, reply) => {
    const org = store.org(request.query.org);
    if (!org) return notFound(reply, `Unknown org ${request.query.org ?? DEFAULT_ORG}`);
    return {
      org: orgView(org),
      orgs: [...store.orgs.keys()],
      candidates: store.candidatesOf(org.id),
      takeHomes: store.takeHomesOf({ orgId: org.id }).map(takeHomeView),
      responseErrors: org.responseErrors,
      faults: store.faults,
      canaryHits: store.canaryHits,
      pendingFollowUps: service.pendingCount,
    };
  });

  app.post(`${p}/list_tests`, async (request, reply) => {
    const body = parse(schemas.listTests, request.body, reply);
    if (!body) return;
    const org = store.org(body.org);
    if (!org) return notFound(reply, `Unknown org ${body.org ?? DEFAULT_ORG}`);
    const outcome = await service.listTests(org, body.auth ?? {});
    return { ...outcome, tests: org.lastTestList };
  });

  app.post(`${p}/send_test`, async (request, reply) => {
    const body = parse(schemas.sendTest, request.body, reply);
    if (!body) return;
    const org = store.org(body.org);
    if (!org) return notFound(reply, `Unknown org ${body.org ?? DEFAULT_ORG}`);
    const candidates = store.candidatesOf(org.id);
    const candidate =
      body.candidateId !== undefined
        ? candidates.find((c) => c.id === body.candidateId)
        : body.email !== undefined
          ? candidates.find((c) => c.email.toLowerCase() === body.email?.toLowerCase())
          : candidates[0];
    if (!candidate)
      return notFound(reply, 'Unknown candidate: pass candidateId or email of a seeded candidate');
    const outcome = await service.sendTest(org, candidate, {
      ...(body.testId === undefined ? {} : { testId: body.testId }),
      ...(body.overrides === undefined ? {} : { overrides: body.overrides }),
      ...(body.auth === undefined ? {} : { auth: body.auth }),
      ...(body.concurrency === undefined ? {} : { concurrency: body.concurrency }),
    });
    return { ...outcome, takeHome: outcome.takeHome ? takeHomeView(outcome.takeHome) : null };
  });

  app.post(`${p}/test_status`, async (request, reply) => {
    const body = parse(schemas.testStatus, request.body, reply);
    if (!body) return;
    const takeHome = store.takeHomes.get(body.takeHomeId);
    if (!takeHome) return notFound(reply, `Unknown take-home ${body.takeHomeId}`);
    const check = await service.checkStatus(takeHome, 'control');
    return { check, takeHome: takeHomeView(takeHome) };
  });

  app.post(`${p}/response_error`, async (request, reply) => {
    const body = parse(schemas.responseError, request.body, reply);
    if (!body) return;
    const org = store.org(body.org);
    if (!org) return notFound(reply, `Unknown org ${body.org ?? DEFAULT_ORG}`);
    const result = await service.postResponseError(org, body.body);
    return { status: result.status, body: result.body, error: result.error };
  });

  app.get<{ Querystring: { name?: string; direction?: string; org?: string } }>(
    `${p}/requests`,
    (request) => {
      const { name, direction, org } = request.query;
      return {
        requests: store.requests.filter(
          (r) =>
            (name === undefined || r.name === name) &&
            (direction === undefined || r.direction === direction) &&
            (org === undefined || r.orgId === org),
        ),
      };
    },
  );

  app.get(`${p}/faults`, () => ({ faults: store.faults }));

  app.post(`${p}/faults`, (request, reply) => {
    const body = parse(schemas.faults, request.body, reply);
    if (!body) return;
    if (body.clear) store.faults = defaultFaults();
    if (body.patch) {
      const { retryAfter, ...rest } = body.patch;
      Object.assign(store.faults.patch, defined(rest));
      if (retryAfter !== undefined)
        store.faults.patch.retryAfter = retryAfter === null ? null : String(retryAfter);
    }
    if (body.calls) Object.assign(store.faults.calls, defined(body.calls));
    if (body.requireHttpsProfileUrl !== undefined)
      store.faults.requireHttpsProfileUrl = body.requireHttpsProfileUrl;
    return { faults: store.faults };
  });

  app.post(`${p}/settle`, async () => ({ settled: await service.settle() }));

  app.post(`${p}/legacy-poll`, async (request, reply) => {
    const body = parse(schemas.legacyPoll, request.body, reply);
    if (!body) return;
    return { polled: await service.legacyPoll(body.org) };
  });
}
