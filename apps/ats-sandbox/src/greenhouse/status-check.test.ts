import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { completeStatus } from './fake-assay.js';
import { startHarness, type Harness } from './test-harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

/** Sends a test, makes Assay answer `status` to test_status, PATCHes, waits for the follow-up. */
async function patchWith(status: unknown) {
  const sent = await h.sendTest();
  h.assay.statuses.set(sent.interviewId, status);
  expect((await h.patch(sent.url, await h.outboundHeader())).status).toBe(200);
  await h.post('settle');
  const state = await h.state();
  const takeHome = state.takeHomes.find((t) => t.id === sent.takeHomeId);
  return { sent, takeHome, responseErrors: h.assay.callsTo('response_error'), state };
}

describe('test_status validated like Greenhouse; failures posted as response_error', () => {
  it('complete without partner_profile_url → response_error with the contract fields; nothing stored', async () => {
    const { sent, takeHome, responseErrors, state } = await patchWith({
      ...completeStatus('x'),
      partner_profile_url: null,
    });
    expect(responseErrors).toHaveLength(1);
    expect(responseErrors[0]?.method).toBe('POST');
    expect(responseErrors[0]?.body).toEqual({
      api_call: 'test_status',
      errors: ['partner_profile_url is required when partner_status is "complete"'],
      partner_interview_id: sent.interviewId,
      partner_test_id: 'tst_1',
      partner_test_name: 'Backend take-home (Go)',
      candidate_email: 'linus@example.com',
    });
    expect(takeHome).toMatchObject({ status: null, score: null, profileUrl: null });
    expect(takeHome?.lastErrors).toHaveLength(1);
    expect(state.responseErrors).toHaveLength(1);
    expect(state.responseErrors[0]?.httpStatus).toBe(200);
  });

  it('a string score is refused', async () => {
    const { responseErrors } = await patchWith({ ...completeStatus('x'), partner_score: '82' });
    expect((responseErrors[0]?.body as { errors: string[] }).errors).toEqual([
      'partner_score must be a number (got the string "82")',
    ]);
  });

  it('nested metadata values are refused, naming the key', async () => {
    const { responseErrors } = await patchWith({ ...completeStatus('x'), metadata: { Criteria: { a: 1 } } });
    expect((responseErrors[0]?.body as { errors: string[] }).errors).toEqual([
      'metadata["Criteria"] must be a string, number, boolean or null (got an object)',
    ]);
  });

  it('a missing partner_status is refused', async () => {
    const { responseErrors } = await patchWith({ partner_score: 3 });
    expect((responseErrors[0]?.body as { errors: string[] }).errors).toContain(
      'partner_status must be a non-empty string (got nothing)',
    );
  });

  it('an http report URL is accepted when relaxed (default) and refused once https is required', async () => {
    const relaxed = await patchWith(completeStatus('x', 'http://127.0.0.1:3000'));
    expect(relaxed.responseErrors).toHaveLength(0);
    expect(relaxed.takeHome?.status).toBe('complete');

    await h.post('faults', { requireHttpsProfileUrl: true });
    const strict = await patchWith(completeStatus('x', 'http://127.0.0.1:3000'));
    expect(strict.responseErrors).toHaveLength(1);
    expect((strict.responseErrors[0]?.body as { errors: string[] }).errors).toEqual([
      'partner_profile_url must be an https URL',
    ]);
    expect(strict.takeHome?.status).toBeNull();
  });

  it('a non-complete status with nulls is accepted and stored', async () => {
    const { takeHome, responseErrors } = await patchWith({
      partner_status: 'in_progress',
      partner_profile_url: null,
      partner_score: null,
      metadata: null,
    });
    expect(responseErrors).toHaveLength(0);
    expect(takeHome).toMatchObject({ status: 'in_progress', score: null, metadata: null });
  });

  it('a test_status error answer (404) is reported too', async () => {
    const sent = await h.sendTest();
    h.assay.overrides.test_status = () => ({
      status: 404,
      body: { error: 'interview_not_found', message: 'No such interview' },
    });
    await h.patch(sent.url, await h.outboundHeader());
    await h.post('settle');
    const errors = h.assay.callsTo('response_error');
    expect(errors).toHaveLength(1);
    expect((errors[0]?.body as { errors: string[] }).errors).toEqual([
      'test_status answered HTTP 404: No such interview',
    ]);
  });

  it('legacy-poll calls test_status for unfinished take-homes and stores accepted results', async () => {
    const sent = await h.sendTest();
    h.assay.statuses.set(sent.interviewId, completeStatus(sent.interviewId));
    const polled = await h.post<{ polled: { takeHomeId: number; check: { errors: string[] } }[] }>(
      'legacy-poll',
    );
    expect(polled.body.polled).toEqual([expect.objectContaining({ takeHomeId: sent.takeHomeId })]);
    expect(polled.body.polled[0]?.check.errors).toEqual([]);
    const again = await h.post<{ polled: unknown[] }>('legacy-poll');
    expect(again.body.polled).toEqual([]);
    expect(h.assay.callsTo('test_status')).toHaveLength(1);
  });
});
