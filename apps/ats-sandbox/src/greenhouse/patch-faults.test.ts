import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { completeStatus } from './fake-assay.js';
import { startHarness, type Harness } from './test-harness.js';

let h: Harness;
let target: string;
let auth: string;
beforeEach(async () => {
  h = await startHarness();
  const sent = await h.sendTest();
  h.assay.statuses.set(sent.interviewId, completeStatus(sent.interviewId));
  target = sent.url;
  auth = await h.outboundHeader();
});
afterEach(async () => {
  await h.close();
});

async function patchStatus(): Promise<number> {
  const response = await h.patch(target, auth);
  await response.arrayBuffer();
  return response.status;
}

describe('PATCH fault knobs', () => {
  it('statusSequence [500, 500, 200] fails twice, then behaves normally (and test_status runs once)', async () => {
    await h.post('faults', { patch: { statusSequence: [500, 500, 200] } });
    expect([await patchStatus(), await patchStatus(), await patchStatus(), await patchStatus()]).toEqual([
      500, 500, 200, 200,
    ]);
    await h.post('settle');
    expect(h.assay.callsTo('test_status')).toHaveLength(2);
    const th = (await h.state()).takeHomes[0];
    expect(th?.patches.map((p) => p.fault)).toEqual(['statusSequence', 'statusSequence', null, null]);
  });

  it.each([401, 403, 404])(
    'status %i is answered to every PATCH, even with the right credential',
    async (status) => {
      await h.post('faults', { patch: { status } });
      expect(await patchStatus()).toBe(status);
      expect(await patchStatus()).toBe(status);
      await h.post('settle');
      expect(h.assay.callsTo('test_status')).toHaveLength(0);
    },
  );

  it('429 carries Retry-After', async () => {
    await h.post('faults', { patch: { status: 429, retryAfter: 7 } });
    const response = await h.patch(target, auth);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
  });

  it('delay holds the answer: a client with a short timeout gives up, the request is still recorded', async () => {
    await h.post('faults', { patch: { delayMs: 1500 } });
    await expect(h.patch(target, auth, { signal: AbortSignal.timeout(100) })).rejects.toThrow();
    await h.post('faults', { patch: { delayMs: 0 } });
    expect(await patchStatus()).toBe(200);
  });

  it('hang never answers; the sandbox still closes cleanly', async () => {
    await h.post('faults', { patch: { hang: true } });
    await expect(h.patch(target, auth, { signal: AbortSignal.timeout(300) })).rejects.toThrow();
    const th = (await h.state()).takeHomes[0];
    expect(th?.patches.map((p) => p.answered)).toEqual(['hang']);
    // A second hung request left open is destroyed by close() (afterEach would time out otherwise).
    void h.patch(target, auth).catch(() => undefined);
    await expect.poll(async () => (await h.state()).takeHomes[0]?.patches.length).toBe(2);
  });

  it('reset destroys the connection without an answer', async () => {
    await h.post('faults', { patch: { reset: true } });
    await expect(h.patch(target, auth)).rejects.toThrow(/fetch failed/);
    expect((await h.state()).takeHomes[0]?.patches.map((p) => p.answered)).toEqual(['reset']);
  });

  it('redirect points at the canary; the canary records whoever follows it', async () => {
    await h.post('faults', { patch: { redirectTo: 'canary' } });
    const response = await h.patch(target, auth);
    expect(response.status).toBe(307);
    const location = response.headers.get('location');
    expect(location).toBe(`${h.url}/__sandbox/greenhouse/canary`);
    expect((await h.state()).canaryHits).toHaveLength(0);

    // A client that (wrongly) follows redirects lands on the canary.
    const followed = await fetch(target, { method: 'PATCH', headers: { authorization: auth } });
    expect(followed.status).toBe(200);
    const hits = (await h.state()).canaryHits;
    expect(hits).toHaveLength(1);
    expect(hits[0]?.method).toBe('PATCH');
    expect(hits[0]?.headers.authorization).toBe('[redacted]');
  });

  it('clear restores normal behaviour', async () => {
    await h.post('faults', { patch: { status: 503, retryAfter: '1' } });
    expect(await patchStatus()).toBe(503);
    await h.post('faults', { clear: true });
    expect(await patchStatus()).toBe(200);
  });

  it('refuses an invalid knob with a message naming the field', async () => {
    const r = await h.post<{ error: string; message: string }>('faults', { patch: { status: 42 } });
    expect(r.status).toBe(400);
    expect(r.body.error).toBe('invalid_request');
    expect(r.body.message).toContain('patch.status');
  });
});
