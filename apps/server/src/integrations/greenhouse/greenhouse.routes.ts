import type {
  FastifyError,
  FastifyInstance,
  FastifyPluginAsync,
  FastifyReply,
  FastifyRequest,
} from 'fastify';
import type { AtsConnectionView, AtsCore } from '../../modules/ats/index.js';
import type { HttpClient } from '../../platform/http-client/index.js';
import { parseGreenhouseLink } from './greenhouse.ats-link.js';
import { toGhTestStatus } from './greenhouse.mapper.js';
import {
  describeIssue,
  GhResponseErrorSchema,
  GhSendTestSchema,
  GhTestStatusQuerySchema,
  type GhErrorBody,
  type GhErrorCode,
} from './greenhouse.wire.js';

/**
 * The four endpoints Greenhouse calls (contracts/greenhouse.md §3), under `/partner/greenhouse`.
 * Authentication runs in `onRequest`, before the body is read: `Authorization: Basic
 * base64("<key>:")`, parsed here because the password is empty (generic Basic middleware
 * refuses that). Errors are Greenhouse-shaped `{"error","message"}`, never Assay's envelope.
 */

export const GH_BASE = '/partner/greenhouse';
/** Ours (§6): 20 requests per second per key. */
const RATE_LIMIT = { limit: 20, windowMs: 1000 };
/** Greenhouse keys are < 171 chars; anything far longer is not worth hashing. */
const MAX_KEY_CHARS = 1024;
const UNAUTHORIZED_MESSAGE = 'Authentication failed.';

interface GhCaller {
  organizationId: string;
  keyId: string;
  connection: AtsConnectionView;
}

/** The key from `Basic base64("<key>:")`, or null (missing, malformed, non-empty password). */
export function parseBasicKey(header: string | undefined): string | null {
  if (typeof header !== 'string') return null;
  const match = /^Basic +([A-Za-z0-9+/]+={0,2}) *$/i.exec(header);
  const encoded = match?.[1];
  if (!encoded || encoded.length % 4 === 1) return null;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return null;
  const key = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  if (password !== '' || key.length > MAX_KEY_CHARS || key.includes('\uFFFD')) return null;
  return key;
}

function sendError(reply: FastifyReply, status: number, error: GhErrorCode, message: string) {
  const body: GhErrorBody = { error, message };
  return reply.code(status).type('application/json').send(body);
}

/** The trailing id of `…/take_home_tests/<id>` (Greenhouse's reference for logs), or null. */
export function ghReference(url: string): string | null {
  try {
    const segments = new URL(url).pathname.split('/').filter(Boolean);
    return segments.at(-1) ?? null;
  } catch {
    return null;
  }
}

