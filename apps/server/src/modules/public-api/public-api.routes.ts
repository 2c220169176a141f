import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import {
  ApiV1CreateInvitationBodySchema,
  ApiV1InvitationParamsSchema,
  ApiV1InvitationSchema,
  type ApiV1Invitation,
  ApiV1TestListSchema,
  IdempotencyKeyHeadersSchema,
  OrgParamsSchema,
  ReportSchema,
} from '@assay/contracts';
import { PlatformErrors } from '../../platform/errors/index.js';
import { requireApiAccess, type ApiCaller } from '../identity/index.js';
import type { PublicApiService } from './public-api.service.js';

/** OpenAPI: every v1 route is bearer-only and grouped under one tag. */
const DOC = { tags: ['Public API v1'], security: [{ bearerAuth: [] }] };

/**
 * Route-level `onRequest`: v1 takes API tokens only (401 before any validation). A session
 * cookie is not enough: browser sessions use `/api/orgs/...`, and a token-only surface
 * keeps CSRF out of the picture.
 */
export function requireBearerToken(request: FastifyRequest): Promise<void> {
  if (request.apiAuth) return Promise.resolve();
  return Promise.reject(
    PlatformErrors.create('auth.unauthenticated', {
      message: request.auth
        ? 'The public API accepts only API tokens: send Authorization: Bearer <token> without a session cookie.'
        : 'Send Authorization: Bearer <token> (Settings → API tokens).',
    }),
  );
}

/** Status of an invitation: a `reports:read` or an `invitations:write` token. */
function readerOfInvitations(request: FastifyRequest, orgId: string): ApiCaller {
  const scopes = request.apiAuth?.scopes ?? [];
  if (!scopes.includes('reports:read') && scopes.includes('invitations:write')) {
    return requireApiAccess(request, orgId, 'invitations:write');
  }
  return requireApiAccess(request, orgId, 'reports:read');
}

/** Public API v1 (`/api/v1`), bearer tokens only. */
export const publicApiRoutes =
  (deps: { publicApi: PublicApiService }): FastifyPluginAsyncZod =>
  (app) => {
    const { publicApi } = deps;
    app.register((scoped) => {
      scoped.addHook('onRequest', requireBearerToken);
      const s = scoped.withTypeProvider<ZodTypeProvider>();

      s.get(
        '/api/v1/orgs/:orgId/tests',
        {
          schema: {
            ...DOC,
            summary: 'List published tests (scope tests:read)',
            params: OrgParamsSchema,
            response: { 200: ApiV1TestListSchema },
          },
        },
        async (request) => {
          const caller = requireApiAccess(request, request.params.orgId, 'tests:read');
          return { items: await publicApi.listTests(caller) };
        },
      );

      s.post(
        '/api/v1/orgs/:orgId/invitations',
        {
          schema: {
            ...DOC,
            summary: 'Invite a candidate to a published test (scope invitations:write)',
            description:
              'Send `Idempotency-Key` to retry safely: the same key and body answer the stored result for 24 h ' +
              '(`idempotent-replayed: true`), another body under the key → 422, while the first runs → 409.',
            params: OrgParamsSchema,
            headers: IdempotencyKeyHeadersSchema,
            body: ApiV1CreateInvitationBodySchema,
            response: { 201: ApiV1InvitationSchema },
          },
        },
        async (request, reply) => {
          const caller = requireApiAccess(request, request.params.orgId, 'invitations:write');
          const key = request.headers['idempotency-key'];
          const tokenId = request.apiAuth?.tokenId;
          const result = await publicApi.createInvitation(
            caller,
            request.body,
            key && tokenId
              ? {
                  tokenId,
                  key,
                  method: request.method,
                  path: request.url.split('?')[0] ?? '',
                  body: request.body,
                }
              : undefined,
          );
          if (result.replayed) reply.header('idempotent-replayed', 'true');
          return reply.status(201).send(result.body as ApiV1Invitation);
        },
      );

      s.get(
        '/api/v1/orgs/:orgId/invitations/:invitationId',
        {
          schema: {
            ...DOC,
            summary: 'Status, score and dates of an invitation (scope reports:read or invitations:write)',
            params: ApiV1InvitationParamsSchema,
            response: { 200: ApiV1InvitationSchema },
          },
        },
        async (request) => {
          const { orgId, invitationId } = request.params;
          return publicApi.getInvitation(readerOfInvitations(request, orgId), invitationId);
        },
      );

      s.get(
        '/api/v1/orgs/:orgId/invitations/:invitationId/report',
        {
          schema: {
            ...DOC,
            summary: 'The report of an invitation (scope reports:read)',
            params: ApiV1InvitationParamsSchema,
            response: { 200: ReportSchema },
          },
        },
        async (request) => {
          const { orgId, invitationId } = request.params;
          return publicApi.getReport(requireApiAccess(request, orgId, 'reports:read'), invitationId);
        },
      );
      return Promise.resolve();
    });
    return Promise.resolve();
  };
