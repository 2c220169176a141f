import {
  CreatedShareLinkSchema,
  ReportCodeSchema,
  ReportFileSchema,
  ReportLocationSchema,
  ReportNoteSchema,
  ReportSchema,
  SharedReportSchema,
  type OverrideCriterionBody,
  type Report,
} from '@assay/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api-client.js';
import { activitiesKey, candidatesKey } from '../invitations/use-invitations.js';

/** How often a report refreshes while its grading is pending or running. */
export const REPORT_POLL_MS = 3_000;
/** How often the report of an attempt in progress refreshes. */
const IN_PROGRESS_POLL_MS = 15_000;

const reportBase = (orgId: string, invitationId: string) =>
  `/api/orgs/${orgId}/reports/${encodeURIComponent(invitationId)}`;
export const reportKey = (orgId: string, invitationId: string) =>
  ['orgs', orgId, 'reports', invitationId] as const;

/** The URL of the server-generated PDF of a report. */
export const reportPdfUrl = (orgId: string, invitationId: string) =>
  `${reportBase(orgId, invitationId)}/report.pdf`;

/**
 * True while the report is waiting for a grading result (submitted but not graded yet, or a
 * re-grade is queued or running): the page polls until it settles.
 */
export function isGradingInProgress(report: {
  status: Report['status'];
  grading: { status: NonNullable<Report['grading']>['status'] } | null;
}): boolean {
  if (report.grading) return report.grading.status === 'pending' || report.grading.status === 'running';
  return report.status === 'submitted';
}

/** Which of my organizations holds this invitation (404 when none). */
export function useReportLocation(invitationId: string) {
  return useQuery({
    queryKey: ['report-location', invitationId],
    queryFn: () => api.get(`/api/reports/${encodeURIComponent(invitationId)}/locate`, ReportLocationSchema),
    staleTime: Infinity,
  });
}

/** The report; polls while grading is pending or running (paused while the tab is hidden). */
export function useReport(orgId: string, invitationId: string, enabled = true) {
  return useQuery({
    queryKey: reportKey(orgId, invitationId),
    queryFn: () => api.get(reportBase(orgId, invitationId), ReportSchema),
    enabled,
    refetchInterval: (query) => {
      const data = query.state.data;
      if (!data) return false;
      if (isGradingInProgress(data)) return REPORT_POLL_MS;
      // An attempt in progress: its timeline grows (saves, pushes), more slowly.
      return data.status === 'started' ? IN_PROGRESS_POLL_MS : false;
    },
    refetchIntervalInBackground: false,
  });
}

/** The submission's file tree and its unified diff against the starter. */
export function useReportCode(orgId: string, invitationId: string, commit: string | null, enabled: boolean) {
  return useQuery({
    queryKey: [...reportKey(orgId, invitationId), 'code', commit],
    queryFn: () => api.get(`${reportBase(orgId, invitationId)}/code`, ReportCodeSchema),
    enabled,
    staleTime: 60_000,
    // The live head of a running attempt moves; a submission does not.
    refetchInterval: (query) =>
      query.state.data && !query.state.data.submitted ? IN_PROGRESS_POLL_MS : false,
    refetchIntervalInBackground: false,
  });
}

/** One file of the submission (and the starter's version of it). */
export function useReportFile(
  orgId: string,
  invitationId: string,
  commit: string | null,
  path: string | null,
) {
  return useQuery({
    queryKey: [...reportKey(orgId, invitationId), 'file', commit, path],
    queryFn: () =>
      api.get(`${reportBase(orgId, invitationId)}/code/file`, ReportFileSchema, { path: path ?? '' }),
    enabled: path !== null,
    staleTime: 60_000,
  });
}

function useReportMutation<B, R>(
  orgId: string,
  invitationId: string,
  run: (body: B) => Promise<R>,
  onDone?: (result: R) => void,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: async (result) => {
      onDone?.(result);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: reportKey(orgId, invitationId), exact: true }),
        queryClient.invalidateQueries({ queryKey: activitiesKey(orgId) }),
        queryClient.invalidateQueries({ queryKey: candidatesKey(orgId) }),
      ]);
    },
  });
}

/** Add a reviewer note. */
export function useAddReportNote(orgId: string, invitationId: string) {
  return useReportMutation(orgId, invitationId, (body: { body: string }) =>
    api.post(`${reportBase(orgId, invitationId)}/notes`, ReportNoteSchema, body),
  );
}

/** Override one criterion's points (points: null removes the override). */
export function useOverrideCriterion(orgId: string, invitationId: string) {
  const queryClient = useQueryClient();
  return useReportMutation(
    orgId,
    invitationId,
    (body: OverrideCriterionBody) =>
      api.post(`${reportBase(orgId, invitationId)}/overrides`, ReportSchema, body),
    (report) => queryClient.setQueryData(reportKey(orgId, invitationId), report),
  );
}

/** Queue a re-grade; the answer is the report with a pending grading (the page then polls). */
export function useRegrade(orgId: string, invitationId: string) {
  const queryClient = useQueryClient();
  return useReportMutation(
    orgId,
    invitationId,
    () => api.post(`${reportBase(orgId, invitationId)}/regrade`, ReportSchema, {}),
    (report) => queryClient.setQueryData(reportKey(orgId, invitationId), report),
  );
}

/** Create a share link (its URL is answered once). */
export function useCreateShareLink(orgId: string, invitationId: string) {
  return useReportMutation(orgId, invitationId, (body: { expiresInDays: number }) =>
    api.post(`${reportBase(orgId, invitationId)}/share-links`, CreatedShareLinkSchema, body),
  );
}

/** Revoke a share link: it stops working at once. */
export function useRevokeShareLink(orgId: string, invitationId: string) {
  return useReportMutation(orgId, invitationId, (linkId: string) =>
    api.delete(`${reportBase(orgId, invitationId)}/share-links/${encodeURIComponent(linkId)}`),
  );
}

/** The read-only report behind a share-link token (POSTed, never in a URL). */
export function useSharedReport(token: string | null) {
  return useQuery({
    queryKey: ['shared-report', token],
    queryFn: () => api.post('/api/shared-report', SharedReportSchema, { token }),
    enabled: token !== null,
    staleTime: Infinity,
  });
}
