import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ORDER_PLACED, ORDER_REJECTED, type AtsOrderView, type AtsResult } from '../../modules/ats/index.js';
import {
  buildNoteBody,
  buildResultPatch,
  candidateProfileUrl,
  completedSummary,
  noteText,
  orderIdFromCallback,
  plan,
  srScore,
  summarizePatch,
  toPackage,
} from './sr.mapper.js';
import { SrOrderSchema, SrPackageSchema, SrResultPatchSchema } from './sr.wire.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

const TEST_ID = '0194f1a2b3c4d5e6f7a8b9c0';
const REPORT = 'https://assay.example.com/app/reports/inv_1';

function result(overrides: Partial<AtsResult> = {}): AtsResult {
  return {
    invitationId: 'inv_1',
    organizationId: 'org_1',
    status: 'invited',
    testId: TEST_ID,
    testName: 'Backend engineer — API design',
    candidate: { id: 'cand_1', name: 'Ada Lovelace', email: 'ada@example.com' },
    createdAt: '2026-03-02T08:59:00.000Z',
    sentAt: '2026-03-02T09:00:00.000Z',
    expiresAt: '2026-03-09T09:00:00.000Z',
    startedAt: null,
    submittedAt: null,
    gradedAt: null,
    expiredAt: null,
    cancelledAt: null,
    cancelledBy: null,
    score: null,
    criteria: [],
    timeUsedMinutes: null,
    reportUrl: REPORT,
    ...overrides,
  };
}

const graded = (overrides: Partial<AtsResult> = {}) =>
  result({
    status: 'graded',
    startedAt: '2026-03-03T14:00:00.000Z',
    submittedAt: '2026-03-03T15:30:00.000Z',
    gradedAt: '2026-03-03T15:31:00.000Z',
    score: 82,
    criteria: [
      { name: 'Correctness', score: 40, maxScore: 50 },
      { name: 'Code quality', score: 22, maxScore: 30 },
      { name: 'Tests', score: 20, maxScore: 20 },
    ],
    ...overrides,
  });

function order(overrides: Partial<AtsOrderView> = {}): AtsOrderView {
  return {
    id: 'ord_1',
    organizationId: 'org_1',
    provider: 'smartrecruiters',
    connectionId: 'conn_1',
    scopeKey: 'AcmeCorp1',
    orderKey:
      'https://api.smartrecruiters.com/assessment-api/v202010/orders/6b1f0c2e-3c57-4d0e-9a2f-0e1d2c3b4a59/results',
    testId: TEST_ID,
    candidateEmail: 'ada@example.com',
    candidateExternalId: '3f2a9c1e-8b7d-4e6f-9a0b-1c2d3e4f5a6b',
    invitationId: 'inv_1',
    status: 'active',
    rejectReason: null,
    requester: null,
    providerData: {},
    createdAt: '2026-03-02T09:00:00.000Z',
    ...overrides,
  };
}

describe('SmartRecruiters wire schemas on fixtures', () => {
  it('parses a manual order with requester, an auto-triggered one without, and one with numeric ids and extra fields', () => {
    const manual = SrOrderSchema.parse(fixture('order-manual.json'));
    expect(manual.requester).toEqual({ userId: '5c8e7a6b4f3d2e1a0b9c8d7e', email: 'recruiter@acme.example' });
    expect(manual.job?.id).toBe('743999612345678');
    const auto = SrOrderSchema.parse(fixture('order-auto.json'));
    expect(auto.requester).toBeUndefined();
    const extra = SrOrderSchema.parse(fixture('order-extra-fields.json'));
    expect(extra.companyId).toBe('123456');
    expect(extra.candidate.id).toBe('987654321');
    expect(extra.fields).toEqual({ seniority: 'senior', score_threshold: 70 });
    expect(extra).not.toHaveProperty('locale');
  });

  it('refuses an order without a required field', () => {
    const { resultCallbackURL: _omitted, ...rest } = fixture('order-manual.json') as Record<string, unknown>;
    expect(SrOrderSchema.safeParse(rest).success).toBe(false);
    const noCandidate = { ...(fixture('order-manual.json') as object), candidate: { firstName: 'x' } };
    expect(SrOrderSchema.safeParse(noCandidate).success).toBe(false);
  });

  it('maps one published test to one package with one assessment (ids = test id)', () => {
    const pkg = toPackage({
      id: TEST_ID,
      name: 'Backend engineer — API design',
      description: 'Build a small REST API with tests (90 minutes).',
    });
    expect(pkg).toEqual(fixture('sr-package.json'));
    expect(SrPackageSchema.parse(pkg)).toEqual(pkg);
    expect(toPackage({ id: 't', name: 'N', description: '' }).description).toBe('N');
  });
});

