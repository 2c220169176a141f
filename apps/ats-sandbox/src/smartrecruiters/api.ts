import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { SrContext } from './context.js';
import { principalOf, sendError, type SrRouteConfig } from './http.js';
import { applyMergePatch, isPlainObject, validateResultPatch } from './merge-patch.js';
import { parseMultipart } from './multipart.js';
import type { SrState } from './state.js';

export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;
export const ASSESSMENT_API = '/assessment-api/v202010';

function route(srRoute: string, srAuth: SrRouteConfig['srAuth']): { config: SrRouteConfig } {
  return { config: { srRoute, srAuth } };
}

function companyOf(request: FastifyRequest): string {
  const principal = principalOf(request);
  return principal?.kind === 'company' ? principal.companyId : '';
}

const swapBody = z.object({ clientId: z.string().min(1), clientSecret: z.string().min(1) });
const shareBody = z.object({
  content: z.string().min(1),
  correlationId: z.string().optional(),
  shareWith: z.looseObject({ openNote: z.boolean().optional() }),
});

/**
 * The SmartRecruiters API as Assay sees it (contract §4, §8, §9): token endpoint, partner
 * configuration, credential swap, results PATCH, attachment upload, Notes and the Customer API
 * lookups. Every route goes through the hooks of `installApiHooks`.
 */
