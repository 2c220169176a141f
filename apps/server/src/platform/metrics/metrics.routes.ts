import type { FastifyInstance } from 'fastify';
import { PlatformErrors } from '../errors/index.js';
import { safeEqual } from '../crypto/index.js';
import type { Metrics } from './metrics.js';

export const METRICS_PATH = '/metrics';

/**
 * Time every request into the histogram and serve `GET /metrics` (Prometheus text, not
 * rate limited, hidden from OpenAPI). With `token` set the scrape needs
 * `Authorization: Bearer <token>`; without it the endpoint is open and operators should
 * keep it off the public internet (firewall or reverse-proxy rule).
 */
export function registerMetrics(app: FastifyInstance, options: { metrics: Metrics; token?: string }): void {
  const { metrics, token } = options;
  app.addHook('onResponse', async (request, reply) => {
    metrics.observeHttpRequest({
      method: request.method,
      // Unmatched URLs share one label so token-bearing paths never become label values.
      route: request.routeOptions.url ?? '(unmatched)',
      status: reply.statusCode,
      seconds: reply.elapsedTime / 1000,
    });
  });
  app.get(
    METRICS_PATH,
    { schema: { hide: true }, logLevel: 'warn', config: { rateLimitPolicy: 'none' } },
    async (request, reply) => {
      if (token !== undefined && !safeEqual(request.headers.authorization ?? '', `Bearer ${token}`)) {
        throw PlatformErrors.create('auth.unauthenticated', { message: 'metrics token missing or wrong' });
      }
      return reply.type(metrics.contentType).send(await metrics.render());
    },
  );
}