describe('results PATCH (contract §5)', () => {
  it('invite sent → PENDING with name, package date and the expiry summary', () => {
    const patch = buildResultPatch(order(), result());
    expect(patch).toEqual(fixture('patch-pending.json'));
    expect(SrResultPatchSchema.parse(patch)).toEqual(patch);
  });

  it('opened stays PENDING; started and submitted are IN_PROGRESS', () => {
    expect(buildResultPatch(order(), result({ status: 'opened' })).status).toBe('PENDING');
    for (const status of ['started', 'submitted', 'grading_failed'] as const) {
      const patch = buildResultPatch(order(), result({ status, startedAt: '2026-03-03T14:00:00.000Z' }));
      expect(patch.status).toBe('IN_PROGRESS');
      expect(patch.summary).toBeUndefined();
      expect(patch.score).toBeUndefined();
    }
  });

  it('graded → COMPLETED with integer score, label, summary, report link and assessment results', () => {
    const patch = buildResultPatch(order(), graded());
    expect(patch).toEqual(fixture('patch-completed.json'));
    expect(SrResultPatchSchema.parse(patch)).toEqual(patch);
  });

  it('rounds fractional percentages to integers and clamps to 0–100', () => {
    const patch = buildResultPatch(order(), graded({ score: 82.5 }));
    expect(patch.score).toEqual({ raw: 83, min: 0, max: 100 });
    expect(patch.scoreLabel).toBe('83/100');
    expect(Number.isInteger(patch.score?.raw)).toBe(true);
    expect(srScore(66.4)).toEqual({ raw: 66, min: 0, max: 100 });
    expect(srScore(-3).raw).toBe(0);
    expect(srScore(140).raw).toBe(100);
  });

  it('after the PDF upload the PATCH carries the report link AND the PDF (full state every time)', () => {
    const patch = buildResultPatch(order(), graded(), { pdfUrl: 'https://sr.example/att/1.pdf' });
    expect(patch.attachments).toEqual([
      { type: 'OTHER_URL', url: REPORT, name: 'Assay report' },
      { type: 'PDF_URL', url: 'https://sr.example/att/1.pdf', name: 'Assay report (PDF)' },
    ]);
  });

  it('expired unused → EXPIRED with the expiry date', () => {
    const patch = buildResultPatch(
      order(),
      result({ status: 'expired', expiredAt: '2026-03-09T09:00:05.000Z' }),
    );
    expect(patch.status).toBe('EXPIRED');
    expect(patch.summary).toBe('Invitation expired on 2026-03-09 09:00 UTC');
  });

  it('cannot fulfil (order rejected, no invitation) → REJECTED with the reason', () => {
    const patch = buildResultPatch(
      order({ status: 'rejected', rejectReason: 'the candidate e-mail is not valid', invitationId: null }),
      null,
    );
    expect(patch.status).toBe('REJECTED');
    expect(patch.summary).toBe('Assay could not run this assessment: the candidate e-mail is not valid');
  });

  it('cancelled in Assay → REJECTED naming who cancelled', () => {
    const patch = buildResultPatch(
      order(),
      result({ status: 'cancelled', cancelledAt: '2026-03-04T10:00:00.000Z', cancelledBy: 'Rita Recruiter' }),
    );
    expect(patch.status).toBe('REJECTED');
    expect(patch.summary).toBe('Cancelled in Assay by Rita Recruiter');
  });

  it('extended after EXPIRED → back to PENDING or IN_PROGRESS from the current state', () => {
    expect(
      buildResultPatch(order(), result({ status: 'invited', expiresAt: '2026-03-20T09:00:00.000Z' })),
    ).toMatchObject({
      status: 'PENDING',
      summary: 'Invitation sent to ada@example.com, expires 2026-03-20 09:00 UTC',
    });
    expect(buildResultPatch(order(), result({ status: 'started' })).status).toBe('IN_PROGRESS');
  });

  it('refuses to build without an invitation for an active order', () => {
    expect(() => buildResultPatch(order(), null)).toThrow(/no longer exists/);
  });

  it('summarizes for the Deliveries page', () => {
    expect(summarizePatch(buildResultPatch(order(), graded()))).toBe('COMPLETED 82/100');
    expect(summarizePatch(buildResultPatch(order(), result()))).toBe('PENDING');
  });
});

describe('COMPLETED summary', () => {
  it('is the score, the criteria and the report link', () => {
    expect(completedSummary(graded())).toBe(
      `Score 82/100. Correctness 40/50; Code quality 22/30; Tests 20/20. Report: ${REPORT}`,
    );
    expect(completedSummary(graded({ criteria: [] }))).toBe(`Score 82/100. Report: ${REPORT}`);
    expect(completedSummary(graded({ criteria: [{ name: 'A', score: 7.25, maxScore: 10 }] }))).toBe(
      `Score 82/100. A 7.3/10. Report: ${REPORT}`,
    );
  });

  it('stays within 1,000 characters by trimming criteria, never the link', () => {
    const criteria = Array.from({ length: 60 }, (_, i) => ({
      name: `Criterion number ${i} with a long descriptive name`,
      score: 1,
      maxScore: 2,
    }));
    const summary = completedSummary(graded({ criteria }));
    expect(summary.length).toBeLessThanOrEqual(1000);
    expect(summary.endsWith(` Report: ${REPORT}`)).toBe(true);
    expect(summary).toContain('Criterion number 0 ');
    expect(summary).not.toContain('Criterion number 59 ');
    expect(summary).toContain('; ….');
    const patch = buildResultPatch(order(), graded({ criteria }));
    expect(SrResultPatchSchema.safeParse(patch).success).toBe(true);
  });
});

