import type { FastifyInstance } from 'fastify';
import { startSandbox } from '../server.js';
import { basicHeader } from './basic-auth.js';
import { startFakeAssay, type FakeAssay } from './fake-assay.js';
import type { GhCandidate, GhTakeHome, RecordedRequest, SentResponseError } from './types.js';

/** Test helper: a fake Assay plus a real sandbox over loopback HTTP, with the org key set. */
export interface Harness {
  assay: FakeAssay;
  app: FastifyInstance;
  url: string;
  // The type parameters only type the JSON answer for the test that asked (no runtime check).
  /* eslint-disable @typescript-eslint/no-unnecessary-type-parameters */
  get<T = Record<string, unknown>>(path: string): Promise<{ status: number; body: T }>;
  post<T = Record<string, unknown>>(path: string, body?: unknown): Promise<{ status: number; body: T }>;
  /* eslint-enable @typescript-eslint/no-unnecessary-type-parameters */
  /** The default org's control-API state. */
  state(): Promise<SandboxState>;
  /** The default org's completion credential as a Basic header. */
  outboundHeader(): Promise<string>;
  /** Sends a test through the control API and returns the take-home id and URL. */
  sendTest(
    extra?: Record<string, unknown>,
  ): Promise<{ takeHomeId: number; url: string; interviewId: string }>;
  patch(url: string, authorization: string | null, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

export interface SandboxState {
  org: {
    id: string;
    key: string | null;
    outbound: { username: string; password: string };
    lastTestList: unknown[] | null;
  };
  candidates: GhCandidate[];
  takeHomes: GhTakeHome[];
  responseErrors: SentResponseError[];
  canaryHits: RecordedRequest[];
}

export async function startHarness(): Promise<Harness> {
  const assay = await startFakeAssay();
  const { app, url } = await startSandbox({ assayUrl: assay.url });
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- types the JSON answer only
  const call = async <T>(method: string, path: string, body?: unknown) => {
    const response = await fetch(`${url}/__sandbox/greenhouse/${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as T };
  };
  const harness: Harness = {
    assay,
    app,
    url,
    get: (path) => call('GET', path),
    post: (path, body = {}) => call('POST', path, body),
    async state() {
      return (await call<SandboxState>('GET', 'state')).body;
    },
    async outboundHeader() {
      const state = await call<SandboxState>('GET', 'state');
      return basicHeader(state.body.org.outbound.username, state.body.org.outbound.password);
    },
    async sendTest(extra = {}) {
      const r = await call<{
        ok: boolean;
        url: string;
        takeHome: { id: number; partnerInterviewId: string };
      }>('POST', 'send_test', { email: 'linus@example.com', testId: 'tst_1', ...extra });
      if (!r.body.ok) throw new Error(`send_test failed: ${JSON.stringify(r.body)}`);
      return {
        takeHomeId: r.body.takeHome.id,
        url: r.body.url,
        interviewId: r.body.takeHome.partnerInterviewId,
      };
    },
    patch(target, authorization, init = {}) {
      return fetch(target, {
        method: 'PATCH',
        redirect: 'manual',
        ...init,
        headers: {
          ...(authorization === null ? {} : { authorization }),
          ...(init.headers as Record<string, string>),
        },
      });
    },
    async close() {
      await app.close();
      await assay.close();
    },
  };
  await harness.post('key', { key: assay.key });
  return harness;
}
