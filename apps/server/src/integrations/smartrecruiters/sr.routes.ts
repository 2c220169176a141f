import { randomBytes } from 'node:crypto';
import formbody from '@fastify/formbody';
import type {
  FastifyError,
  FastifyInstance,
  FastifyPluginAsync,
  FastifyReply,
  FastifyRequest,
} from 'fastify';
import type { AtsConnectionView, AtsCore } from '../../modules/ats/index.js';
import { safeEqual } from '../../platform/crypto/index.js';
import { candidateProfileUrl, orderIdFromCallback, toPackage } from './sr.mapper.js';
import type { SrClient } from './sr.client.js';
import { renderConnected, renderConsentForm, renderConsentMessage } from './sr.consent-page.js';
import { SrOrderSchema, type SrErrorCode, type SrErrorResponse } from './sr.wire.js';

/**
 * The endpoints SmartRecruiters calls (contract §3), under `/partner/smartrecruiters`: the
 * consent page, our OAuth token endpoint, packages, orders and disable. Bearer authentication
 * runs in `onRequest`, before any body is read, so an unauthenticated call gets 401 whatever
 * it sends. Errors use SR's `ErrorResponse`; the token endpoint answers in the OAuth shape.
 */

export const PARTNER_PREFIX = '/partner/smartrecruiters';
export const ACCESS_TOKEN_TTL_S = 3600;
export const CONSENT_TTL_MS = 15 * 60 * 1000;
const CONSENT_TRIES = 10;
const COMPANY_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
const EMAIL = /^[^\s@,;"<>]+@[^\s@,;"<>]+\.[^\s@,;"<>]+$/;

export const CONSENT_MESSAGES = {
  invalidKey: 'This API key is not valid.',
  boundElsewhere:
    'This SmartRecruiters company is already connected to another Assay organization. Disconnect it there first.',
  notConfigured:
    'SmartRecruiters is not configured on this Assay server. Ask your Assay operator to set SMARTRECRUITERS_CLIENT_ID and SMARTRECRUITERS_CLIENT_SECRET.',
  swap403:
    'SmartRecruiters refused the connection. Finish the consent step in SmartRecruiters, then try again.',
  swap404:
    'SmartRecruiters has no Assay configuration for this server. Contact support (your Assay operator has been alerted).',
  swap409:
    'SmartRecruiters already connected Assay for this company. Disconnect Assay in SmartRecruiters, then reconnect.',
  swapOther: 'Could not reach SmartRecruiters to finish connecting. Try again.',
  expired: 'This connection link is not valid or has expired. Start again from SmartRecruiters.',
  tooMany: 'Too many tries. Wait 15 minutes, then try again.',
  missingCompany:
    'This page needs the companyId SmartRecruiters adds to the link. Start again from SmartRecruiters.',
  foreignOrigin: 'This form must be sent from the Assay consent page.',
} as const;

export interface SrRoutesDeps {
  core: AtsCore;
  client: SrClient;
}

declare module 'fastify' {
  interface FastifyRequest {
    srConnection?: AtsConnectionView;
  }
}

function srError(reply: FastifyReply, status: number, code: SrErrorCode, message: string) {
  const body: SrErrorResponse = { message, errors: [{ code, message }] };
  return reply.status(status).type('application/json').send(body);
}

function oauthError(
  reply: FastifyReply,
  status: number,
  error: 'invalid_client' | 'invalid_request' | 'unsupported_grant_type' | 'temporarily_unavailable',
  description: string,
) {
  return reply
    .status(status)
    .header('cache-control', 'no-store')
    .type('application/json')
    .send({ error, error_description: description });
}

/**
 * The `requester` header (encoding unspecified by SR): JSON `{"email":…}`, `email=x`,
 * `email,x` or a bare e-mail. Undefined when absent; null when present but unreadable.
 */
export function parseRequesterHeader(
  value: string | string[] | undefined,
): { email: string } | null | undefined {
  if (value === undefined) return undefined;
  const raw = (Array.isArray(value) ? value[0] : value)?.trim() ?? '';
  if (raw === '') return undefined;
  let email: string | undefined;
  if (raw.startsWith('{')) {
    try {
      const parsed = JSON.parse(raw) as { email?: unknown };
      if (typeof parsed.email === 'string') email = parsed.email.trim();
    } catch {
      return null;
    }
  } else if (/^email\s*=/i.test(raw)) {
    email = decodeURIComponent(raw.replace(/^email\s*=\s*/i, '').split('&')[0] ?? '').trim();
  } else if (/^email\s*,/i.test(raw)) {
    email = raw.replace(/^email\s*,\s*/i, '').trim();
  } else {
    email = raw;
  }
  return email && EMAIL.test(email) ? { email } : null;
}

function bearerOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1] ?? null;
}

