import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, PlatformErrors } from '../errors/index.js';
import type { SpaFallback } from './web-app.js';

/** Assay's own API error body. */
export interface ErrorBody {
  error: { code: string; message: string; requestId: string; details?: unknown };
}

function send(
  reply: FastifyReply,
  request: FastifyRequest,
  status: number,
  code: string,
  message: string,
  details?: unknown,
) {
  const body: ErrorBody = { error: { code, message, requestId: request.id } };
  if (details !== undefined) body.error.details = details;
  return reply.status(status).type('application/json').send(body);
}

/**
 * One error shape for the whole API: AppError → its status; Zod validation → 400 with
 * field errors; body too large → 413; anything else → 500 with a generic message (the
 * cause goes to the log only). Routes under `/partner/*` install their own handlers.
 * Unknown routes answer a JSON 404, unless `spaFallback` serves them (client-side routes).
 */
export function registerErrorHandling(
  app: FastifyInstance,
  options: { spaFallback?: SpaFallback } = {},
): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof AppError) {
      if (err.status >= 500) request.log.error({ err }, err.message);
      const message =
        err.status >= 500 ? (err.userMessage ?? 'Something went wrong.') : (err.userMessage ?? err.message);
      return send(reply, request, err.status, err.code, message, err.details);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const fields = err.validation.map((v: { instancePath: string; message?: string }) => ({
        path: `${err.validationContext ?? 'body'}${v.instancePath.replaceAll('/', '.')}`,
        message: v.message ?? 'is invalid',
      }));
      const summary = fields.map((f) => `${f.path}: ${f.message}`).join('; ');
      return send(reply, request, 400, 'request.invalid', `Invalid request — ${summary}`, { fields });
    }
    if (isResponseSerializationError(err)) {
      request.log.error({ err }, 'response did not match its schema');
      return send(reply, request, 500, 'internal', 'Something went wrong.');
    }
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return send(reply, request, 413, 'request.too_large', 'The request body is too large.');
    }
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return send(
        reply,
        request,
        415,
        'request.unsupported_media_type',
        'Unsupported content type; send application/json.',
      );
    }
    if (
      err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
      err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
      err instanceof SyntaxError
    ) {
      return send(reply, request, 400, 'request.invalid', 'The request body is not valid JSON.');
    }
    if (err.statusCode === 429) {
      return send(reply, request, 429, 'request.rate_limited', 'Too many requests. Try again later.');
    }
    if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) {
      return send(reply, request, err.statusCode, 'request.invalid', err.message);
    }
    request.log.error({ err }, 'unhandled error');
    return send(reply, request, 500, 'internal', 'Something went wrong.');
  });

  app.setNotFoundHandler((request, reply) => {
    const served = options.spaFallback?.(request, reply);
    if (served) return served;
    const notFound = PlatformErrors.definitions['request.not_found'];
    return send(
      reply,
      request,
      notFound.status,
      'request.not_found',
      `No route ${request.method} ${request.url.split('?')[0] ?? ''}.`,
    );
  });
}
