import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { SrContext } from './context.js';
import { disconnect, markConsented, moveCandidate } from './actions.js';
import type { AssayClient } from './assay-client.js';
import { sendError } from './http.js';
import type { Fault, SrState } from './state.js';

export const CONTROL = '/__sandbox/smartrecruiters';

const seedBody = z.object({
  replace: z.boolean().optional(),
  companyId: z.string().min(1).optional(),
  companyName: z.string().optional(),
  recruiter: z.object({ userId: z.string().min(1), email: z.string().min(1) }).optional(),
  partnerConfiguration: z.record(z.string(), z.unknown()).nullable().optional(),
  jobs: z
    .array(
      z.object({
        id: z.string().min(1).optional(),
        title: z.string().min(1),
        steps: z.array(z.string()).optional(),
      }),
    )
    .optional(),
  candidates: z
    .array(
      z.object({
        id: z.string().min(1).optional(),
        firstName: z.string().min(1),
        lastName: z.string().min(1),
        email: z.string().min(1),
        jobIds: z.array(z.string()).optional(),
        applications: z.record(z.string(), z.string()).optional(),
        step: z.string().optional(),
      }),
    )
    .optional(),
});

const faultBody = z.object({
  route: z.string().min(1),
  clear: z.boolean().optional(),
  statuses: z.array(z.number().int().min(100).max(599)).optional(),
  status: z.number().int().min(100).max(599).optional(),
  retryAfter: z.number().int().min(0).optional(),
  rateLimitRemaining: z.number().int().min(0).optional(),
  delayMs: z.number().int().min(0).optional(),
  hang: z.boolean().optional(),
  reset: z.boolean().optional(),
  redirectTo: z.url().optional(),
  concurrencyLimit: z.number().int().min(0).optional(),
  force401: z.number().int().min(0).optional(),
  reject415: z.boolean().optional(),
  expiresIn: z.number().int().min(0).optional(),
  attachmentPart: z.string().min(1).optional(),
  swapStatus: z.union([z.literal(403), z.literal(409)]).optional(),
});

const orderBody = z.object({
  candidateId: z.string().min(1),
  packageId: z.string().min(1).optional(),
  manual: z.boolean().optional(),
  jobId: z.string().min(1).optional(),
  companyId: z.string().min(1).optional(),
  repeat: z.number().int().min(1).max(100).optional(),
  extraFields: z.record(z.string(), z.unknown()).optional(),
});

const prepareBody = z.object({
  candidateId: z.string().min(1),
  packageId: z.string().min(1),
  manual: z.boolean().optional(),
  jobId: z.string().min(1).optional(),
  companyId: z.string().min(1).optional(),
});

function invalid(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
}