/** The client credentials of a token request: form fields, or HTTP Basic. */
function clientOf(
  request: FastifyRequest,
  body: Record<string, unknown>,
): { clientId: string | null; clientSecret: string | null; conflict: boolean } {
  const formId = typeof body.client_id === 'string' ? body.client_id : null;
  const formSecret = typeof body.client_secret === 'string' ? body.client_secret : null;
  const header = request.headers.authorization;
  let basicId: string | null = null;
  let basicSecret: string | null = null;
  if (typeof header === 'string' && /^Basic\s+/i.test(header)) {
    const decoded = Buffer.from(header.replace(/^Basic\s+/i, ''), 'base64').toString('utf8');
    const sep = decoded.indexOf(':');
    if (sep > 0) {
      basicId = decodeURIComponent(decoded.slice(0, sep));
      basicSecret = decodeURIComponent(decoded.slice(sep + 1));
    }
  }
  const conflict = basicId !== null && formId !== null && (basicId !== formId || basicSecret !== formSecret);
  return { clientId: basicId ?? formId, clientSecret: basicSecret ?? formSecret, conflict };
}

function srOrigins(core: AtsCore): string[] {
  const origins = ['https://smartrecruiters.com', 'https://*.smartrecruiters.com'];
  if (core.config.ats.allowInsecureCallbacks) {
    try {
      origins.push(new URL(core.config.ats.smartrecruiters.apiUrl).origin);
    } catch {
      // the config is validated; nothing to add
    }
  }
  return origins;
}