export function registerApiRoutes(app: FastifyInstance, state: SrState, context: SrContext): void {
  app.addContentTypeParser('application/merge-patch+json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, body === '' ? undefined : JSON.parse(body as string));
    } catch {
      done(Object.assign(new Error('The body is not valid JSON.'), { statusCode: 400 }), undefined);
    }
  });
  app.addContentTypeParser(
    'multipart/form-data',
    { parseAs: 'buffer', bodyLimit: 25 * 1024 * 1024 },
    (_request, body, done) => {
      done(null, body);
    },
  );

  // OAuth2 client credentials (A or any issued C); form body or HTTP Basic.
  app.post('/identity/oauth/token', route('token', 'none'), async (request, reply) => {
    const form = isPlainObject(request.body) ? request.body : {};
    let clientId = typeof form.client_id === 'string' ? form.client_id : undefined;
    let clientSecret = typeof form.client_secret === 'string' ? form.client_secret : undefined;
    const basic = /^Basic\s+(.+)$/i.exec(request.headers.authorization ?? '');
    if (basic?.[1] && !clientId) {
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      clientId = decodeURIComponent(decoded.slice(0, colon));
      clientSecret = decodeURIComponent(decoded.slice(colon + 1));
    }
    if (form.grant_type !== 'client_credentials') {
      return reply.code(400).send({
        error: 'unsupported_grant_type',
        error_description: 'grant_type must be client_credentials.',
      });
    }
    if (!clientId || !clientSecret) {
      return reply
        .code(400)
        .send({ error: 'invalid_request', error_description: 'client_id and client_secret are required.' });
    }
    const principal = state.principalFor(clientId, clientSecret);
    if (!principal) {
      return reply
        .code(401)
        .send({ error: 'invalid_client', error_description: 'Unknown client or wrong secret.' });
    }
    const expiresIn = state.faultFor('token')?.expiresIn ?? 3600;
    const accessToken = state.issueToken(principal, clientId, expiresIn);
    return reply.send({ access_token: accessToken, token_type: 'bearer', expires_in: expiresIn });
  });

  app.put(
    `${ASSESSMENT_API}/partner/configuration`,
    route('configuration', 'master'),
    async (request, reply) => {
      if (!isPlainObject(request.body))
        return sendError(reply, 400, 'INVALID_REQUEST', 'The body must be a JSON object.');
      state.partnerConfiguration = request.body;
      return reply.send(request.body);
    },
  );
  app.get(
    `${ASSESSMENT_API}/partner/configuration`,
    route('configuration', 'master'),
    async (_request, reply) => {
      if (state.partnerConfiguration === null) {
        return sendError(reply, 404, 'CONFIGURATION_NOT_FOUND', 'No partner configuration was registered.');
      }
      return reply.send(state.partnerConfiguration);
    },
  );

  // Credential swap: Assay's B in, our C out; needs consent; once per company.
  app.post<{ Params: { companyId: string } }>(
    `${ASSESSMENT_API}/integration/company/:companyId`,
    route('swap', 'master'),
    async (request, reply) => {
      const parsed = swapBody.safeParse(request.body);
      if (!parsed.success) {
        return sendError(
          reply,
          400,
          'INVALID_REQUEST',
          'The body must be {"clientId","clientSecret"} (non-empty strings).',
        );
      }
      const company = state.companies.get(request.params.companyId);
      if (!company?.consented) {
        return sendError(
          reply,
          403,
          'CONSENT_REQUIRED',
          'The company has not consented to this integration.',
        );
      }
      if (company.swapped) {
        return sendError(
          reply,
          409,
          'CREDENTIALS_ALREADY_EXCHANGED',
          'Credentials were already exchanged for this company.',
        );
      }
      company.b = { ...parsed.data };
      company.c = state.mintCompanyCredential();
      company.swapped = true;
      company.swappedAt = new Date().toISOString();
      company.disabledAt = null;
      return reply.send({ clientId: company.c.clientId, clientSecret: company.c.clientSecret });
    },
  );

  app.patch<{ Params: { orderId: string } }>(
    `${ASSESSMENT_API}/orders/:orderId/results`,
    route('results', 'company'),
    async (request, reply) => {
      const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      if (contentType === 'application/json' && state.faultFor('results')?.reject415) {
        return sendError(
          reply,
          415,
          'UNSUPPORTED_MEDIA_TYPE',
          'Use Content-Type: application/merge-patch+json.',
        );
      }
      if (contentType !== 'application/json' && contentType !== 'application/merge-patch+json') {
        return sendError(
          reply,
          415,
          'UNSUPPORTED_MEDIA_TYPE',
          'Use Content-Type: application/json or application/merge-patch+json.',
        );
      }
      const order = state.orders.get(request.params.orderId);
      if (!order) return sendError(reply, 404, 'ORDER_NOT_FOUND', 'No assessment order with this id.');
      if (order.companyId !== companyOf(request)) {
        return sendError(reply, 403, 'FORBIDDEN', 'This order belongs to another company.');
      }
      const errors = validateResultPatch(request.body);
      if (errors) return sendError(reply, 400, 'INVALID_REQUEST', 'The result is not valid.', errors);
      order.result = applyMergePatch(order.result, request.body) as Record<string, unknown>;
      order.history.push({ at: new Date().toISOString(), contentType, body: request.body });
      return reply.send(order.result);
    },
  );

  app.post<{ Params: { orderId: string } }>(
    `${ASSESSMENT_API}/orders/:orderId/results/attachment`,
    route('attachment', 'company'),
    async (request, reply) => {
      const order = state.orders.get(request.params.orderId);
      if (!order) return sendError(reply, 404, 'ORDER_NOT_FOUND', 'No assessment order with this id.');
      if (order.companyId !== companyOf(request)) {
        return sendError(reply, 403, 'FORBIDDEN', 'This order belongs to another company.');
      }
      const contentType = request.headers['content-type'] ?? '';
      const parts = Buffer.isBuffer(request.body) ? parseMultipart(request.body, contentType) : null;
      if (!parts) return sendError(reply, 400, 'INVALID_REQUEST', 'Send multipart/form-data.');
      const partName = state.faultFor('attachment')?.attachmentPart ?? 'file';
      const part = parts.find((p) => p.name === partName);
      if (!part)
        return sendError(reply, 400, 'INVALID_REQUEST', `The multipart part "${partName}" is missing.`);
      if (part.data.length > MAX_ATTACHMENT_BYTES) {
        return sendError(reply, 413, 'FILE_TOO_LARGE', 'The attachment is larger than 20 MiB.');
      }
      const id = randomUUID();
      const filename = part.filename ?? 'attachment.pdf';
      const url = `${context.publicUrl()}/sr-files/${id}/${encodeURIComponent(filename)}`;
      state.attachments.set(id, {
        id,
        orderId: order.id,
        fieldName: part.name,
        filename,
        contentType: part.contentType ?? 'application/octet-stream',
        size: part.data.length,
        data: part.data,
        url,
        createdAt: new Date().toISOString(),
      });
      return reply.code(201).send({ url });
    },
  );

  // Serves uploaded attachments back (the `url` of the 201), like SR's file links.
  app.get<{ Params: { id: string; name: string } }>('/sr-files/:id/:name', async (request, reply) => {
    const attachment = state.attachments.get(request.params.id);
    if (!attachment) return sendError(reply, 404, 'NOT_FOUND', 'No such attachment.');
    reply.header('Content-Type', attachment.contentType);
    reply.header('Content-Disposition', `inline; filename="${attachment.filename.replace(/"/g, '')}"`);
    return reply.send(attachment.data);
  });

  app.post('/messages/shares', route('messages', 'company'), async (request, reply) => {
    const parsed = shareBody.safeParse(request.body);
    if (!parsed.success) {
      return sendError(
        reply,
        400,
        'INVALID_REQUEST',
        'The body must be {"content","correlationId","shareWith":{"openNote":true}}.',
      );
    }
    if (parsed.data.shareWith.openNote !== true) {
      return sendError(reply, 400, 'INVALID_VISIBILITY_OPTIONS', 'shareWith must set openNote: true.');
    }
    const candidateId = /#\[CANDIDATE:([^\]]+)\]/.exec(parsed.data.content)?.[1];
    const candidate = candidateId ? state.candidates.get(candidateId) : undefined;
    const companyId = companyOf(request);
    if (!candidate || candidate.companyId !== companyId) {
      return sendError(
        reply,
        400,
        'NO_ACCESS_TO_CANDIDATE',
        'The message does not mention a candidate of this company.',
      );
    }
    const id = randomUUID();
    state.notes.push({
      id,
      candidateId: candidate.id,
      companyId,
      content: parsed.data.content,
      correlationId: parsed.data.correlationId ?? null,
      createdAt: new Date().toISOString(),
    });
    return reply.code(201).send({ id, shareRequired: false });
  });

  app.get<{ Params: { id: string } }>(
    '/candidates/:id',
    route('candidate', 'company'),
    async (request, reply) => {
      const candidate = state.candidates.get(request.params.id);
      if (!candidate || candidate.companyId !== companyOf(request)) {
        return sendError(reply, 404, 'CANDIDATE_NOT_FOUND', 'Candidate not found.');
      }
      const assignment = (jobId: string) => ({
        job: { id: jobId, title: state.jobs.get(jobId)?.title ?? '' },
        status: 'IN_REVIEW',
      });
      const [primary, ...secondary] = candidate.jobIds;
      return reply.send({
        id: candidate.id,
        firstName: candidate.firstName,
        lastName: candidate.lastName,
        email: candidate.email,
        primaryAssignment: primary ? assignment(primary) : null,
        secondaryAssignments: secondary.map(assignment),
      });
    },
  );

  app.get<{ Params: { id: string; jobId: string } }>(
    '/candidates/:id/jobs/:jobId',
    route('candidateJob', 'company'),
    async (request, reply) => {
      const candidate = state.candidates.get(request.params.id);
      const applicationId = candidate?.applications[request.params.jobId];
      if (!candidate || candidate.companyId !== companyOf(request) || !applicationId) {
        return sendError(reply, 404, 'NOT_FOUND', 'The candidate has no application for this job.');
      }
      return reply.send({
        job: { id: request.params.jobId, title: state.jobs.get(request.params.jobId)?.title ?? '' },
        applicationId,
        status: 'IN_REVIEW',
      });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/job-applications-api/v202112/job-applications/:id',
    route('jobApplication', 'company'),
    async (request, reply) => {
      const id = request.params.id;
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
        return sendError(reply, 400, 'INVALID_JOB_APPLICATION_ID', 'The job application id is not a UUID.');
      }
      for (const candidate of state.candidates.values()) {
        if (candidate.companyId !== companyOf(request)) continue;
        for (const [jobId, applicationId] of Object.entries(candidate.applications)) {
          if (applicationId === id)
            return reply.send({ id, profileId: candidate.id, jobId, status: 'IN_REVIEW' });
        }
      }
      return sendError(reply, 404, 'JOB_APPLICATION_NOT_FOUND', 'Job application not found.');
    },
  );
}
