import { describe, expect, it } from 'vitest';
import type { AtsOrderView, AtsResult } from '../../src/modules/ats/ats.ports.js';
import {
  COMPLETION,
  METADATA_MAX_KEYS,
  METADATA_MAX_VALUE_CHARS,
  planGreenhouse,
  toGhScore,
  toGhTestStatus,
} from '../../src/integrations/greenhouse/greenhouse.mapper.js';
import { GhTestStatusSchema } from '../../src/integrations/greenhouse/greenhouse.wire.js';

const REPORT_URL = 'https://assay.example.test/app/reports/inv-1';

function result(overrides: Partial<AtsResult> = {}): AtsResult {
  return {
    invitationId: 'inv-1',
    organizationId: 'org-1',
    status: 'invited',
    testId: 'test-1',
    testName: 'Backend take-home',
    candidate: { id: 'cand-1', name: 'Ada Lovelace', email: 'ada@example.com' },
    createdAt: '2026-03-01T08:00:00.000Z',
    sentAt: '2026-03-01T08:00:01.000Z',
    expiresAt: '2026-03-08T08:00:00.000Z',
    startedAt: null,
    submittedAt: null,
    gradedAt: null,
    expiredAt: null,
    cancelledAt: null,
    cancelledBy: null,
    score: null,
    criteria: [],
    timeUsedMinutes: null,
    reportUrl: REPORT_URL,
    ...overrides,
  };
}

const graded = (overrides: Partial<AtsResult> = {}) =>
  result({
    status: 'graded',
    startedAt: '2026-03-02T09:00:00.000Z',
    submittedAt: '2026-03-02T10:13:00.000Z',
    gradedAt: '2026-03-02T10:14:00.000Z',
    score: 81.6,
    criteria: [
      { name: 'Correctness', score: 40, maxScore: 50 },
      { name: 'Code quality', score: 12.5, maxScore: 25 },
    ],
    timeUsedMinutes: 73.2,
    ...overrides,
  });

