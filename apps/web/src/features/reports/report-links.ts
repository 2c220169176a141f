import type { InvitationStatus } from '@assay/contracts';

/** The permanent, in-app URL of an invitation's report. */
export function reportPath(invitationId: string): string {
  return `/reports/${encodeURIComponent(invitationId)}`;
}

/** Statuses whose report has something to show (the attempt started); lists link to it. */
const withReport: ReadonlySet<InvitationStatus> = new Set<InvitationStatus>([
  'started',
  'submitted',
  'graded',
  'grading_failed',
]);

/** True when lists should link to the report of an invitation in this status. */
export function hasReport(status: InvitationStatus): boolean {
  return withReport.has(status);
}
