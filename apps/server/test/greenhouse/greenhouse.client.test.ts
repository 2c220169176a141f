/**
 * The completion PATCH against the ats-sandbox playing Greenhouse, over real loopback HTTP
 * (the sandbox's own fake Assay answers the `send_test` that creates the take-home URL).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../../ats-sandbox/src/greenhouse/test-harness.js';
import {
  buildCompletion,
  createCompletionClient,
  createLimiter,
  NEEDS_CREDENTIALS_MESSAGE,
  NOT_FOUND_MESSAGE,
  REFUSED_MESSAGE,
  summarizeCompletion,
} from '../../src/integrations/greenhouse/greenhouse.client.js';
import { createGreenhouseHttpClient } from '../../src/integrations/greenhouse/index.js';
import type {
  AtsConnectionView,
  AtsOrderView,
  AtsResult,
  AtsSendContext,
} from '../../src/modules/ats/ats.ports.js';
import { loadConfig } from '../../src/config/index.js';

let sandbox: Harness;
let client: ReturnType<typeof createCompletionClient>;

beforeAll(async () => {
  sandbox = await startHarness();
  const config = loadConfig({
    DATA_DIR: '/tmp/assay-gh-client',
    GREENHOUSE_CALLBACK_HOSTS: '127.0.0.1',
    ATS_ALLOW_INSECURE_CALLBACKS: 'true',
  });
  client = createCompletionClient({ http: createGreenhouseHttpClient(config) });
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(async () => {
  await sandbox.post('faults', { clear: true });
});

const RESULT: AtsResult = {
  invitationId: 'inv-1',
  organizationId: 'org-1',
  status: 'graded',
  testId: 'tst_1',
  testName: 'Backend take-home',
  candidate: { id: 'c1', name: 'Linus Torvalds', email: 'linus@example.com' },
  createdAt: '2026-03-01T08:00:00.000Z',
  sentAt: null,
  expiresAt: '2026-03-08T08:00:00.000Z',
  startedAt: '2026-03-02T09:00:00.000Z',
  submittedAt: '2026-03-02T10:00:00.000Z',
  gradedAt: '2026-03-02T10:01:00.000Z',
  expiredAt: null,
  cancelledAt: null,
  cancelledBy: null,
  score: 82.4,
  criteria: [],
  timeUsedMinutes: 60,
  reportUrl: 'https://assay.example.test/app/reports/inv-1',
};

/** A send context for the completion of a take-home at `url`. */
function context(url: string, credentials: Record<string, string> | null, attempt = 1): AtsSendContext {
  const connection: AtsConnectionView = {
    id: 'conn-1',
    organizationId: 'org-1',
    provider: 'greenhouse',
    status: 'connected',
    statusReason: null,
    externalAccountId: null,
    credentials,
    providerData: {},
    connectedAt: null,
  };
  const order = { id: 'order-1', orderKey: url } as AtsOrderView;
  const base = {
    delivery: {
      id: 'd1',
      kind: 'completion',
      cause: 'invitations.graded',
      messageId: 'm1',
      attempt,
      invitationId: 'inv-1',
    },
    connection,
    target: { kind: 'order' as const, order },
    result: RESULT,
  };
  return {
    ...base,
    payload: buildCompletion(base),
    reportPdf: () => Promise.reject(new Error('Greenhouse gets no PDF')),
    signal: new AbortController().signal,
  };
}

async function outbound(): Promise<Record<string, string>> {
  const state = await sandbox.state();
  return { username: state.org.outbound.username, password: state.org.outbound.password };
}

async function patchesOf(takeHomeId: number) {
  const state = await sandbox.state();
  return state.takeHomes.find((t) => t.id === takeHomeId)?.patches ?? [];
}

