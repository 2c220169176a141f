import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { CandidateErasureSchema, CandidateParamsSchema, EraseCandidateBodySchema } from '@assay/contracts';
import { authenticate, requireAuth, requireRecentReauth, requireRole } from '../identity/index.js';
import { DATA_RIGHTS_PERMISSIONS, type DataRightsPermission } from './data-rights.policy.js';
import type { DataRightsActor, DataRightsService } from './data-rights.service.js';

/** The caller as an owner/admin of `orgId` with a fresh re-auth (404 other org, 403 role or re-auth). */
function actorFor(request: FastifyRequest, orgId: string, permission: DataRightsPermission): DataRightsActor {
  const membership = requireRole(request, orgId, DATA_RIGHTS_PERMISSIONS[permission]);
  requireRecentReauth(request);
  return { userId: requireAuth(request).user.id, role: membership.role };
}

/** Candidate page → "Export data" and "Erase candidate…". */
export const dataRightsRoutes =
  (deps: { dataRights: DataRightsService }): FastifyPluginAsyncZod =>
  (app) => {
    const { dataRights } = deps;
    app.register((scoped) => {
      scoped.addHook('onRequest', authenticate);
      const s = scoped.withTypeProvider<ZodTypeProvider>();

      s.get(
        '/api/orgs/:orgId/candidates/:candidateId/export.zip',
        { schema: { params: CandidateParamsSchema } },
        async (request, reply) => {
          const { orgId, candidateId } = request.params;
          const actor = actorFor(request, orgId, 'candidates:export');
          const { filename, data } = await dataRights.exportCandidate(actor, orgId, candidateId);
          return reply
            .header('content-type', 'application/zip')
            .header('content-disposition', `attachment; filename="${filename}"`)
            .header('cache-control', 'no-store')
            .send(data);
        },
      );

      s.post(
        '/api/orgs/:orgId/candidates/:candidateId/erase',
        {
          schema: {
            params: CandidateParamsSchema,
            body: EraseCandidateBodySchema,
            response: { 200: CandidateErasureSchema },
          },
        },
        async (request) => {
          const { orgId, candidateId } = request.params;
          const actor = actorFor(request, orgId, 'candidates:erase');
          return dataRights.eraseCandidate(actor, orgId, candidateId, request.body.confirmEmail);
        },
      );
      return Promise.resolve();
    });
    return Promise.resolve();
  };
