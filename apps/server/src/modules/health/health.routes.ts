import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

export interface HealthDeps {
  /** Resolves when the database answers. */
  pingDatabase(): Promise<void>;
  /** Optional extra state reported in the body (runner, queue); never changes the status code. */
  describe?(): Promise<Record<string, unknown>>;
}

const HealthSchema = z.object({ status: z.enum(['ok', 'unavailable']) }).catchall(z.unknown());

/** `GET /healthz`: 200 when the database answers, 503 otherwise (interfaces.md). */
export const healthRoutes =
  (deps: HealthDeps): FastifyPluginAsyncZod =>
  (app) => {
    app.get(
      '/healthz',
      {
        schema: { hide: true, response: { 200: HealthSchema, 503: HealthSchema } },
        logLevel: 'warn',
      },
      async (_request, reply) => {
        const extra = deps.describe ? await deps.describe().catch(() => ({})) : {};
        try {
          await deps.pingDatabase();
          return await reply.status(200).send({ status: 'ok', ...extra });
        } catch {
          return reply.status(503).send({ status: 'unavailable', ...extra });
        }
      },
    );
    return Promise.resolve();
  };