/** Whether `redirect` may be followed: https on an SR host (http on the API host with insecure callbacks). */
export function isAllowedRedirect(redirect: string, core: Pick<AtsCore, 'config'>): boolean {
  let url: URL;
  try {
    url = new URL(redirect);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  const host = url.hostname.toLowerCase();
  if (
    url.protocol === 'https:' &&
    (host === 'smartrecruiters.com' || host.endsWith('.smartrecruiters.com'))
  ) {
    return true;
  }
  if (!core.config.ats.allowInsecureCallbacks) return false;
  try {
    const api = new URL(core.config.ats.smartrecruiters.apiUrl);
    return url.host === api.host && (url.protocol === 'http:' || url.protocol === 'https:');
  } catch {
    return false;
  }
}

/** The partner routes plugin (registered by the ATS core for the SmartRecruiters provider). */
export function smartRecruitersRoutes(deps: SrRoutesDeps): FastifyPluginAsync {
  const { core, client } = deps;
  return async (app: FastifyInstance) => {
    // Paths are absolute unless the core registered this plugin under (part of) the prefix.
    const base = PARTNER_PREFIX.startsWith(app.prefix)
      ? PARTNER_PREFIX.slice(app.prefix.length)
      : PARTNER_PREFIX;
    await app.register(formbody, { bodyLimit: 16 * 1024 });

    app.setErrorHandler((err: FastifyError, request, reply) => {
      const status = err.statusCode ?? 500;
      if (status >= 500) {
        request.log.error({ err }, 'SmartRecruiters partner route failed');
        return reply
          .status(500)
          .type('application/json')
          .send({ message: 'Something went wrong in Assay.', errors: [] });
      }
      const message =
        err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
          ? 'Send application/json.'
          : err.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
            ? 'The request body is too large.'
            : 'The request body is not valid JSON.';
      return srError(reply, status === 415 || status === 413 ? status : 400, 'INVALID_REQUEST', message);
    });

    // Secrets (client secrets, bearer tokens) travel only over https in production (behind a
    // proxy, trustProxy makes `protocol` the client's).
    const plainHttpInProduction = (request: FastifyRequest) =>
      core.config.production && request.protocol !== 'https';

    const activeOnly = true;
    const bearer =
      (options: { requireActive: boolean; rateLimited: boolean }) =>
      async (request: FastifyRequest, reply: FastifyReply) => {
        if (plainHttpInProduction(request)) {
          return srError(reply, 403, 'UNAUTHORIZED', 'SmartRecruiters must call Assay over https.');
        }
        const token = bearerOf(request);
        const connection = token
          ? await core.connections.authenticateAccessToken('smartrecruiters', token)
          : null;
        if (!connection) {
          return srError(reply, 401, 'UNAUTHORIZED', 'A valid Bearer access token from Assay is required.');
        }
        if (options.requireActive && connection.status === 'disconnected') {
          return srError(
            reply,
            403,
            'INTEGRATION_INACTIVE',
            'The Assay integration for this company is not active. Reconnect Assay in SmartRecruiters.',
          );
        }
        if (options.rateLimited) {
          const limit = core.rateLimit(
            `sr-company:${connection.externalAccountId ?? connection.id}`,
            20,
            1000,
          );
          if (!limit.ok) {
            reply.header('retry-after', String(limit.retryAfterSeconds));
            return srError(reply, 429, 'RATE_LIMITED', 'Too many requests for this company; slow down.');
          }
        }
        request.srConnection = connection;
        await core.connections.touchInbound(connection.id);
        return undefined;
      };

    // ---- OAuth token endpoint (B → our access token) -------------------------------------------
    app.post(
      `${base}/oauth/token`,
      {
        // Limited per client_id below, not per IP (SR calls from shared addresses).
        config: { contentTypes: ['application/x-www-form-urlencoded'], rateLimitPolicy: 'none' },
        errorHandler: (_err, _request, reply) => {
          void oauthError(reply, 400, 'invalid_request', 'The request body could not be read.');
        },
      },
      async (request, reply) => {
        if (plainHttpInProduction(request)) {
          return oauthError(reply, 400, 'invalid_request', 'Call the Assay token endpoint over https.');
        }
        const body = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<
          string,
          unknown
        >;
        if (body.grant_type !== 'client_credentials') {
          return oauthError(
            reply,
            400,
            'unsupported_grant_type',
            'Only grant_type=client_credentials is supported.',
          );
        }
        const { clientId, clientSecret, conflict } = clientOf(request, body);
        if (!clientId || !clientSecret) {
          return oauthError(reply, 400, 'invalid_client', 'client_id and client_secret are required.');
        }
        const limit = core.rateLimit(`sr-token:${clientId}`, 10, 60_000);
        if (!limit.ok) {
          reply.header('retry-after', String(limit.retryAfterSeconds));
          return oauthError(reply, 429, 'temporarily_unavailable', 'Too many token requests; slow down.');
        }
        const connection = await core.connections.verifyClient('smartrecruiters', clientId, clientSecret);
        if (!connection) return oauthError(reply, 400, 'invalid_client', 'Unknown client or wrong secret.');
        if (conflict) {
          return oauthError(reply, 400, 'invalid_request', 'The Basic and form client credentials differ.');
        }
        if (body.scope !== undefined && typeof body.scope !== 'string') {
          return oauthError(reply, 400, 'invalid_request', 'scope must be a string.');
        }
        const accessToken = await core.connections.issueAccessToken(connection.id, ACCESS_TOKEN_TTL_S);
        await core.connections.touchInbound(connection.id);
        return reply
          .header('cache-control', 'no-store')
          .header('pragma', 'no-cache')
          .send({ access_token: accessToken, token_type: 'Bearer', expires_in: ACCESS_TOKEN_TTL_S });
      },
    );

    // ---- Packages -----------------------------------------------------------------------------
    app.get(
      `${base}/packages`,
      { onRequest: bearer({ requireActive: activeOnly, rateLimited: true }) },
      async (request, reply) => {
        const connection = request.srConnection as AtsConnectionView;
        if (parseRequesterHeader(request.headers.requester) === null) {
          return srError(
            reply,
            400,
            'INVALID_REQUEST',
            'The requester header must carry an e-mail: JSON {"email":"…"}, email=…, email,… or the address.',
          );
        }
        const tests = await core.tests.listPublished(connection.organizationId);
        if (tests.length === 0) return reply.status(204).send();
        return reply.send(tests.map(toPackage));
      },
    );

    app.get<{ Params: { assessmentPackageId: string } }>(
      `${base}/packages/:assessmentPackageId`,
      { onRequest: bearer({ requireActive: activeOnly, rateLimited: true }) },
      async (request, reply) => {
        const connection = request.srConnection as AtsConnectionView;
        const id = request.params.assessmentPackageId;
        const test = id.length <= 100 ? await core.tests.getPublished(connection.organizationId, id) : null;
        if (!test)
          return srError(
            reply,
            404,
            'PACKAGE_NOT_FOUND',
            `No published Assay test has the id ${id.slice(0, 100)}.`,
          );
        return reply.send(toPackage(test));
      },
    );

    // ---- Orders -------------------------------------------------------------------------------
    app.post(
      `${base}/packages/orders`,
      // Limited per company (20/s), not per IP: every SR customer calls from SR's addresses.
      {
        onRequest: bearer({ requireActive: activeOnly, rateLimited: true }),
        config: { rateLimitPolicy: 'none' },
      },
      async (request, reply) => {
        const connection = request.srConnection as AtsConnectionView;
        const parsed = SrOrderSchema.safeParse(request.body);
        if (!parsed.success) {
          const message = parsed.error.issues
            .map((i) => `${i.path.join('.') || 'body'}: ${i.message}`)
            .slice(0, 10)
            .join('; ');
          return srError(reply, 400, 'INVALID_REQUEST', `The order is not valid — ${message}`);
        }
        const order = parsed.data;
        const check = client.checkUrl(order.resultCallbackURL);
        if (!check.ok) {
          return srError(reply, 400, 'INVALID_REQUEST', `resultCallbackURL refused: ${check.message}`);
        }
        if (order.companyId !== connection.externalAccountId) {
          return srError(
            reply,
            403,
            'UNAUTHORIZED',
            'companyId does not match the company this access token belongs to.',
          );
        }
        // §6: a repeat answers from the stored order, before anything that could have changed since
        // (a DNS answer, the test being unpublished): 202 for the same order, 409 for another one.
        const stored = await core.orders.findByKey(
          'smartrecruiters',
          order.companyId,
          order.resultCallbackURL,
        );
        if (stored) {
          const same =
            stored.testId === order.assessmentPackageId &&
            stored.candidateEmail.toLowerCase() === order.candidate.email.trim().toLowerCase();
          return same
            ? reply.status(202).send({})
            : srError(
                reply,
                409,
                'ORDER_CONFLICT',
                'This order was already placed for another test or candidate.',
              );
        }
        const validated = await client.validateUrl(order.resultCallbackURL);
        if (!validated.ok) {
          return srError(reply, 400, 'INVALID_REQUEST', `resultCallbackURL refused: ${validated.message}`);
        }
        const test = await core.tests.getPublished(connection.organizationId, order.assessmentPackageId);
        if (!test) {
          return srError(
            reply,
            404,
            'PACKAGE_NOT_FOUND',
            `No published Assay test has the id ${order.assessmentPackageId.slice(0, 100)}.`,
          );
        }
        const jobId = order.job?.id ?? order.jobId ?? null;
        const result = await core.orders.place({
          provider: 'smartrecruiters',
          organizationId: connection.organizationId,
          connectionId: connection.id,
          scopeKey: order.companyId,
          orderKey: order.resultCallbackURL,
          testId: order.assessmentPackageId,
          candidate: {
            firstName: order.candidate.firstName,
            lastName: order.candidate.lastName,
            email: order.candidate.email,
            externalId: order.candidate.id,
            profileUrl: candidateProfileUrl(core.config.ats.smartrecruiters.apiUrl, order.candidate.id),
          },
          requester: order.requester
            ? { email: order.requester.email ?? null, userId: order.requester.userId ?? null }
            : null,
          providerData: {
            jobId,
            orderId: orderIdFromCallback(order.resultCallbackURL),
            testName: test.name,
            ...(order.fields ? { fields: order.fields } : {}),
          },
        });
        switch (result.kind) {
          case 'created':
          case 'repeat':
          case 'rejected':
            return reply.status(202).send({});
          case 'conflict':
            return srError(reply, 409, 'ORDER_CONFLICT', result.message);
          case 'test_not_found':
            return srError(reply, 404, 'PACKAGE_NOT_FOUND', result.message);
        }
      },
    );

    // ---- Disable (SR-side disconnect) ---------------------------------------------------------
    app.delete<{ Params: { companyId: string } }>(
      `${base}/integrations/companies/:companyId`,
      {
        onRequest: async (request, reply) => {
          // §3: 204 "also if inactive" — a repeated disable carries the token the first one revoked.
          const token = bearerOf(request);
          const revoked =
            token && core.connections.authenticateRevokedAccessToken
              ? await core.connections.authenticateRevokedAccessToken('smartrecruiters', token)
              : null;
          if (revoked) {
            request.srConnection = revoked;
            return undefined;
          }
          return bearer({ requireActive: false, rateLimited: false })(request, reply);
        },
        config: { rateLimitPolicy: 'none' },
      },
      async (request, reply) => {
        const connection = request.srConnection as AtsConnectionView;
        if (request.params.companyId !== connection.externalAccountId) {
          return srError(
            reply,
            403,
            'UNAUTHORIZED',
            'companyId does not match the company this access token belongs to.',
          );
        }
        if (connection.status !== 'disconnected') {
          await core.connections.disable(connection.id, 'Disconnected in SmartRecruiters.');
        }
        return reply.status(204).send();
      },
    );

    // ---- Consent page -------------------------------------------------------------------------
    function consentHeaders(reply: FastifyReply, nonce?: string) {
      const origins = srOrigins(core).join(' ');
      reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        // Browsers send `Origin: null` on a form POST from a no-referrer page; same-origin keeps our Origin.
        .header('referrer-policy', 'same-origin')
        .header(
          'content-security-policy',
          [
            "default-src 'none'",
            "style-src 'unsafe-inline'",
            nonce ? `script-src 'nonce-${nonce}'` : "script-src 'none'",
            `form-action 'self' ${origins}`,
            `frame-ancestors ${origins}`,
            "base-uri 'none'",
          ].join('; '),
        );
    }

    function stateFor(companyId: string, redirect: string, expires: string): string {
      return core.sign('sr-consent', `${companyId}|${redirect}|${expires}`);
    }

    function formView(companyId: string, redirect: string | null, error: string | null = null) {
      const expires = String(core.clock.now().getTime() + CONSENT_TTL_MS);
      return { companyId, redirect, expires, state: stateFor(companyId, redirect ?? '', expires), error };
    }

    app.get<{ Querystring: Record<string, unknown> }>(`${base}/consent`, async (request, reply) => {
      consentHeaders(reply);
      const companyId = typeof request.query.companyId === 'string' ? request.query.companyId.trim() : '';
      if (!COMPANY_ID.test(companyId)) {
        return reply.status(400).send(renderConsentMessage('Connect Assay', CONSENT_MESSAGES.missingCompany));
      }
      const rawRedirect = typeof request.query.redirect === 'string' ? request.query.redirect : '';
      const redirect = rawRedirect && isAllowedRedirect(rawRedirect, core) ? rawRedirect : null;
      return reply.send(renderConsentForm(formView(companyId, redirect)));
    });

    app.post(
      `${base}/consent`,
      { config: { contentTypes: ['application/x-www-form-urlencoded'] } },
      async (request, reply) => {
        consentHeaders(reply);
        const body = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<
          string,
          unknown
        >;
        const field = (name: string) => {
          const value = body[name];
          return typeof value === 'string' ? value : '';
        };
        // CSRF: the form must come from our own page (Origin, when the browser sends it) and carry a valid state.
        const origin = request.headers.origin;
        const ownOrigin = new URL(core.config.http.publicUrl).origin;
        if (
          origin !== undefined &&
          origin !== ownOrigin &&
          origin !== `${request.protocol}://${request.host}`
        ) {
          return reply
            .status(403)
            .send(renderConsentMessage('Connect Assay', CONSENT_MESSAGES.foreignOrigin));
        }
        const companyId = field('companyId').trim();
        const redirect = field('redirect');
        const expires = field('expires');
        const state = field('state');
        const expiresAt = Number(expires);
        if (
          !COMPANY_ID.test(companyId) ||
          !state ||
          !Number.isFinite(expiresAt) ||
          expiresAt < core.clock.now().getTime() ||
          !safeEqual(state, stateFor(companyId, redirect, expires))
        ) {
          return reply.status(400).send(renderConsentMessage('Connect Assay', CONSENT_MESSAGES.expired));
        }
        const byCompany = core.rateLimit(`sr-consent-company:${companyId}`, CONSENT_TRIES, CONSENT_TTL_MS);
        const byIp = core.rateLimit(`sr-consent-ip:${request.ip}`, CONSENT_TRIES, CONSENT_TTL_MS);
        if (!byCompany.ok || !byIp.ok) {
          const retry = Math.max(
            byCompany.ok ? 0 : byCompany.retryAfterSeconds,
            byIp.ok ? 0 : byIp.retryAfterSeconds,
          );
          reply.header('retry-after', String(retry));
          return reply.status(429).send(renderConsentMessage('Connect Assay', CONSENT_MESSAGES.tooMany));
        }
        const redirectTo = redirect && isAllowedRedirect(redirect, core) ? redirect : null;
        const again = (message: string, status = 200) =>
          reply.status(status).send(renderConsentForm(formView(companyId, redirectTo, message)));

        const apiKey = field('apiKey').trim();
        const owner = apiKey ? await core.keys.authenticate('smartrecruiters', apiKey) : null;
        if (!owner) return again(CONSENT_MESSAGES.invalidKey);
        const existing = await core.connections.findByAccount('smartrecruiters', companyId);
        if (
          existing &&
          existing.organizationId !== owner.organizationId &&
          existing.status !== 'disconnected'
        ) {
          return again(CONSENT_MESSAGES.boundElsewhere);
        }
        const { clientId: masterId, clientSecret: masterSecret } = core.config.ats.smartrecruiters;
        if (!masterId || !masterSecret) return again(CONSENT_MESSAGES.notConfigured);

        const inbound = {
          clientId: `assay-sr-${randomBytes(12).toString('hex')}`,
          clientSecret: randomBytes(32).toString('base64url'),
        };
        const swap = await client.swap(
          { clientId: masterId, clientSecret: masterSecret },
          companyId,
          inbound,
        );
        if (!swap.ok) {
          const status = swap.result.status;
          if (status === 404) {
            request.log.error(
              { companyId, status },
              'SmartRecruiters swap answered 404: the partner configuration is missing (run `assay integrations smartrecruiters register`)',
            );
          } else {
            request.log.warn({ companyId, status, error: swap.result.error }, 'SmartRecruiters swap failed');
          }
          return again(
            status === 403
              ? CONSENT_MESSAGES.swap403
              : status === 404
                ? CONSENT_MESSAGES.swap404
                : status === 409
                  ? CONSENT_MESSAGES.swap409
                  : CONSENT_MESSAGES.swapOther,
          );
        }
        const bound = await core.connections.bind({
          provider: 'smartrecruiters',
          organizationId: owner.organizationId,
          externalAccountId: companyId,
          inboundClientId: inbound.clientId,
          inboundClientSecret: inbound.clientSecret,
          credentials: { clientId: swap.credentials.clientId, clientSecret: swap.credentials.clientSecret },
        });
        if (bound.kind === 'bound_elsewhere') return again(CONSENT_MESSAGES.boundElsewhere);

        // Activate at once: a token with C proves the credential works.
        client.forget(swap.credentials);
        const token = await client.token(swap.credentials);
        if (token.ok) {
          await core.connections.setStatus(bound.connection.id, 'connected', null);
        } else {
          await core.connections.setStatus(
            bound.connection.id,
            'error',
            `SmartRecruiters did not issue a token for the swapped credentials (${
              token.result.status ?? token.result.error
            }). Reconnect Assay in SmartRecruiters.`,
          );
        }
        request.log.info(
          { companyId, organizationId: owner.organizationId },
          'SmartRecruiters company connected',
        );
        if (redirectTo) return reply.status(303).header('location', redirectTo).send();
        const nonce = randomBytes(16).toString('base64');
        consentHeaders(reply, nonce);
        return reply.send(renderConnected(owner.organizationName, nonce));
      },
    );
  };
}
