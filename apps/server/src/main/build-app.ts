import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RawServerDefault } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import { DEFAULT_BODY_LIMIT_BYTES } from '@assay/contracts';
import type { Config } from '../config/index.js';
import { pingDatabase, type DbHandle } from '../db/index.js';
import type { Clock } from '../platform/clock/index.js';
import { registerErrorHandling } from '../platform/http/index.js';
import type { Logger } from '../platform/log/index.js';
import { healthRoutes } from '../modules/health/index.js';

/** Everything the app needs from the outside; built by http.ts / worker.ts / tests. */
export interface AppDeps {
  config: Config;
  database: DbHandle;
  logger: Logger;
  clock: Clock;
  /** 32-byte instance secret (signing, encryption). */
  secretKey: Buffer;
}

export type App = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/**
 * Compose the HTTP application without listening (tests use `app.inject`).
 * Modules are created here from narrowed deps and register their routes.
 */
export async function buildApp(deps: AppDeps): Promise<App> {
  const app = Fastify<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>({
    loggerInstance: deps.logger,
    bodyLimit: DEFAULT_BODY_LIMIT_BYTES,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(given) ? given : randomUUID();
    },
    trustProxy: deps.config.production,
    disableRequestLogging: false,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  registerErrorHandling(app);

  await app.register(healthRoutes({ pingDatabase: () => pingDatabase(deps.database.db) }));

  return app;
}