/** The plugin; `http` is the completion client's SSRF policy (the `url` is checked against it). */
export function greenhouseRoutes(core: AtsCore, deps: { http: HttpClient }): FastifyPluginAsync {
  const callers = new WeakMap<FastifyRequest, GhCaller>();
  const caller = (request: FastifyRequest): GhCaller => {
    const found = callers.get(request);
    if (!found) throw new Error('greenhouse route without an authenticated caller');
    return found;
  };

  return (app: FastifyInstance) => {
    app.setErrorHandler((err: FastifyError, request, reply) => {
      if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        return sendError(reply, 413, 'invalid_request', 'The request body is too large.');
      }
      if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
        return sendError(reply, 415, 'invalid_request', 'Send the request body as application/json.');
      }
      if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) {
        return sendError(reply, 400, 'invalid_request', 'The request body is not valid JSON.');
      }
      request.log.error({ err }, 'greenhouse partner route failed');
      return reply
        .code(500)
        .type('application/json')
        .send({ error: 'internal', message: 'Something went wrong in Assay; try again later.' });
    });

    // Authentication first, whatever the body (§3): 401 with no detail.
    app.addHook('onRequest', async (request, reply) => {
      // §3: HTTPS only in production (behind a proxy, trustProxy makes `protocol` the client's).
      if (core.config.production && request.protocol !== 'https') {
        return sendError(reply, 403, 'unauthorized', 'Greenhouse must call Assay over https.');
      }
      const key = parseBasicKey(request.headers.authorization);
      const found = key === null ? null : await core.keys.authenticate('greenhouse', key);
      if (!found) {
        void reply.header('www-authenticate', 'Basic realm="Assay"');
        return sendError(reply, 401, 'unauthorized', UNAUTHORIZED_MESSAGE);
      }
      const limited = core.rateLimit(`greenhouse:${found.keyId}`, RATE_LIMIT.limit, RATE_LIMIT.windowMs);
      if (!limited.ok) {
        void reply.header('retry-after', String(limited.retryAfterSeconds));
        return sendError(
          reply,
          429,
          'rate_limited',
          `Too many requests (more than ${RATE_LIMIT.limit} a second); retry after ${limited.retryAfterSeconds} s.`,
        );
      }
      const connection = await core.connections.ensure('greenhouse', found.organizationId);
      callers.set(request, { organizationId: found.organizationId, keyId: found.keyId, connection });
      return undefined;
    });

    const config = { rateLimitPolicy: 'none' as const };

    app.get(`${GH_BASE}/list_tests`, { config }, async (request) => {
      const tests = await core.tests.listPublished(caller(request).organizationId);
      return tests.map((test) => ({ partner_test_id: test.id, partner_test_name: test.name }));
    });

    app.post(`${GH_BASE}/send_test`, { config }, async (request, reply) => {
      const { organizationId, connection } = caller(request);
      const parsed = GhSendTestSchema.safeParse(request.body);
      if (!parsed.success) return sendError(reply, 400, 'invalid_request', describeIssue(parsed.error));
      const body = parsed.data;
      const checked = deps.http.checkUrl(body.url);
      if (!checked.ok) {
        return sendError(reply, 400, 'invalid_request', `url: ${checked.message}`);
      }
      const rawProfileUrl = body.candidate.greenhouse_profile_url ?? null;
      const link = rawProfileUrl
        ? parseGreenhouseLink(rawProfileUrl, core.config.ats.greenhouse.linkHosts, {
            allowInsecure: core.config.ats.allowInsecureCallbacks,
          })
        : undefined;
      const reference = ghReference(body.url);
      const placed = await core.orders.place({
        provider: 'greenhouse',
        organizationId,
        connectionId: connection.id,
        scopeKey: organizationId,
        orderKey: body.url,
        testId: body.partner_test_id,
        candidate: {
          firstName: body.candidate.first_name,
          lastName: body.candidate.last_name ?? '',
          preferredName: body.candidate.preferred_name ?? null,
          email: body.candidate.email,
          externalId: link?.candidateId ?? null,
          profileUrl: link?.profileUrl ?? null,
        },
        requester: { email: body.sent_by ?? null },
        providerData: {
          ghReference: reference,
          applicationId: link?.applicationId ?? null,
          // Not a Greenhouse candidate link: kept as received, never used as a link.
          ...(rawProfileUrl && !link ? { unparsedProfileUrl: rawProfileUrl.slice(0, 2000) } : {}),
        },
      });
      switch (placed.kind) {
        case 'created':
          request.log.info(
            { ghReference: reference, invitationId: placed.invitationId, orderId: placed.order.id },
            'greenhouse send_test: invitation created',
          );
          return { partner_interview_id: placed.invitationId };
        case 'repeat': {
          const { order } = placed;
          if (order.status === 'rejected' || order.invitationId === null) {
            return sendError(
              reply,
              400,
              'invalid_request',
              order.rejectReason ?? 'This test request could not be fulfilled.',
            );
          }
          request.log.info({ ghReference: reference, orderId: order.id }, 'greenhouse send_test: repeat');
          return { partner_interview_id: order.invitationId };
        }
        case 'conflict':
          return sendError(reply, 409, 'conflict', placed.message);
        case 'test_not_found':
          return sendError(reply, 404, 'test_not_found', placed.message);
        case 'rejected':
          request.log.info(
            { ghReference: reference, orderId: placed.order.id },
            'greenhouse send_test: rejected',
          );
          return sendError(reply, 400, 'invalid_request', placed.reason);
      }
    });

    app.get(`${GH_BASE}/test_status`, { config }, async (request, reply) => {
      const { organizationId } = caller(request);
      const parsed = GhTestStatusQuerySchema.safeParse(request.query ?? {});
      if (!parsed.success) return sendError(reply, 400, 'invalid_request', describeIssue(parsed.error));
      const invitationId = parsed.data.partner_interview_id;
      const notFound = () =>
        sendError(reply, 404, 'interview_not_found', `No test with partner_interview_id ${invitationId}.`);
      const order = await core.orders.findByInvitation('greenhouse', organizationId, invitationId);
      if (!order) return notFound();
      const result = await core.results.get(organizationId, invitationId);
      if (!result) return notFound();
      return toGhTestStatus(result);
    });

    app.post(`${GH_BASE}/response_error`, { config }, async (request) => {
      const { organizationId } = caller(request);
      const report = readResponseError(request.body);
      let invitationId: string | null = null;
      if (report.partner_interview_id) {
        const order = await core.orders.findByInvitation(
          'greenhouse',
          organizationId,
          report.partner_interview_id,
        );
        invitationId = order?.invitationId ?? null;
      }
      await core.inboundErrors.record({
        provider: 'greenhouse',
        organizationId,
        invitationId,
        apiCall: report.api_call,
        errors: report.errors,
        details: {
          partner_test_id: report.partner_test_id ?? null,
          partner_test_name: report.partner_test_name ?? null,
          partner_interview_id: report.partner_interview_id ?? null,
          candidate_email: report.candidate_email ?? null,
        },
      });
      // No candidate e-mail in logs.
      request.log.warn(
        { apiCall: report.api_call, errorCount: report.errors.length, invitationId },
        'greenhouse reported an error in our response',
      );
      return { status: 200 };
    });
    return Promise.resolve();
  };
}

/** Greenhouse's error report, salvaged when it does not match the documented shape (never lost). */
function readResponseError(body: unknown) {
  const parsed = GhResponseErrorSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  const raw = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const text = (value: unknown, max: number) =>
    typeof value === 'string' || typeof value === 'number' ? String(value).slice(0, max) : null;
  const errors = Array.isArray(raw.errors)
    ? raw.errors.slice(0, 100).map((e) => (typeof e === 'string' ? e : JSON.stringify(e)).slice(0, 2000))
    : raw.errors === undefined
      ? []
      : [JSON.stringify(raw.errors).slice(0, 2000)];
  return {
    api_call: text(raw.api_call, 200) ?? 'unknown',
    errors,
    partner_test_id: text(raw.partner_test_id, 200),
    partner_test_name: text(raw.partner_test_name, 500),
    partner_interview_id: text(raw.partner_interview_id, 200),
    candidate_email: text(raw.candidate_email, 320),
  };
}
