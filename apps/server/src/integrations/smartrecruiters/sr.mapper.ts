import type { InvitationStatus } from '@assay/contracts';
import {
  ORDER_PLACED,
  ORDER_REJECTED,
  type AtsCause,
  type AtsOrderView,
  type AtsResult,
  type AtsTarget,
  type PublishedTestSummary,
} from '../../modules/ats/index.js';
import type { SrAttachment, SrNoteBody, SrPackage, SrResultPatch, SrStatus } from './sr.wire.js';

/**
 * The only place Assay's vocabulary meets SmartRecruiters' (contract §5). Pure: no I/O, no
 * clock. Every PATCH body carries the full current state (a merge patch replaces arrays).
 */

export const SR_PROVIDER_ID = 'smartrecruiters' as const;
export const SUMMARY_LIMIT = 1000;
export const REPORT_ATTACHMENT_NAME = 'Assay report';
export const PDF_ATTACHMENT_NAME = 'Assay report (PDF)';

/** Delivery kinds, in send order. */
export type SrDeliveryKind = 'result' | 'attachment' | 'note';

const ORDER_PLANS: Record<string, readonly SrDeliveryKind[]> = {
  [ORDER_PLACED]: ['result', 'note'],
  'invitations.started': ['result'],
  'invitations.graded': ['result', 'attachment', 'note'],
  'invitations.rescored': ['result', 'attachment', 'note'],
  'invitations.expired': ['result', 'note'],
  'invitations.validity_extended': ['result', 'note'],
  'invitations.cancelled': ['result', 'note'],
  [ORDER_REJECTED]: ['result', 'note'],
};

const LINK_NOTE_CAUSES = new Set<AtsCause>([
  'invitations.sent',
  'invitations.graded',
  'invitations.rescored',
  'invitations.expired',
  'invitations.validity_extended',
  'invitations.cancelled',
]);

/** The delivery kinds a cause produces for a target (order: full status; link: Notes only). */
export function plan(cause: AtsCause, target: AtsTarget): readonly SrDeliveryKind[] {
  if (target.kind === 'order') return ORDER_PLANS[cause] ?? [];
  return LINK_NOTE_CAUSES.has(cause) ? ['note'] : [];
}

/** Assay invitation status → SR status (an order rejected before inviting is REJECTED). */
export function srStatusOf(status: InvitationStatus): SrStatus {
  switch (status) {
    case 'invited':
    case 'opened':
      return 'PENDING';
    case 'started':
    case 'submitted':
    case 'grading_failed':
      return 'IN_PROGRESS';
    case 'graded':
      return 'COMPLETED';
    case 'expired':
      return 'EXPIRED';
    case 'cancelled':
      return 'REJECTED';
  }
}

/** `2026-03-09 09:00 UTC`. */
export function formatDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 10) / 10);
}

/** The integer SR score: round(%) clamped to 0–100. */
export function srScore(percent: number): { raw: number; min: number; max: number } {
  const raw = Math.min(100, Math.max(0, Math.round(percent)));
  return { raw, min: 0, max: 100 };
}

export function scoreLabel(percent: number): string {
  return `${srScore(percent).raw}/100`;
}

/**
 * `Score 82/100. Correctness 40/50; Code quality 22/30; Tests 20/20. Report: <url>`, at most
 * 1,000 characters: criteria are dropped from the end (marked `…`), never the link.
 */
export function completedSummary(result: Pick<AtsResult, 'score' | 'criteria' | 'reportUrl'>): string {
  const head = `Score ${scoreLabel(result.score ?? 0)}.`;
  const tail = ` Report: ${result.reportUrl}`;
  const parts = result.criteria.map(
    (c) => `${c.name.replace(/\s+/g, ' ').trim()} ${formatNumber(c.score)}/${formatNumber(c.maxScore)}`,
  );
  const compose = (list: string[], cut: boolean) =>
    list.length === 0 && !cut
      ? `${head}${tail}`
      : `${head} ${[...list, ...(cut ? ['…'] : [])].join('; ')}.${tail}`;
  let kept = parts;
  let summary = compose(kept, false);
  while (summary.length > SUMMARY_LIMIT && kept.length > 0) {
    kept = kept.slice(0, -1);
    summary = compose(kept, true);
  }
  if (summary.length > SUMMARY_LIMIT) summary = `${head}${tail}`;
  return summary;
}

export interface PatchOptions {
  /** The uploaded PDF's URL (from the 201 of the attachment upload), kept in the order's provider data. */
  pdfUrl?: string | null;
}

/** The SR name of the person who cancelled, or a neutral stand-in. */
function cancelledBy(result: AtsResult): string {
  return result.cancelledBy?.trim() || 'an Assay user';
}

/**
 * The full-state results PATCH for an order. `result` is the invitation's CURRENT state (null
 * only when the order was rejected before inviting or the invitation is gone).
 * @throws Error when there is nothing to report (no invitation and the order is not rejected).
 */
