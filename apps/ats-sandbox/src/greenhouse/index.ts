import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { SandboxContext } from '../context.js';
import { registerApiRoutes } from './api-routes.js';
import { registerControlRoutes } from './control-routes.js';
import { GhService } from './service.js';
import { GhStore } from './store.js';
import { registerUiRoutes } from './ui-routes.js';

export { GhStore } from './store.js';
export { GhService } from './service.js';
export type * from './types.js';

/**
 * Greenhouse emulation (contract `shared/contracts/greenhouse.md` §9): the completion PATCH it
 * serves, the calls it makes to Assay's `/partner/greenhouse/*`, the UI under `/gh` and the JSON
 * control API under `/__sandbox/greenhouse`.
 */
export function greenhouseSandbox(context: SandboxContext): FastifyPluginAsync {
  return (app: FastifyInstance) => {
    const service = new GhService(new GhStore(), context);
    tolerantBodies(app);
    registerApiRoutes(app, service);
    registerControlRoutes(app, service);
    registerUiRoutes(app, service);
    return Promise.resolve();
  };
}

/**
 * Within this plugin only: an empty JSON body is "no body" (Assay's PATCH has none, whatever its
 * Content-Type) and unknown content types are read as text instead of answered with 415.
 */
function tolerantBodies(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    try {
      done(null, JSON.parse(text));
    } catch {
      const error = new Error('Body is not valid JSON') as Error & { statusCode: number };
      error.statusCode = 400;
      done(error, undefined);
    }
  });
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    done(null, typeof body === 'string' ? body : body.toString('utf8'));
  });
}