describe('Greenhouse completion client (against the ats-sandbox)', () => {
  it('PATCHes the url with the completion credential, no body, no query → delivered', async () => {
    const { url, takeHomeId } = await sandbox.sendTest();
    const outcome = await client.send(context(url, await outbound()));
    expect(outcome).toMatchObject({ kind: 'delivered', status: 200 });
    const patches = await patchesOf(takeHomeId);
    expect(patches).toHaveLength(1);
    expect(patches[0]).toMatchObject({
      credential: 'outbound',
      answered: 200,
      hadBody: false,
      hadQuery: false,
    });
  });

  it('the inbound key as credential → 403 → permanent, with what to fix', async () => {
    const { url, takeHomeId } = await sandbox.sendTest();
    const outcome = await client.send(context(url, { username: sandbox.assay.key, password: '' }));
    expect(outcome).toMatchObject({ kind: 'permanent', status: 403 });
    expect(outcome.kind === 'permanent' && outcome.error).toContain(REFUSED_MESSAGE);
    expect((await patchesOf(takeHomeId))[0]).toMatchObject({ credential: 'inbound-key', answered: 403 });
  });

  it('a wrong credential → 401 → permanent', async () => {
    const { url } = await sandbox.sendTest();
    const outcome = await client.send(context(url, { username: 'someone-else', password: 'x' }));
    expect(outcome).toMatchObject({ kind: 'permanent', status: 401 });
    expect(outcome.kind === 'permanent' && outcome.error).toContain(REFUSED_MESSAGE);
  });

  it('an unknown take-home → 404 → permanent', async () => {
    const { url } = await sandbox.sendTest();
    const gone = url.replace(/\d+$/, '999999');
    const outcome = await client.send(context(gone, await outbound()));
    expect(outcome).toEqual(
      expect.objectContaining({ kind: 'permanent', status: 404, error: NOT_FOUND_MESSAGE }),
    );
  });

  it('500, 503, 502 are retried; the next attempt delivers', async () => {
    const { url, takeHomeId } = await sandbox.sendTest();
    await sandbox.post('faults', { patch: { statusSequence: [500, 503, 502] } });
    const credentials = await outbound();
    for (const status of [500, 503, 502]) {
      const outcome = await client.send(context(url, credentials));
      expect(outcome).toMatchObject({ kind: 'retry', status, afterMs: null });
    }
    expect(await client.send(context(url, credentials))).toMatchObject({ kind: 'delivered', status: 200 });
    expect((await patchesOf(takeHomeId)).map((p) => p.answered)).toEqual([500, 503, 502, 200]);
  });

  it('429 with Retry-After → retry no sooner than asked', async () => {
    const { url } = await sandbox.sendTest();
    await sandbox.post('faults', { patch: { status: 429, retryAfter: '7' } });
    const outcome = await client.send(context(url, await outbound()));
    expect(outcome).toMatchObject({ kind: 'retry', status: 429, afterMs: 7000 });
  });

  it('a connection reset is retried', async () => {
    const { url } = await sandbox.sendTest();
    await sandbox.post('faults', { patch: { reset: true } });
    const outcome = await client.send(context(url, await outbound()));
    expect(outcome).toMatchObject({ kind: 'retry', status: null });
  });

  it('a redirect is not followed and is permanent (§6), the canary is never hit', async () => {
    const { url } = await sandbox.sendTest();
    await sandbox.post('faults', { patch: { redirectTo: 'canary' } });
    const outcome = await client.send(context(url, await outbound()));
    expect(outcome.kind).toBe('permanent');
    expect((await sandbox.state()).canaryHits).toHaveLength(0);
  });

  it('no completion credential → needs_credentials, nothing sent', async () => {
    const { url, takeHomeId } = await sandbox.sendTest();
    expect(await client.send(context(url, null))).toEqual({
      kind: 'needs_credentials',
      error: NEEDS_CREDENTIALS_MESSAGE,
    });
    expect(await client.send(context(url, { username: '', password: '' }))).toMatchObject({
      kind: 'needs_credentials',
    });
    expect(await patchesOf(takeHomeId)).toHaveLength(0);
  });

  it('a url outside GREENHOUSE_CALLBACK_HOSTS is never called', async () => {
    const { url, takeHomeId } = await sandbox.sendTest();
    const strict = createCompletionClient({
      http: createGreenhouseHttpClient(loadConfig({ DATA_DIR: '/tmp/assay-gh-client' })),
    });
    const outcome = await strict.send(context(url, await outbound()));
    expect(outcome.kind).toBe('permanent');
    expect(await patchesOf(takeHomeId)).toHaveLength(0);
  });

  it('an erased invitation is skipped', async () => {
    const { url } = await sandbox.sendTest();
    const outcome = await client.send({ ...context(url, await outbound()), result: null });
    expect(outcome.kind).toBe('skipped');
  });
});

describe('build and summarize', () => {
  it('freezes a description of the call (no body exists) and summarizes it', () => {
    const payload = context(
      'https://app.greenhouse.io/integrations/testing_partners/take_home_tests/12',
      null,
    ).payload;
    expect(JSON.parse(payload)).toEqual({
      method: 'PATCH',
      url: 'https://app.greenhouse.io/integrations/testing_partners/take_home_tests/12',
      score: 82,
    });
    expect(summarizeCompletion('completion', payload)).toBe('Completion call (score 82/100)');
    expect(summarizeCompletion('completion', null)).toBe('Completion call');
  });
});

describe('per-credential concurrency limit', () => {
  const flush = () => new Promise((resolve) => setImmediate(resolve));

  it('runs at most N tasks per key at once; other keys are independent', async () => {
    const limit = createLimiter(8);
    let active = 0;
    let peak = 0;
    const releases: (() => void)[] = [];
    const task = () =>
      new Promise<void>((resolve) => {
        active++;
        peak = Math.max(peak, active);
        releases.push(() => {
          active--;
          resolve();
        });
      });
    const all = Array.from({ length: 20 }, () => limit('user-a', task));
    await flush();
    expect(active).toBe(8);
    const other = limit('user-b', task);
    await flush();
    expect(active).toBe(9);
    releases.shift()?.();
    await flush();
    expect(active).toBe(9);
    while (releases.length > 0) {
      releases.shift()?.();
      await flush();
    }
    await Promise.all([...all, other]);
    expect(peak).toBe(9);
    expect(active).toBe(0);
  });
});
