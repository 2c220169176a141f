import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Paths the SPA never answers: they belong to the API, probes and partner/git endpoints. */
const SERVER_PATHS = /^\/(?:api(?:\/|$)|healthz$|metrics$|git\/|partner\/)/;

const BUILD_MISSING_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Assay</title></head>
<body><h1>Assay is running</h1>
<p>The web app has not been built. Run <code>npm run build</code> and restart <code>assay serve</code>.</p>
<p>The API is at <a href="/api/docs">/api/docs</a>.</p></body></html>
`;

/** Answers a not-found GET for a client-side route; returns undefined when it does not apply. */
export type SpaFallback = (request: FastifyRequest, reply: FastifyReply) => FastifyReply | undefined;

export interface WebApp {
  /** For the not-found handler: answers client-side routes with index.html. */
  spaFallback: SpaFallback;
  /** Serve the files; call after the API routes. */
  register(app: FastifyInstance): Promise<void>;
}

/**
 * The built SPA (`apps/web/dist`) at `/`: files as they are (hashed assets cached for a
 * year, index.html never cached), and `index.html` for every other GET that is not a
 * server path, so client-side routes survive a reload. Without a build, those GETs get a
 * small page saying how to build it.
 */
export function createWebApp(options: { root: string }): WebApp {
  const built = existsSync(join(options.root, 'index.html'));
  return {
    spaFallback: (request, reply) => {
      if (request.method !== 'GET' && request.method !== 'HEAD') return undefined;
      const path = request.url.split('?')[0] ?? '/';
      // A missing file (it has an extension) is a real 404, not a client-side route.
      if (SERVER_PATHS.test(path) || /\.[A-Za-z0-9]+$/.test(path)) return undefined;
      if (!built) return reply.status(200).type('text/html; charset=utf-8').send(BUILD_MISSING_PAGE);
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    },
    register: async (app) => {
      if (!built) return;
      await app.register(fastifyStatic, {
        root: options.root,
        prefix: '/',
        wildcard: false,
        cacheControl: false, // set per file below
        setHeaders: (res, path) => {
          res.setHeader(
            'cache-control',
            path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
          );
        },
      });
    },
  };
}
