import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import {
  CandidateListQuerySchema,
  CandidateListSchema,
  CandidateParamsSchema,
  CandidateSchema,
  LinkAtsBodySchema,
  OrgParamsSchema,
  UpdateCandidateBodySchema,
} from '@assay/contracts';
import { authenticate, requireAuth, requireRole } from '../identity/index.js';
import { CANDIDATE_PERMISSIONS, type CandidatePermission } from './candidates.policy.js';
import type { CandidateActor, CandidatesService } from './candidates.service.js';

/** The caller as an actor in `orgId`, if their role allows `permission` (404 / 403 otherwise). */
export function candidateActorFor(
  request: FastifyRequest,
  orgId: string,
  permission: CandidatePermission,
): CandidateActor {
  const membership = requireRole(request, orgId, CANDIDATE_PERMISSIONS[permission]);
  return { userId: requireAuth(request).user.id, role: membership.role };
}

/** Candidate list, edit and "Link with ATS" (the detail page is served by invitations). */
export const candidatesRoutes =
  (deps: { candidates: CandidatesService }): FastifyPluginAsyncZod =>
  (app) => {
    const { candidates } = deps;
    app.register((scoped) => {
      scoped.addHook('onRequest', authenticate);
      const s = scoped.withTypeProvider<ZodTypeProvider>();

      s.get(
        '/api/orgs/:orgId/candidates',
        {
          schema: {
            params: OrgParamsSchema,
            querystring: CandidateListQuerySchema,
            response: { 200: CandidateListSchema },
          },
        },
        async (request) => {
          candidateActorFor(request, request.params.orgId, 'candidates:read');
          return candidates.list(request.params.orgId, request.query);
        },
      );

      s.patch(
        '/api/orgs/:orgId/candidates/:candidateId',
        {
          schema: {
            params: CandidateParamsSchema,
            body: UpdateCandidateBodySchema,
            response: { 200: CandidateSchema },
          },
        },
        async (request) => {
          const { orgId, candidateId } = request.params;
          const actor = candidateActorFor(request, orgId, 'candidates:write');
          return candidates.update(actor, orgId, candidateId, request.body);
        },
      );

      s.post(
        '/api/orgs/:orgId/candidates/:candidateId/ats-link',
        {
          schema: {
            params: CandidateParamsSchema,
            body: LinkAtsBodySchema,
            response: { 200: CandidateSchema },
          },
        },
        async (request) => {
          const { orgId, candidateId } = request.params;
          const actor = candidateActorFor(request, orgId, 'candidates:write');
          return candidates.requestAtsLink(actor, orgId, candidateId, request.body.url);
        },
      );
      return Promise.resolve();
    });
    return Promise.resolve();
  };
