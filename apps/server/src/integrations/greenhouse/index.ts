import { z } from 'zod';
import type { Config } from '../../config/index.js';
import type { AtsProvider } from '../../modules/ats/index.js';
import type { Clock } from '../../platform/clock/index.js';
import { createHttpClient, type HttpClient } from '../../platform/http-client/index.js';
import { buildCompletion, createCompletionClient, summarizeCompletion } from './greenhouse.client.js';
import { COMPLETION, planGreenhouse } from './greenhouse.mapper.js';
import { greenhouseRoutes } from './greenhouse.routes.js';

export { createGreenhouseLinkResolver, parseGreenhouseLink } from './greenhouse.ats-link.js';
export { parseGreenhouseLink as parseGreenhouseProfileUrl } from './greenhouse.ats-link.js';

/** The completion credential an Owner/Admin enters (the password may be empty). */
export const GreenhouseCredentialsSchema = z.object({
  username: z.string().trim().min(1, 'Enter the user name Greenhouse gave you.').max(500),
  password: z.string().max(500),
});

export interface GreenhouseProviderDeps {
  config: Pick<Config, 'production' | 'ats'>;
  clock?: Clock;
  /** The completion client's HTTP client; default the SSRF-guarded one for `GREENHOUSE_CALLBACK_HOSTS`. */
  http?: HttpClient;
}

/** The SSRF policy for Greenhouse's `url` (§7): https, callback hosts, no private addresses. */
export function createGreenhouseHttpClient(
  config: Pick<Config, 'production' | 'ats'>,
  clock?: Clock,
): HttpClient {
  const insecure = config.ats.allowInsecureCallbacks;
  return createHttpClient({
    production: config.production,
    allowPrivateAddresses: insecure,
    requireHttps: !insecure,
    allowedHosts: config.ats.greenhouse.callbackHosts,
    totalTimeoutMs: 10_000,
    ...(clock ? { clock } : {}),
  });
}

/**
 * Greenhouse's Assessment Partner integration (contracts/greenhouse.md): the four partner
 * endpoints, the status mapping and the completion PATCH. `main` registers it with the ATS core.
 */
export function createGreenhouseProvider(deps: GreenhouseProviderDeps): AtsProvider {
  const http = deps.http ?? createGreenhouseHttpClient(deps.config, deps.clock);
  const client = createCompletionClient({ http });
  return {
    id: 'greenhouse',
    label: 'Greenhouse',
    keyPolicy: 'add',
    keyPrefix: 'assay_gh_',
    supersedingKinds: [COMPLETION],
    credentialsSchema: GreenhouseCredentialsSchema,
    routes: (core) => greenhouseRoutes(core, { http }),
    plan: planGreenhouse,
    build: buildCompletion,
    send: (context) => client.send(context),
    summarize: summarizeCompletion,
  };
}
