import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

export const OPENAPI_PATH = '/api/openapi.json';
export const API_DOCS_PATH = '/api/docs';

/**
 * OpenAPI from the zod route schemas. Must be registered before the routes it documents;
 * routes with `schema: { hide: true }` are left out. The document contains nothing that
 * depends on the environment, so the committed `apps/server/openapi.json` can be compared.
 */
export async function registerOpenApi(app: FastifyInstance, options: { version: string }): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Assay API',
        version: options.version,
        description:
          'Errors answer `{ "error": { "code", "message", "requestId", "details"? } }`. ' +
          'Cookie-authenticated writes need the `x-csrf-token` header from `GET /api/session`.',
      },
      components: {
        // Public API v1: personal API tokens (Settings → API tokens), `Authorization: Bearer asy_…`.
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'asy_…' } },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  // Served from the package's own files (no CDN): the CSP allows only 'self'.
  await app.register(swaggerUi, { routePrefix: API_DOCS_PATH, uiConfig: { docExpansion: 'list' } });
  app.get(OPENAPI_PATH, { schema: { hide: true } }, () => app.swagger());
}
