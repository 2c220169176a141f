/**
 * The ats-sandbox playing SmartRecruiters, over real HTTP (loopback), for the SR client,
 * link and route tests: start it, drive its control API, and build an SR client aimed at it.
 */
import { randomBytes } from 'node:crypto';
import { startSandbox } from '../../../ats-sandbox/src/server.js';
import {
  createSrClient,
  type SrClient,
  type SrCredential,
} from '../../src/integrations/smartrecruiters/sr.client.js';
import { systemClock } from '../../src/platform/clock/index.js';

export const SANDBOX_MASTER: SrCredential = {
  clientId: 'sr-sandbox-partner',
  clientSecret: 'sr-sandbox-partner-secret',
};
export const SANDBOX_COMPANY = '5f1e6b2c-sandbox-company';
export const SEED = {
  job: '7a1c3e00-0000-4000-8000-00000000b0b1',
  ada: '0ada0000-0000-4000-8000-000000000001',
  grace: '06ace000-0000-4000-8000-000000000002',
  adaApplication: 'a0000000-0000-4000-8000-00000000a001',
} as const;

export interface RecordedRequest {
  direction: 'to-assay' | 'from-assay';
  route: string | null;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
  status: number | null;
}

export async function startSrSandbox(assayUrl = 'http://127.0.0.1:9') {
  const { app, url } = await startSandbox({ assayUrl });
  async function control<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${url}/__sandbox/smartrecruiters${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`sandbox ${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }
  const env = {
    SMARTRECRUITERS_API_URL: url,
    SMARTRECRUITERS_TOKEN_URL: `${url}/identity/oauth/token`,
    SMARTRECRUITERS_CALLBACK_HOSTS: '127.0.0.1',
    SMARTRECRUITERS_CLIENT_ID: SANDBOX_MASTER.clientId,
    SMARTRECRUITERS_CLIENT_SECRET: SANDBOX_MASTER.clientSecret,
    ATS_ALLOW_INSECURE_CALLBACKS: 'true',
  };
  return {
    app,
    url,
    env,
    control,
    reset: () => control('POST', '/reset'),
    fault: (route: string, knobs: Record<string, unknown>) => control('POST', '/faults', { route, ...knobs }),
    requests: async (route?: string) =>
      (await control<RecordedRequest[]>('GET', `/requests${route ? `?route=${route}` : ''}`)).filter(
        (r) => r.direction === 'from-assay',
      ),
    state: () => control<SandboxState>('GET', '/state'),
    /** Consent + swap for the default company: the C credential Assay would hold. */
    async companyCredential(client: SrClient, companyId = SANDBOX_COMPANY): Promise<SrCredential> {
      await control('POST', '/connect', { companyId });
      const swapped = await client.swap(SANDBOX_MASTER, companyId, {
        clientId: `b-${randomBytes(4).toString('hex')}`,
        clientSecret: randomBytes(16).toString('hex'),
      });
      if (!swapped.ok) throw new Error(`swap failed: ${swapped.result.status} ${swapped.result.error}`);
      return swapped.credentials;
    },
    /** An order in the sandbox (not sent to Assay): its callback URL and id. */
    async order(candidateId: string = SEED.ada, packageId = 'pkg-1') {
      const prepared = await control<{ order: { id: string; resultCallbackURL: string } }>(
        'POST',
        '/prepare-order',
        {
          candidateId,
          packageId,
        },
      );
      return prepared.order;
    },
    close: () => app.close(),
  };
}

export type SrSandbox = Awaited<ReturnType<typeof startSrSandbox>>;

export interface SandboxState {
  partnerConfiguration: unknown;
  companies: { id: string; consented: boolean; swapped: boolean }[];
  orders: {
    id: string;
    result: Record<string, unknown>;
    history: { contentType: string; body: Record<string, unknown> }[];
  }[];
  notes: { candidateId: string; content: string; correlationId: string | null }[];
  attachments: { orderId: string; fieldName: string; size: number; url: string }[];
}

/** An SR client aimed at the sandbox (http and loopback allowed, host allow-list 127.0.0.1). */
export function sandboxClient(
  sandbox: Pick<SrSandbox, 'url'>,
  sleep?: (ms: number) => Promise<void>,
): SrClient {
  return createSrClient({
    config: {
      production: false,
      apiUrl: sandbox.url,
      tokenUrl: `${sandbox.url}/identity/oauth/token`,
      allowInsecureCallbacks: true,
      callbackHosts: ['127.0.0.1'],
    },
    clock: systemClock,
    ...(sleep ? { sleep } : {}),
  });
}