/** The control API tests drive (`/__sandbox/smartrecruiters/*`, JSON). */
export function registerControlRoutes(
  app: FastifyInstance,
  state: SrState,
  context: SrContext,
  assay: AssayClient,
): void {
  app.post(`${CONTROL}/reset`, () => {
    state.reset();
    return { ok: true };
  });

  app.post(`${CONTROL}/seed`, async (request, reply) => {
    const parsed = seedBody.safeParse(request.body ?? {});
    if (!parsed.success) return sendError(reply, 400, 'INVALID_REQUEST', invalid(parsed.error));
    const input = parsed.data;
    if (input.replace) {
      state.jobs.clear();
      state.candidates.clear();
    }
    if (input.companyId) state.defaultCompanyId = input.companyId;
    const companyId = state.defaultCompanyId;
    state.ensureCompany(companyId, input.companyName);
    if (input.recruiter) state.recruiter = { ...input.recruiter };
    if (input.partnerConfiguration !== undefined) state.partnerConfiguration = input.partnerConfiguration;
    const jobs = (input.jobs ?? []).map((j) => state.upsertJob({ ...j, companyId }));
    const fallbackJob = jobs[0]?.id ?? [...state.jobs.values()].find((j) => j.companyId === companyId)?.id;
    const candidates = (input.candidates ?? []).map((c) =>
      state.upsertCandidate({ ...c, companyId, jobIds: c.jobIds ?? (fallbackJob ? [fallbackJob] : []) }),
    );
    return { companyId, jobs, candidates };
  });

  app.get(`${CONTROL}/state`, () => state.snapshot());

  app.post(`${CONTROL}/connect`, (request) => {
    const body = (request.body ?? {}) as { companyId?: unknown };
    const companyId =
      typeof body.companyId === 'string' && body.companyId ? body.companyId : state.defaultCompanyId;
    return { companyId, consentUrl: markConsented(state, context, companyId) };
  });

  app.post(`${CONTROL}/order`, async (request, reply) => {
    const parsed = orderBody.safeParse(request.body ?? {});
    if (!parsed.success) return sendError(reply, 400, 'INVALID_REQUEST', invalid(parsed.error));
    const run = await assay.runOrder({ ...parsed.data, manual: parsed.data.manual ?? true });
    return run;
  });

  app.post(`${CONTROL}/prepare-order`, async (request, reply) => {
    const parsed = prepareBody.safeParse(request.body ?? {});
    if (!parsed.success) return sendError(reply, 400, 'INVALID_REQUEST', invalid(parsed.error));
    const candidate = state.candidates.get(parsed.data.candidateId);
    const prepared = assay.prepareOrder({
      ...parsed.data,
      companyId: parsed.data.companyId ?? candidate?.companyId ?? state.defaultCompanyId,
      manual: parsed.data.manual ?? true,
    });
    if ('error' in prepared) return sendError(reply, 400, 'INVALID_REQUEST', prepared.error);
    // Counted as sent (by the test itself), so it shows on the profile.
    prepared.order.assayStatus = 0;
    prepared.order.accepted = true;
    return prepared;
  });

  app.post(`${CONTROL}/disable`, async (request) => {
    const body = (request.body ?? {}) as { companyId?: unknown };
    const companyId =
      typeof body.companyId === 'string' && body.companyId ? body.companyId : state.defaultCompanyId;
    return disconnect(state, assay, companyId);
  });

  app.post(`${CONTROL}/move`, async (request, reply) => {
    const body = (request.body ?? {}) as { candidateId?: unknown; step?: unknown };
    if (typeof body.candidateId !== 'string' || typeof body.step !== 'string') {
      return sendError(reply, 400, 'INVALID_REQUEST', 'Send {"candidateId","step"}.');
    }
    const moved = await moveCandidate(state, assay, body.candidateId, body.step);
    if (moved.error) return sendError(reply, 400, 'INVALID_REQUEST', moved.error);
    return moved;
  });

  app.post(`${CONTROL}/configure-step`, async (request, reply) => {
    const parsed = z
      .object({
        jobId: z.string().min(1),
        step: z.string().min(1),
        packageId: z.string().min(1).nullable(),
        packageName: z.string().optional(),
        autoTrigger: z.boolean().optional(),
      })
      .safeParse(request.body ?? {});
    if (!parsed.success) return sendError(reply, 400, 'INVALID_REQUEST', invalid(parsed.error));
    const step = state.jobs.get(parsed.data.jobId)?.steps.find((s) => s.name === parsed.data.step);
    if (!step?.custom) return sendError(reply, 400, 'INVALID_REQUEST', 'No such custom step on this job.');
    step.assessment = parsed.data.packageId
      ? {
          packageId: parsed.data.packageId,
          packageName: parsed.data.packageName ?? parsed.data.packageId,
          autoTrigger: parsed.data.autoTrigger ?? false,
        }
      : null;
    return step;
  });

  app.get<{ Querystring: { direction?: string; route?: string } }>(`${CONTROL}/requests`, (request) => {
    const { direction, route } = request.query;
    return state.requests.filter(
      (r) => (!direction || r.direction === direction) && (!route || r.route === route),
    );
  });
  app.delete(`${CONTROL}/requests`, () => {
    state.requests = [];
    return { ok: true };
  });

  app.post(`${CONTROL}/faults`, async (request, reply) => {
    const parsed = faultBody.safeParse(request.body ?? {});
    if (!parsed.success) return sendError(reply, 400, 'INVALID_REQUEST', invalid(parsed.error));
    const { route, clear, swapStatus, ...knobs } = parsed.data;
    if (clear) {
      state.faults.delete(route);
      return { route, fault: null };
    }
    // `swapStatus` is shorthand for a sticky status on the swap route.
    const fault: Fault = { ...knobs };
    if (swapStatus !== undefined) {
      if (route !== 'swap')
        return sendError(reply, 400, 'INVALID_REQUEST', 'swapStatus only applies to route "swap".');
      fault.status = swapStatus;
    }
    if (fault.statuses) fault.statuses = [...fault.statuses];
    state.faults.set(route, fault);
    return { route, fault };
  });
  app.delete(`${CONTROL}/faults`, () => {
    state.faults.clear();
    return { ok: true };
  });

  app.post(`${CONTROL}/credentials`, async (request, reply) => {
    const parsed = z
      .object({ clientId: z.string().min(1), clientSecret: z.string().min(1) })
      .safeParse(request.body ?? {});
    if (!parsed.success) return sendError(reply, 400, 'INVALID_REQUEST', invalid(parsed.error));
    state.master = { ...parsed.data };
    return { clientId: state.master.clientId };
  });

  // Every issued token stops working at once (the next call gets 401; a new token works).
  app.post(`${CONTROL}/expire-tokens`, () => {
    const count = state.tokens.size;
    state.tokens.clear();
    return { expired: count };
  });
}
