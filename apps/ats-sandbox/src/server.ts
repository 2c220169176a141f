import Fastify, { type FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import { smartRecruitersSandbox } from './smartrecruiters/index.js';
import { greenhouseSandbox } from './greenhouse/index.js';
import type { SandboxContext } from './context.js';

/**
 * The ATS sandbox: plays SmartRecruiters and Greenhouse for Assay's tests and demos, written
 * from the partner contracts (`../shared/contracts/`) and importing nothing from the rest of
 * the repository. Each provider is a Fastify plugin with its API, its small UI and a control
 * API under `/__sandbox/<provider>`.
 */
export interface SandboxOptions {
  /** Assay's public origin (where partner endpoints live), e.g. `http://127.0.0.1:3000`. */
  assayUrl: string;
  /** This sandbox's own origin once listening (for callback URLs it generates). Filled by `startSandbox`. */
  publicUrl?: string;
  logger?: boolean;
}

export type { SandboxContext } from './context.js';

export async function buildSandbox(options: SandboxOptions): Promise<FastifyInstance> {
  // forceCloseConnections: close() must not wait for hung/delayed fault requests or clients' spare sockets.
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 25 * 1024 * 1024,
    forceCloseConnections: true,
  });
  await app.register(formbody);
  let assayUrl = options.assayUrl.replace(/\/+$/, '');
  let publicUrl = options.publicUrl ?? '';
  const context: SandboxContext = { assayUrl: () => assayUrl, publicUrl: () => publicUrl };
  app.decorate('sandboxSetPublicUrl', (url: string) => {
    publicUrl = url.replace(/\/+$/, '');
  });
  app.post('/__sandbox/config', (request, reply) => {
    const body = (request.body ?? {}) as { assayUrl?: unknown };
    if (typeof body.assayUrl === 'string') assayUrl = body.assayUrl.replace(/\/+$/, '');
    return reply.send({ assayUrl, publicUrl });
  });
  app.get('/__sandbox/health', (_request, reply) => reply.send({ status: 'ok' }));
  app.get('/', async (_request, reply) => {
    reply.type('text/html; charset=utf-8');
    return `<!doctype html><meta charset="utf-8"><title>ATS sandbox</title>
<h1>ATS sandbox</h1><ul><li><a href="/sr">SmartRecruiters</a></li><li><a href="/gh">Greenhouse</a></li></ul>`;
  });
  await app.register(smartRecruitersSandbox(context));
  await app.register(greenhouseSandbox(context));
  return app;
}

/** Build and listen (port 0 = any free port); returns the app and its origin. */
export async function startSandbox(
  options: SandboxOptions & { port?: number; host?: string },
): Promise<{ app: FastifyInstance; url: string }> {
  const app = await buildSandbox(options);
  const host = options.host ?? '127.0.0.1';
  await app.listen({ port: options.port ?? 0, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = `http://${host}:${port}`;
  (app as unknown as { sandboxSetPublicUrl(url: string): void }).sandboxSetPublicUrl(
    options.publicUrl ?? url,
  );
  return { app, url };
}
