import type { Report, ReportCriterion, ReportTimelineEntry, SharedReport } from '@assay/contracts';
import { GradingResultSchema, type GradingResult } from '../grading/index.js';
import {
  ReportLimits,
  histogramOf,
  percentileOf,
  round2,
  scaleCriteria,
  trimMessage,
} from './reports.policy.js';
import type {
  NoteRow,
  OverrideRow,
  ReportAttemptRow,
  ReportEventRow,
  ReportGradingRow,
  ReportInvitationRow,
} from './reports.repository.js';
import type { ReportShareLinksTable } from '../../db/schema/gradings.table.js';

/** Everything a report is built from (one read of each table). */
export interface ReportRows {
  invitation: ReportInvitationRow;
  attempt: ReportAttemptRow | undefined;
  gradings: ReportGradingRow[];
  events: ReportEventRow[];
  notes: NoteRow[];
  overrides: OverrideRow[];
  shareLinks: ReportShareLinksTable[];
  versionScores: number[];
  url: string;
}

const UNKNOWN_USER = 'Former member';

/** The stored result of a grading row (null when missing or unreadable: shown as no criteria). */
export function parseResult(row: ReportGradingRow | undefined): GradingResult | null {
  if (!row?.result) return null;
  try {
    const parsed = GradingResultSchema.safeParse(JSON.parse(row.result));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The latest run that finished graded (its scores stay visible while a re-grade runs). */
export function latestGraded(gradings: readonly ReportGradingRow[]): ReportGradingRow | undefined {
  return [...gradings].reverse().find((g) => g.status === 'graded');
}

/** Criteria with points scaled to 100 and overrides applied, and the totals. */
export function presentCriteria(
  result: GradingResult | null,
  overrides: readonly OverrideRow[],
): { criteria: ReportCriterion[]; automaticTotal: number; total: number } {
  if (!result) return { criteria: [], automaticTotal: 0, total: 0 };
  const byId = new Map(overrides.map((o) => [o.criterion_id, o]));
  const scaled = scaleCriteria(result.criteria, new Map(overrides.map((o) => [o.criterion_id, o.points])));
  const criteria = result.criteria.map((c, index): ReportCriterion => {
    const s = scaled.criteria[index];
    const override = byId.get(c.id);
    return {
      id: c.id,
      name: c.name,
      description: c.description,
      weight: c.weight,
      automaticPoints: round2(s?.automaticPoints ?? 0),
      override: override
        ? {
            points: override.points,
            reason: override.reason,
            by: override.user_name ?? UNKNOWN_USER,
            at: override.created_at,
          }
        : null,
      points: round2(s?.points ?? 0),
      maxPoints: round2(s?.maxPoints ?? 0),
      passed: c.passed,
      failed: c.failed.map((f) => ({ test: f.test, message: trimMessage(f.message) })),
    };
  });
  return { criteria, automaticTotal: scaled.automaticTotal, total: scaled.total };
}

function parseData(data: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(data);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const short = (value: unknown) => (typeof value === 'string' ? value.slice(0, 7) : null);
const text = (value: unknown) => (typeof value === 'string' ? value.slice(0, 200) : null);

function eventSummary(event: ReportEventRow): string {
  const data = parseData(event.data);
  const commit = short(data.commit ?? data.after ?? data.headCommit);
  const files = typeof data.files === 'number' ? ` (${String(data.files)} files)` : '';
  switch (event.kind) {
    case 'commit':
      return commit ? `Saved commit ${commit}${files}` : `Saved${files}`;
    case 'push':
      return commit ? `Pushed ${commit}` : 'Pushed';
    case 'push_refused':
      return `Push refused${text(data.reason) ? `: ${String(text(data.reason))}` : ''}`;
    case 'run': {
      const verdict = text(data.verdict);
      return verdict ? `Ran the tests: ${verdict}` : 'Ran the tests';
    }
    case 'resumed':
      return 'Resumed on another device or tab';
    default:
      return event.kind.replace('_', ' ');
  }
}

/** The merged timeline, oldest first. */
export function presentTimeline(rows: ReportRows, criterionNames: ReadonlyMap<string, string>) {
  const { invitation: inv } = rows;
  const entries: ReportTimelineEntry[] = [];
  const add = (at: string | null, kind: ReportTimelineEntry['kind'], summary: string) => {
    if (at) entries.push({ at, kind, summary });
  };
  add(inv.created_at, 'invited', `Invited to ${inv.test_name}`);
  add(inv.sent_at, 'sent', 'Invitation email sent');
  add(inv.opened_at, 'opened', 'Opened the invitation');
  add(inv.started_at ?? rows.attempt?.started_at ?? null, 'started', 'Started the test');
  // Attempt events: saves, pushes and runs (start, submission and grading come from their rows).
  for (const event of rows.events) {
    if (['started', 'submitted', 'graded', 'grading_failed'].includes(event.kind)) continue;
    add(event.at, event.kind, eventSummary(event));
  }
  const submittedAt = inv.submitted_at ?? rows.attempt?.submitted_at ?? null;
  const reason = rows.attempt?.submit_reason === 'deadline' ? ' (automatically at the deadline)' : '';
  const commit = rows.attempt?.submitted_commit
    ? `, commit ${rows.attempt.submitted_commit.slice(0, 7)}`
    : '';
  add(submittedAt, 'submitted', `Submitted${reason}${commit}`);
  for (const g of rows.gradings) {
    if (g.number > 1) add(g.created_at, 'regrade', `Re-grade #${String(g.number - 1)} requested`);
    if (g.status === 'graded') add(g.finished_at, 'graded', `Graded: ${String(g.score ?? 0)} / 100`);
    if (g.status === 'failed') add(g.finished_at, 'grading_failed', 'Grading failed');
  }
  if (rows.gradings.length === 0) add(inv.graded_at, 'graded', `Graded: ${String(inv.score ?? 0)} / 100`);
  add(inv.expired_at, 'expired', 'The invitation expired');
  add(inv.cancelled_at, 'cancelled', 'The invitation was cancelled');
  for (const note of rows.notes) add(note.created_at, 'note', `Note by ${note.user_name ?? UNKNOWN_USER}`);
  for (const o of rows.overrides) {
    const name = criterionNames.get(o.criterion_id) ?? o.criterion_id;
    add(
      o.created_at,
      'override',
      `${o.user_name ?? UNKNOWN_USER} set "${name}" to ${String(o.points)} points: ${trimMessage(o.reason, 200) ?? ''}`,
    );
  }
  // Stable: same instant keeps the insertion order above (the story's order).
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => (a.entry.at < b.entry.at ? -1 : a.entry.at > b.entry.at ? 1 : a.index - b.index))
    .map((e) => e.entry);
}

function minutesBetween(from: string | null, to: string | null): number | null {
  if (!from || !to) return null;
  return Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 60_000));
}

