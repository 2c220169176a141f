import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { basicHeader } from './basic-auth.js';
import { completeStatus } from './fake-assay.js';
import { startHarness, type Harness } from './test-harness.js';
import type { GhTakeHome, RecordedRequest, SentResponseError } from './types.js';

interface State {
  takeHomes: GhTakeHome[];
  responseErrors: SentResponseError[];
  canaryHits: RecordedRequest[];
}

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

async function takeHome(id: number): Promise<GhTakeHome> {
  const state = await h.get<State>('state');
  const found = state.body.takeHomes.find((t) => t.id === id);
  if (!found) throw new Error(`take-home ${id} missing`);
  return found;
}

describe('PATCH /integrations/testing_partners/take_home_tests/:id — credentials', () => {
  it('accepts the completion credential, answers 200 with no body, then calls test_status and stores the result', async () => {
    const sent = await h.sendTest();
    h.assay.statuses.set(sent.interviewId, completeStatus(sent.interviewId));

    const response = await h.patch(sent.url, await h.outboundHeader(), {
      headers: { 'content-length': '0' },
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    await h.post('settle');

    const statusCalls = h.assay.callsTo('test_status');
    expect(statusCalls).toHaveLength(1);
    expect(statusCalls[0]?.query).toEqual({ partner_interview_id: sent.interviewId });
    expect(statusCalls[0]?.authorization).toBe(basicHeader(h.assay.key));

    const th = await takeHome(sent.takeHomeId);
    expect(th).toMatchObject({
      status: 'complete',
      score: 82,
      profileUrl: completeStatus(sent.interviewId).partner_profile_url,
      metadata: { Test: 'Backend take-home (Go)', Score: '82/100', 'Time Spent (min)': 73, Passed: true },
      lastErrors: [],
    });
    expect(th.patches).toHaveLength(1);
    expect(th.patches[0]).toMatchObject({
      credential: 'outbound',
      answered: 200,
      fault: null,
      hadBody: false,
    });
    expect(th.patches[0]?.check).toMatchObject({ httpStatus: 200, errors: [] });
    expect(h.assay.callsTo('response_error')).toHaveLength(0);
  });

  it('keeps a history of every PATCH (re-grade changes the score)', async () => {
    const sent = await h.sendTest();
    const auth = await h.outboundHeader();
    h.assay.statuses.set(sent.interviewId, completeStatus(sent.interviewId));
    expect((await h.patch(sent.url, auth)).status).toBe(200);
    await h.post('settle');
    h.assay.statuses.set(sent.interviewId, { ...completeStatus(sent.interviewId), partner_score: 91 });
    expect((await h.patch(sent.url, auth)).status).toBe(200);
    await h.post('settle');
    const th = await takeHome(sent.takeHomeId);
    expect(th.score).toBe(91);
    expect(th.patches.map((p) => p.check?.body)).toMatchObject([
      { partner_score: 82 },
      { partner_score: 91 },
    ]);
  });

  it('answers 403 to the Assay key itself (like Greenhouse) and does not call test_status', async () => {
    const sent = await h.sendTest();
    const response = await h.patch(sent.url, basicHeader(h.assay.key));
    expect(response.status).toBe(403);
    await h.post('settle');
    expect(h.assay.callsTo('test_status')).toHaveLength(0);
    expect((await takeHome(sent.takeHomeId)).patches[0]).toMatchObject({
      credential: 'inbound-key',
      answered: 403,
    });
  });

  it.each([
    ['a wrong password', async () => basicHeader((await h.state()).org.outbound.username, 'wrong')],
    ['an unknown user', () => Promise.resolve(basicHeader('someone', ''))],
    ['no header', () => Promise.resolve(null)],
    ['a Bearer token', () => Promise.resolve('Bearer abc')],
    ['a malformed Basic value', () => Promise.resolve('Basic %%%')],
  ])('answers 401 to %s', async (_label, header) => {
    const sent = await h.sendTest();
    const response = await h.patch(sent.url, await header());
    expect(response.status).toBe(401);
    await h.post('settle');
    expect(h.assay.callsTo('test_status')).toHaveLength(0);
  });

  it('answers 404 for an unknown take-home when the credential is valid', async () => {
    const response = await h.patch(
      `${h.url}/integrations/testing_partners/take_home_tests/1`,
      await h.outboundHeader(),
    );
    expect(response.status).toBe(404);
  });

  it('records the PATCH with the Authorization value redacted', async () => {
    const sent = await h.sendTest();
    const auth = await h.outboundHeader();
    await h.patch(sent.url, auth);
    await h.post('settle');
    const { body } = await h.get<{ requests: RecordedRequest[] }>('requests?name=patch');
    expect(body.requests).toHaveLength(1);
    expect(body.requests[0]?.headers.authorization).toBe('[redacted]');
    expect(body.requests[0]?.auth).toMatchObject({
      scheme: 'Basic',
      wellFormed: true,
      credential: 'outbound',
    });
    const all = JSON.stringify((await h.get('requests')).body);
    expect(all).not.toContain(auth.slice('Basic '.length));
    expect(all).not.toContain(basicHeader(h.assay.key).slice('Basic '.length));
  });
});
