import type { FastifyInstance } from 'fastify';
import { PlatformErrors } from '../errors/index.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Body media types a route accepts besides JSON, e.g. `['application/x-www-form-urlencoded']`
     * for the server-rendered consent form. Routes without a body schema are not checked.
     */
    contentTypes?: readonly string[];
  }
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json$/;

function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/**
 * A route with a body schema is a JSON route: a body of any other media type is refused
 * with 415 before it is parsed (Fastify would otherwise parse `text/plain` into a string
 * and answer 400, hiding the real mistake). Runs in `preParsing`, i.e. after authentication
 * and CSRF checks in `onRequest`.
 */
export function registerContentTypeGuard(app: FastifyInstance): void {
  app.addHook('preParsing', async (request, _reply, payload) => {
    const hasBody =
      request.headers['transfer-encoding'] !== undefined ||
      (request.headers['content-length'] !== undefined && request.headers['content-length'] !== '0');
    if (!hasBody || request.routeOptions.schema?.body === undefined) return payload;
    const type = mediaType(request.headers['content-type']);
    if (JSON_TYPE.test(type) || request.routeOptions.config.contentTypes?.includes(type)) return payload;
    throw PlatformErrors.create('request.unsupported_media_type', {
      message: `content type "${type || '(none)'}" on a JSON route`,
      userMessage: 'Unsupported content type; send application/json.',
    });
  });
}