export function buildResultPatch(
  order: AtsOrderView,
  result: AtsResult | null,
  options: PatchOptions = {},
): SrResultPatch {
  if (order.status === 'rejected') {
    return {
      status: 'REJECTED',
      ...(result ? { name: result.testName, assessmentPackageDate: result.sentAt ?? result.createdAt } : {}),
      summary: clip(`Assay could not run this assessment: ${order.rejectReason ?? 'unknown reason'}`),
      assessmentResults: [{ assessmentId: order.testId, status: 'REJECTED' }],
    };
  }
  if (!result) throw new Error('The invitation behind this order no longer exists.');
  const status = srStatusOf(result.status);
  const base: SrResultPatch = {
    status,
    name: result.testName,
    assessmentPackageDate: result.sentAt ?? result.createdAt,
  };
  switch (status) {
    case 'PENDING':
      return {
        ...base,
        summary: clip(
          `Invitation sent to ${result.candidate.email}, expires ${formatDate(result.expiresAt)}`,
        ),
        assessmentResults: [{ assessmentId: result.testId, status }],
      };
    case 'IN_PROGRESS':
      return { ...base, assessmentResults: [{ assessmentId: result.testId, status }] };
    case 'EXPIRED':
      return {
        ...base,
        summary: clip(`Invitation expired on ${formatDate(result.expiredAt ?? result.expiresAt)}`),
        assessmentResults: [{ assessmentId: result.testId, status }],
      };
    case 'REJECTED':
      return {
        ...base,
        summary: clip(`Cancelled in Assay by ${cancelledBy(result)}`),
        assessmentResults: [{ assessmentId: result.testId, status }],
      };
    case 'COMPLETED': {
      const percent = result.score ?? 0;
      const attachments: SrAttachment[] = [
        { type: 'OTHER_URL', url: result.reportUrl, name: REPORT_ATTACHMENT_NAME },
      ];
      if (options.pdfUrl)
        attachments.push({ type: 'PDF_URL', url: options.pdfUrl, name: PDF_ATTACHMENT_NAME });
      const submissionDate = result.submittedAt ?? result.gradedAt;
      return {
        ...base,
        ...(submissionDate ? { submissionDate } : {}),
        score: srScore(percent),
        scoreLabel: scoreLabel(percent),
        summary: completedSummary(result),
        attachments,
        assessmentResults: [
          {
            assessmentId: result.testId,
            status,
            score: srScore(percent),
            scoreLabel: scoreLabel(percent),
          },
        ],
      };
    }
  }
}

function clip(text: string): string {
  return text.length <= SUMMARY_LIMIT ? text : `${text.slice(0, SUMMARY_LIMIT - 1)}…`;
}

/** The Note's text for a cause, or null when that cause writes no Note. */
export function noteText(
  cause: AtsCause,
  srCandidateId: string,
  testName: string,
  result: AtsResult | null,
  order: AtsOrderView | null,
): string | null {
  const what = ((): string | null => {
    if (order?.status === 'rejected' || cause === ORDER_REJECTED) {
      return `rejected: ${order?.rejectReason ?? 'unknown reason'}`;
    }
    switch (cause) {
      case ORDER_PLACED:
      case 'invitations.sent':
        return 'sent';
      case 'invitations.graded':
      case 'invitations.rescored':
        return result ? `completed ${scoreLabel(result.score ?? 0)}, report ${result.reportUrl}` : null;
      case 'invitations.expired':
        return 'expired';
      case 'invitations.validity_extended':
        return 'extended';
      case 'invitations.cancelled':
        return result ? `cancelled by ${cancelledBy(result)}` : 'cancelled';
      default:
        return null;
    }
  })();
  if (what === null) return null;
  const name = testName.replaceAll('"', "'");
  return `#[CANDIDATE:${srCandidateId}] Assay: "${name}" ${what}`;
}

/** The `POST /messages/shares` body; `correlationId` = the invitation id (contract §5). */
export function buildNoteBody(content: string, correlationId: string): SrNoteBody {
  return { content, correlationId, shareWith: { openNote: true } };
}

/** One published test = one package with one assessment; ids = the stable test id. */
export function toPackage(test: PublishedTestSummary): SrPackage {
  const description = test.description || test.name;
  return {
    id: test.id,
    name: test.name,
    description,
    type: 'SKILL_TEST',
    assessments: [{ id: test.id, name: test.name, description, type: 'SKILL_TEST' }],
  };
}

/**
 * The SR web origin for candidate profile links: `https://www.smartrecruiters.com` for the
 * production API, else the API URL's origin (the ats-sandbox).
 */
export function srWebOrigin(apiUrl: string): string {
  const url = new URL(apiUrl);
  return url.hostname === 'api.smartrecruiters.com' ? 'https://www.smartrecruiters.com' : url.origin;
}

export function candidateProfileUrl(apiUrl: string, candidateId: string): string {
  return `${srWebOrigin(apiUrl)}/app/people/candidates/${encodeURIComponent(candidateId)}`;
}

/** The orderId SR puts in `resultCallbackURL` (`…/orders/<uuid>/results`), if it is there. */
export function orderIdFromCallback(resultCallbackURL: string): string | null {
  try {
    const match = /\/orders\/([^/]+)\/results\/?$/.exec(new URL(resultCallbackURL).pathname);
    return match?.[1] ? decodeURIComponent(match[1]) : null;
  } catch {
    return null;
  }
}

/** One line for the Deliveries page. */
export function summarizePatch(patch: SrResultPatch): string {
  return patch.scoreLabel ? `${patch.status} ${patch.scoreLabel}` : patch.status;
}
