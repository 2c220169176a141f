import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import {
  AttemptParamsSchema,
  AttemptStartedSchema,
  AttemptStateSchema,
  CommitResultSchema,
  EmptyBodySchema,
  RunBodySchema,
  RunResultSchema,
  SaveDraftsBodySchema,
  SaveDraftsResultSchema,
  StartAttemptBodySchema,
  SubmissionReceiptSchema,
  WorkspaceFileQuerySchema,
  WorkspaceFileSchema,
  WorkspaceTreeSchema,
} from '@assay/contracts';
import type { Clock } from '../../platform/clock/index.js';
import { PlatformErrors } from '../../platform/errors/index.js';
import { readCookie } from '../identity/index.js';
import {
  ATTEMPT_COOKIE,
  ATTEMPT_REQUESTS_PER_MINUTE,
  ATTEMPT_SESSION_TTL_MS,
  attemptCookie,
} from './attempts.policy.js';
import type { AttemptsService } from './attempts.service.js';

/** A fixed one-minute window per attempt (in memory): the candidate-cookie routes' own limit. */
function createAttemptLimiter(clock: Clock, perMinute: number) {
  const windows = new Map<string, { start: number; count: number }>();
  return (attemptId: string): void => {
    const now = clock.now().getTime();
    const current = windows.get(attemptId);
    if (!current || now - current.start >= 60_000) {
      if (windows.size > 10_000) windows.clear();
      windows.set(attemptId, { start: now, count: 1 });
      return;
    }
    current.count += 1;
    if (current.count > perMinute)
      throw PlatformErrors.create('request.rate_limited', {
        message: `rate limit of ${String(perMinute)} per minute exceeded for attempt`,
        userMessage: 'Too many requests. Wait a few seconds and try again.',
      });
  };
}

/**
 * The candidate's attempt routes (contract: packages/contracts/src/attempts.ts). Start is public
 * (rate-limited per IP); every other route is authenticated by the `assay_attempt` cookie in an
 * `onRequest` hook (401 before the body is read; 404 for another attempt) and limited per attempt.
 */
export const attemptsRoutes =
  (deps: { attempts: AttemptsService; clock: Clock; production: boolean }): FastifyPluginAsyncZod =>
  (app) => {
    const { attempts } = deps;

    app.post(
      '/api/candidate/start',
      {
        schema: {
          body: StartAttemptBodySchema,
          response: { 200: AttemptStartedSchema, 201: AttemptStartedSchema },
        },
        config: { rateLimitPolicy: 'unauthenticated' },
      },
      async (request, reply) => {
        reply.header('referrer-policy', 'no-referrer');
        const started = await attempts.start(request.body.token);
        reply.header(
          'set-cookie',
          attemptCookie(started.session, { production: deps.production, maxAgeMs: ATTEMPT_SESSION_TTL_MS }),
        );
        return reply.status(started.result.created ? 201 : 200).send(started.result);
      },
    );

    app.register((scoped) => {
      const limit = createAttemptLimiter(deps.clock, ATTEMPT_REQUESTS_PER_MINUTE);
      scoped.addHook('onRequest', async (request: FastifyRequest) => {
        const { attemptId } = request.params as { attemptId?: string };
        await attempts.authenticate(readCookie(request.headers.cookie, ATTEMPT_COOKIE), attemptId ?? '');
        limit(attemptId ?? '');
      });
      const s = scoped.withTypeProvider<ZodTypeProvider>();
      const config = { rateLimitPolicy: 'none' as const };

      s.get(
        '/api/candidate/attempts/:attemptId',
        { schema: { params: AttemptParamsSchema, response: { 200: AttemptStateSchema } }, config },
        async (request) => attempts.state(request.params.attemptId),
      );
      s.get(
        '/api/candidate/attempts/:attemptId/files',
        { schema: { params: AttemptParamsSchema, response: { 200: WorkspaceTreeSchema } }, config },
        async (request) => attempts.tree(request.params.attemptId),
      );
      s.get(
        '/api/candidate/attempts/:attemptId/file',
        {
          schema: {
            params: AttemptParamsSchema,
            querystring: WorkspaceFileQuerySchema,
            response: { 200: WorkspaceFileSchema },
          },
          config,
        },
        async (request) => attempts.file(request.params.attemptId, request.query.path),
      );
      s.put(
        '/api/candidate/attempts/:attemptId/drafts',
        {
          schema: {
            params: AttemptParamsSchema,
            body: SaveDraftsBodySchema,
            response: { 200: SaveDraftsResultSchema },
          },
          // Up to 100 files of up to 1 MiB each would not fit; the IDE saves a few files at a time.
          bodyLimit: 4 * 1024 * 1024,
          config,
        },
        async (request) => attempts.saveDrafts(request.params.attemptId, request.body),
      );
      s.post(
        '/api/candidate/attempts/:attemptId/commit',
        {
          schema: {
            params: AttemptParamsSchema,
            body: EmptyBodySchema,
            response: { 200: CommitResultSchema },
          },
          config,
        },
        async (request) => attempts.commit(request.params.attemptId),
      );
      s.post(
        '/api/candidate/attempts/:attemptId/run',
        {
          schema: { params: AttemptParamsSchema, body: RunBodySchema, response: { 200: RunResultSchema } },
          config,
        },
        async (request) => attempts.run(request.params.attemptId, request.body),
      );
      s.post(
        '/api/candidate/attempts/:attemptId/submit',
        {
          schema: {
            params: AttemptParamsSchema,
            body: EmptyBodySchema,
            response: { 200: SubmissionReceiptSchema },
          },
          config,
        },
        async (request) => attempts.submit(request.params.attemptId),
      );
      return Promise.resolve();
    });
    return Promise.resolve();
  };
