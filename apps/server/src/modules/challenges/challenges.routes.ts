import {
  ChallengeDetailSchema,
  ChallengeImportLimits,
  ChallengeImportResultSchema,
  ChallengeListQuerySchema,
  ChallengeListSchema,
  ChallengeParamsSchema,
  ChallengeStatementSchema,
  ChallengeVersionParamsSchema,
  CreateTestBodySchema,
  EmptyBodySchema,
  OrgParamsSchema,
  TestListQuerySchema,
  TestListSchema,
  TestParamsSchema,
  TestSchema,
  UpdateTestBodySchema,
} from '@assay/contracts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { PlatformErrors } from '../../platform/errors/index.js';
import { authenticate, requireAuth, requireRole } from '../identity/index.js';
import type { ChallengesService } from './challenges.service.js';
import type { TestsService } from './tests.service.js';

const ZIP = 'application/zip';

/** Reads need any membership (reviewer+); writes recruiter+. Returns the acting user. */
function actorFor(request: FastifyRequest, orgId: string, access: 'read' | 'write') {
  requireRole(request, orgId, access === 'read' ? 'reviewer' : 'recruiter');
  return { userId: requireAuth(request).user.id };
}

/** Challenge library and tests routes (org-scoped). */
export const challengesRoutes =
  (deps: { challenges: ChallengesService; tests: TestsService }): FastifyPluginAsyncZod =>
  (app) => {
    const { challenges, tests } = deps;
    app.addHook('onRequest', authenticate);
    // The zip upload is a raw body; this parser only exists inside this plugin.
    app.addContentTypeParser(
      ZIP,
      { parseAs: 'buffer', bodyLimit: ChallengeImportLimits.maxUploadBytes },
      (_request, body, done) => {
        done(null, body);
      },
    );

    app.get(
      '/api/orgs/:orgId/challenges',
      {
        schema: { params: OrgParamsSchema, querystring: ChallengeListQuerySchema, response: { 200: ChallengeListSchema } },
      },
      async (request) => {
        actorFor(request, request.params.orgId, 'read');
        return { items: await challenges.listChallenges(request.params.orgId, request.query) };
      },
    );

    app.get(
      '/api/orgs/:orgId/challenges/:challengeId',
      { schema: { params: ChallengeParamsSchema, response: { 200: ChallengeDetailSchema } } },
      async (request) => {
        actorFor(request, request.params.orgId, 'read');
        return challenges.getChallenge(request.params.orgId, request.params.challengeId);
      },
    );

    app.get(
      '/api/orgs/:orgId/challenges/:challengeId/versions/:versionId/statement',
      { schema: { params: ChallengeVersionParamsSchema, response: { 200: ChallengeStatementSchema } } },
      async (request) => {
        const { orgId, challengeId, versionId } = request.params;
        actorFor(request, orgId, 'read');
        return challenges.getStatement(orgId, challengeId, versionId);
      },
    );

    app.post(
      '/api/orgs/:orgId/challenges/import',
      {
        bodyLimit: ChallengeImportLimits.maxUploadBytes,
        config: { contentTypes: [ZIP] },
        // Refuse a reviewer or a stranger before reading up to 25 MiB of body.
        onRequest: (request, _reply, done) => {
          const { orgId } = request.params as { orgId?: string };
          try {
            actorFor(request, orgId ?? '', 'write');
            done();
          } catch (error) {
            done(error as Error);
          }
        },
        schema: { params: OrgParamsSchema, response: { 201: ChallengeImportResultSchema } },
      },
      async (request, reply) => {
        const actor = actorFor(request, request.params.orgId, 'write');
        if (!Buffer.isBuffer(request.body))
          throw PlatformErrors.create('request.unsupported_media_type', {
            message: 'challenge import without a zip body',
            userMessage: 'Upload the package as a zip archive (content-type application/zip).',
          });
        const fileName = request.headers['x-file-name'];
        const result = await challenges.importZip(
          { organizationId: request.params.orgId, userId: actor.userId },
          request.body,
          typeof fileName === 'string' ? decodeURIComponent(fileName) : undefined,
        );
        return reply.status(201).send(result);
      },
    );

    app.get(
      '/api/orgs/:orgId/tests',
      { schema: { params: OrgParamsSchema, querystring: TestListQuerySchema, response: { 200: TestListSchema } } },
      async (request) => {
        actorFor(request, request.params.orgId, 'read');
        return { items: await tests.listTests(request.params.orgId, request.query) };
      },
    );

    app.post(
      '/api/orgs/:orgId/tests',
      { schema: { params: OrgParamsSchema, body: CreateTestBodySchema, response: { 201: TestSchema } } },
      async (request, reply) => {
        const actor = actorFor(request, request.params.orgId, 'write');
        return reply.status(201).send(await tests.createTest(actor, request.params.orgId, request.body));
      },
    );

    app.get(
      '/api/orgs/:orgId/tests/:testId',
      { schema: { params: TestParamsSchema, response: { 200: TestSchema } } },
      async (request) => {
        actorFor(request, request.params.orgId, 'read');
        return tests.getTest(request.params.orgId, request.params.testId);
      },
    );

    app.patch(
      '/api/orgs/:orgId/tests/:testId',
      { schema: { params: TestParamsSchema, body: UpdateTestBodySchema, response: { 200: TestSchema } } },
      async (request) => {
        const { orgId, testId } = request.params;
        const actor = actorFor(request, orgId, 'write');
        return tests.updateTest(actor, orgId, testId, request.body);
      },
    );

    const actions = {
      publish: (...args: Parameters<TestsService['publishTest']>) => tests.publishTest(...args),
      archive: (...args: Parameters<TestsService['archiveTest']>) => tests.archiveTest(...args),
      unarchive: (...args: Parameters<TestsService['unarchiveTest']>) => tests.unarchiveTest(...args),
    } as const;
    for (const [action, run] of Object.entries(actions)) {
      app.post(
        `/api/orgs/:orgId/tests/:testId/${action}`,
        { schema: { params: TestParamsSchema, body: EmptyBodySchema.optional(), response: { 200: TestSchema } } },
        async (request) => {
          const { orgId, testId } = request.params;
          return run(actorFor(request, orgId, 'write'), orgId, testId);
        },
      );
    }

    app.post(
      '/api/orgs/:orgId/tests/:testId/duplicate',
      { schema: { params: TestParamsSchema, body: EmptyBodySchema.optional(), response: { 201: TestSchema } } },
      async (request, reply) => {
        const { orgId, testId } = request.params;
        const actor = actorFor(request, orgId, 'write');
        return reply.status(201).send(await tests.duplicateTest(actor, orgId, testId));
      },
    );

    return Promise.resolve();
  };
