import type { AtsCause, AtsResult, AtsTarget } from '../../modules/ats/index.js';
import type { GhMetadataValue, GhTestStatus } from './greenhouse.wire.js';

/**
 * Where Assay's vocabulary meets Greenhouse's (contracts/greenhouse.md §5). Pure.
 */

/** The only delivery kind Greenhouse has: the completion PATCH. */
export const COMPLETION = 'completion';

/** Greenhouse limits we keep to (§5): a flat object of at most 20 keys, values ≤ 200 chars. */
export const METADATA_MAX_KEYS = 20;
export const METADATA_MAX_VALUE_CHARS = 200;

/** Causes that PATCH Greenhouse: a grade and a re-grade (never send, start, expiry or cancel). */
const COMPLETION_CAUSES = new Set<AtsCause>(['invitations.graded', 'invitations.rescored']);

/**
 * The deliveries a cause produces: one completion call for a grade or re-grade of an order's
 * invitation, nothing else. A candidate linked by hand has no `url`, so nothing can be pushed.
 */
export function planGreenhouse(cause: AtsCause, target: AtsTarget): readonly string[] {
  if (target.kind !== 'order') return [];
  return COMPLETION_CAUSES.has(cause) ? [COMPLETION] : [];
}

/** A percentage as Greenhouse's score: an integer 0–100. */
export function toGhScore(score: number): number {
  return Math.min(100, Math.max(0, Math.round(score)));
}

/** The test's state as `test_status` answers it. `complete` only once graded. */
export function toGhTestStatus(result: AtsResult): GhTestStatus {
  switch (result.status) {
    case 'invited':
    case 'opened':
      return blank('pending');
    case 'started':
    case 'submitted':
    case 'grading_failed':
      return blank('in_progress');
    case 'graded':
      if (result.score === null) return blank('in_progress');
      return {
        partner_status: 'complete',
        partner_profile_url: result.reportUrl,
        partner_score: toGhScore(result.score),
        metadata: completionMetadata(result),
      };
    case 'expired':
      return {
        ...blank('expired'),
        metadata: { 'Expired At': isoUtc(result.expiredAt ?? result.expiresAt) },
      };
    case 'cancelled':
      return blank('cancelled');
  }
}

function blank(status: GhTestStatus['partner_status']): GhTestStatus {
  return { partner_status: status, partner_profile_url: null, partner_score: null, metadata: null };
}

/** "Test", "Score", one key per criterion, "Started At", "Completed At", "Time Spent (min)". */
export function completionMetadata(result: AtsResult): Record<string, GhMetadataValue> {
  const entries: [string, GhMetadataValue][] = [
    ['Test', result.testName],
    ['Score', `${toGhScore(result.score ?? 0)}/100`],
  ];
  const tail: [string, GhMetadataValue][] = [];
  if (result.startedAt) tail.push(['Started At', isoUtc(result.startedAt)]);
  const completedAt = result.submittedAt ?? result.gradedAt;
  if (completedAt) tail.push(['Completed At', isoUtc(completedAt)]);
  if (result.timeUsedMinutes !== null) tail.push(['Time Spent (min)', Math.round(result.timeUsedMinutes)]);

  const taken = new Set([...entries, ...tail].map(([key]) => key));
  const room = METADATA_MAX_KEYS - entries.length - tail.length;
  for (const criterion of result.criteria.slice(0, Math.max(0, room))) {
    let key = clip(criterion.name.trim() || 'Criterion', 100);
    // A criterion named like a fixed key (or like another criterion) must not overwrite it.
    for (let n = 2; taken.has(key); n++) key = `${clip(criterion.name.trim(), 90)} (${n})`;
    taken.add(key);
    entries.push([key, `${formatPoints(criterion.score)}/${formatPoints(criterion.maxScore)}`]);
  }
  const metadata: Record<string, GhMetadataValue> = {};
  for (const [key, value] of [...entries, ...tail]) {
    metadata[key] = typeof value === 'string' ? clip(value, METADATA_MAX_VALUE_CHARS) : value;
  }
  return metadata;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Points without float noise: 40, 12.5, 33.33. */
function formatPoints(points: number): string {
  return String(Math.round(points * 100) / 100);
}

/** ISO 8601 UTC with seconds precision, e.g. 2026-03-02T09:00:00Z. */
function isoUtc(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