/** The staff report. */
export function presentReport(rows: ReportRows): Report {
  const { invitation: inv, attempt, gradings } = rows;
  const latest = gradings.at(-1);
  const graded = latestGraded(gradings);
  const result = parseResult(graded);
  const { criteria, total } = presentCriteria(result, rows.overrides);
  const automaticScore = graded ? (graded.score ?? presentCriteria(result, []).automaticTotal) : null;
  const score = graded ? (rows.overrides.length > 0 ? total : automaticScore) : null;
  const startedAt = inv.started_at ?? attempt?.started_at ?? null;
  const submittedAt = inv.submitted_at ?? attempt?.submitted_at ?? null;
  const language =
    attempt?.language ??
    (result?.kind === 'project'
      ? result.language
      : (result?.problems.map((p) => p.language).find((l) => l !== null) ?? null));
  const names = new Map(criteria.map((c) => [c.id, c.name]));
  return {
    invitationId: inv.id,
    organizationId: inv.organization_id,
    organizationName: inv.organization_name,
    candidate: { id: inv.candidate_id, name: inv.candidate_name, email: inv.candidate_email },
    test: { id: inv.test_id, versionId: inv.test_version_id, name: inv.test_name, kind: inv.test_kind },
    status: inv.status,
    language,
    startedAt,
    submittedAt,
    timeUsedMinutes: minutesBetween(startedAt, submittedAt),
    timeAllowedMinutes: inv.time_limit_minutes + inv.extra_time_minutes + inv.time_extension_minutes,
    submittedCommit: attempt?.submitted_commit ?? null,
    grading: latest
      ? {
          status: latest.status,
          number: latest.number,
          automaticScore,
          score,
          gradedAt: graded?.finished_at ?? null,
          error: latest.status === 'failed' ? latest.error : null,
          log:
            latest.log.length > ReportLimits.maxLogChars
              ? `${latest.log.slice(0, ReportLimits.maxLogChars)}\n… (log cut at ${String(ReportLimits.maxLogChars / 1024)} KiB)`
              : latest.log,
        }
      : null,
    criteria,
    percentile: percentileOf(score, rows.versionScores),
    histogram: histogramOf(rows.versionScores),
    gradedCount: rows.versionScores.length,
    timeline: presentTimeline(rows, names),
    notes: rows.notes.map((n) => ({
      id: n.id,
      body: n.body,
      by: n.user_name ?? UNKNOWN_USER,
      at: n.created_at,
    })),
    shareLinks: rows.shareLinks.map((l) => ({
      id: l.id,
      expiresAt: l.expires_at,
      createdAt: l.created_at,
      revokedAt: l.revoked_at,
    })),
    url: rows.url,
  };
}

/** What a share-link holder sees: no email, log, error, notes or share links. */
export function presentSharedReport(report: Report, expiresAt: string): SharedReport {
  const { notes: _notes, shareLinks: _links, candidate, grading, timeline, ...rest } = report;
  return {
    ...rest,
    candidate: { name: candidate.name },
    grading: grading
      ? {
          status: grading.status,
          number: grading.number,
          automaticScore: grading.automaticScore,
          score: grading.score,
          gradedAt: grading.gradedAt,
        }
      : null,
    timeline: timeline.filter((e) => e.kind !== 'note'),
    expiresAt,
  };
}