describe('delivery plans', () => {
  const orderTarget = { kind: 'order' as const, order: order() };
  const linkTarget = {
    kind: 'link' as const,
    candidateId: 'cand_1',
    candidateExternalId: 'sr-cand',
    profileUrl: null,
  };

  it('orders get full status, attachments on grading and Notes on every change except started', () => {
    expect(plan(ORDER_PLACED, orderTarget)).toEqual(['result', 'note']);
    expect(plan('invitations.started', orderTarget)).toEqual(['result']);
    expect(plan('invitations.graded', orderTarget)).toEqual(['result', 'attachment', 'note']);
    expect(plan('invitations.rescored', orderTarget)).toEqual(['result', 'attachment', 'note']);
    expect(plan('invitations.expired', orderTarget)).toEqual(['result', 'note']);
    expect(plan('invitations.validity_extended', orderTarget)).toEqual(['result', 'note']);
    expect(plan('invitations.cancelled', orderTarget)).toEqual(['result', 'note']);
    expect(plan(ORDER_REJECTED, orderTarget)).toEqual(['result', 'note']);
    expect(plan('invitations.sent', orderTarget)).toEqual([]);
    expect(plan('invitations.opened', orderTarget)).toEqual([]);
  });

  it('linked candidates (no order) get Notes only', () => {
    for (const cause of [
      'invitations.sent',
      'invitations.graded',
      'invitations.rescored',
      'invitations.expired',
      'invitations.validity_extended',
      'invitations.cancelled',
    ]) {
      expect(plan(cause, linkTarget)).toEqual(['note']);
    }
    expect(plan('invitations.started', linkTarget)).toEqual([]);
    expect(plan('invitations.resent', linkTarget)).toEqual([]);
    expect(plan(ORDER_PLACED, linkTarget)).toEqual([]);
  });
});

describe('Notes text', () => {
  const c = '3f2a9c1e-8b7d-4e6f-9a0b-1c2d3e4f5a6b';
  const t = 'Backend engineer — API design';
  it('names the candidate, the test and what happened', () => {
    expect(noteText(ORDER_PLACED, c, t, result(), order())).toBe(`#[CANDIDATE:${c}] Assay: "${t}" sent`);
    expect(noteText('invitations.sent', c, t, result(), null)).toBe(`#[CANDIDATE:${c}] Assay: "${t}" sent`);
    expect(noteText('invitations.graded', c, t, graded(), order())).toBe(
      `#[CANDIDATE:${c}] Assay: "${t}" completed 82/100, report ${REPORT}`,
    );
    expect(noteText('invitations.rescored', c, t, graded({ score: 90 }), order())).toContain(
      'completed 90/100',
    );
    expect(noteText('invitations.expired', c, t, result(), order())).toBe(
      `#[CANDIDATE:${c}] Assay: "${t}" expired`,
    );
    expect(noteText('invitations.validity_extended', c, t, result(), order())).toBe(
      `#[CANDIDATE:${c}] Assay: "${t}" extended`,
    );
    expect(
      noteText('invitations.cancelled', c, t, result({ status: 'cancelled', cancelledBy: 'Rita' }), order()),
    ).toBe(`#[CANDIDATE:${c}] Assay: "${t}" cancelled by Rita`);
    expect(
      noteText(ORDER_REJECTED, c, t, null, order({ status: 'rejected', rejectReason: 'no seats left' })),
    ).toBe(`#[CANDIDATE:${c}] Assay: "${t}" rejected: no seats left`);
    expect(noteText('invitations.started', c, t, result(), order())).toBeNull();
  });

  it('builds the messages/shares body with an open note and the correlation id', () => {
    expect(buildNoteBody('hello', 'inv_1')).toEqual({
      content: 'hello',
      correlationId: 'inv_1',
      shareWith: { openNote: true },
    });
  });
});

describe('URLs', () => {
  it('profile links use www.smartrecruiters.com for the production API, else the API origin', () => {
    expect(candidateProfileUrl('https://api.smartrecruiters.com', 'abc')).toBe(
      'https://www.smartrecruiters.com/app/people/candidates/abc',
    );
    expect(candidateProfileUrl('http://127.0.0.1:4100', 'abc')).toBe(
      'http://127.0.0.1:4100/app/people/candidates/abc',
    );
  });

  it('takes the orderId from the callback URL', () => {
    expect(orderIdFromCallback(order().orderKey)).toBe('6b1f0c2e-3c57-4d0e-9a2f-0e1d2c3b4a59');
    expect(orderIdFromCallback('https://x.example/other')).toBeNull();
    expect(orderIdFromCallback('not a url')).toBeNull();
  });
});