describe('toGhTestStatus (contract §5)', () => {
  it.each(['invited', 'opened'] as const)('%s → pending, everything else null', (status) => {
    expect(toGhTestStatus(result({ status }))).toEqual({
      partner_status: 'pending',
      partner_profile_url: null,
      partner_score: null,
      metadata: null,
    });
  });

  it.each(['started', 'submitted', 'grading_failed'] as const)(
    '%s → in_progress (not complete)',
    (status) => {
      const mapped = toGhTestStatus(result({ status, startedAt: '2026-03-02T09:00:00.000Z', score: 50 }));
      expect(mapped).toEqual({
        partner_status: 'in_progress',
        partner_profile_url: null,
        partner_score: null,
        metadata: null,
      });
    },
  );

  it('graded → complete with the permanent report URL, a rounded integer score and metadata', () => {
    const mapped = toGhTestStatus(graded());
    expect(mapped).toEqual({
      partner_status: 'complete',
      partner_profile_url: REPORT_URL,
      partner_score: 82,
      metadata: {
        Test: 'Backend take-home',
        Score: '82/100',
        Correctness: '40/50',
        'Code quality': '12.5/25',
        'Started At': '2026-03-02T09:00:00Z',
        'Completed At': '2026-03-02T10:13:00Z',
        'Time Spent (min)': 73,
      },
    });
    expect(GhTestStatusSchema.parse(mapped)).toEqual(mapped);
  });

  it('a graded state without a score yet is not complete', () => {
    expect(toGhTestStatus(graded({ score: null })).partner_status).toBe('in_progress');
  });

  it('expired → expired with only "Expired At"', () => {
    expect(toGhTestStatus(result({ status: 'expired', expiredAt: '2026-03-08T08:00:00.500Z' }))).toEqual({
      partner_status: 'expired',
      partner_profile_url: null,
      partner_score: null,
      metadata: { 'Expired At': '2026-03-08T08:00:00Z' },
    });
    // Without a recorded expiry time, the deadline stands in.
    expect(toGhTestStatus(result({ status: 'expired' })).metadata).toEqual({
      'Expired At': '2026-03-08T08:00:00Z',
    });
  });

  it('cancelled → cancelled, everything else null', () => {
    expect(
      toGhTestStatus(
        result({ status: 'cancelled', cancelledAt: '2026-03-03T00:00:00.000Z', cancelledBy: 'Ann' }),
      ),
    ).toEqual({
      partner_status: 'cancelled',
      partner_profile_url: null,
      partner_score: null,
      metadata: null,
    });
  });

  it('scores are clamped integers 0–100', () => {
    expect(toGhScore(99.5)).toBe(100);
    expect(toGhScore(0.4)).toBe(0);
    expect(toGhScore(104)).toBe(100);
    expect(toGhScore(-3)).toBe(0);
    expect(toGhTestStatus(graded({ score: 0 })).partner_score).toBe(0);
  });

  it('metadata stays flat, at most 20 keys, values at most 200 characters, fixed keys kept', () => {
    const criteria = Array.from({ length: 30 }, (_, i) => ({
      name: `Criterion ${i + 1}`,
      score: i,
      maxScore: 30,
    }));
    const metadata = toGhTestStatus(graded({ criteria, testName: 'T'.repeat(500) })).metadata as Record<
      string,
      unknown
    >;
    expect(Object.keys(metadata)).toHaveLength(METADATA_MAX_KEYS);
    for (const value of Object.values(metadata)) {
      expect(['string', 'number', 'boolean']).toContain(typeof value);
      if (typeof value === 'string') expect(value.length).toBeLessThanOrEqual(METADATA_MAX_VALUE_CHARS);
    }
    expect(metadata.Test).toHaveLength(METADATA_MAX_VALUE_CHARS);
    expect(metadata['Criterion 15']).toBe('14/30');
    expect(metadata['Criterion 16']).toBeUndefined();
    expect(metadata['Completed At']).toBe('2026-03-02T10:13:00Z');
    expect(metadata['Time Spent (min)']).toBe(73);
  });

  it('a criterion named like a fixed key does not overwrite it', () => {
    const metadata = toGhTestStatus(
      graded({ criteria: [{ name: 'Score', score: 3, maxScore: 4 }] }),
    ).metadata;
    expect(metadata).toMatchObject({ Score: '82/100', 'Score (2)': '3/4' });
  });

  it('omits times Assay does not know', () => {
    const metadata = toGhTestStatus(graded({ startedAt: null, submittedAt: null, timeUsedMinutes: null }))
      .metadata as Record<string, unknown>;
    expect(metadata).not.toHaveProperty('Started At');
    expect(metadata).not.toHaveProperty('Time Spent (min)');
    expect(metadata['Completed At']).toBe('2026-03-02T10:14:00Z');
  });
});

describe('planGreenhouse', () => {
  const order = { kind: 'order', order: { id: 'o1' } as AtsOrderView } as const;
  const link = { kind: 'link', candidateId: 'c1', candidateExternalId: '42', profileUrl: null } as const;

  it('completion only on grade and re-grade of an order', () => {
    expect(planGreenhouse('invitations.graded', order)).toEqual([COMPLETION]);
    expect(planGreenhouse('invitations.rescored', order)).toEqual([COMPLETION]);
  });

  it.each([
    'ats.order_placed',
    'ats.order_rejected',
    'invitations.created',
    'invitations.sent',
    'invitations.opened',
    'invitations.started',
    'invitations.submitted',
    'invitations.expired',
    'invitations.cancelled',
  ])('nothing on %s', (cause) => {
    expect(planGreenhouse(cause, order)).toEqual([]);
  });

  it('nothing for a manually linked candidate (no url to call)', () => {
    expect(planGreenhouse('invitations.graded', link)).toEqual([]);
    expect(planGreenhouse('invitations.rescored', link)).toEqual([]);
  });
});
