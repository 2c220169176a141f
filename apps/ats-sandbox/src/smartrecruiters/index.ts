import type { FastifyPluginAsync } from 'fastify';
import type { SrContext } from './context.js';
import { registerApiRoutes } from './api.js';
import { AssayClient } from './assay-client.js';
import { registerControlRoutes } from './control.js';
import { installApiHooks } from './http.js';
import { SrState } from './state.js';
import { registerUiRoutes } from './ui.js';

/** SmartRecruiters emulation (API, UI under /sr, control API under /__sandbox/smartrecruiters). */
export function smartRecruitersSandbox(context: SrContext): FastifyPluginAsync {
  // eslint-disable-next-line @typescript-eslint/require-await -- Fastify wants an async plugin
  return async (app) => {
    const state = new SrState();
    const assay = new AssayClient(state, context);
    app.setErrorHandler(
      (error: { statusCode?: number; message?: string; code?: string }, _request, reply) => {
        const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
        const code =
          status === 415
            ? 'UNSUPPORTED_MEDIA_TYPE'
            : status === 413
              ? 'PAYLOAD_TOO_LARGE'
              : status >= 500
                ? 'INTERNAL_ERROR'
                : 'INVALID_REQUEST';
        const message = error.message ?? 'Request failed.';
        return reply.code(status).send({ message, errors: [{ code, message }] });
      },
    );
    installApiHooks(app, state);
    registerApiRoutes(app, state, context);
    registerControlRoutes(app, state, context, assay);
    registerUiRoutes(app, state, context, assay);
  };
}
