import {
  AuditEventListSchema,
  FailedJobListSchema,
  MailDetailSchema,
  MailLogSchema,
  type MailStatus,
} from '@assay/contracts';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, noContent } from '../../lib/api-client.js';

const adminKey = (orgId: string, ...rest: unknown[]) => ['orgs', orgId, 'admin', ...rest] as const;

/** Settings → Mail log, newest first, page by page. */
export function useMailLog(orgId: string, status: MailStatus | undefined) {
  return useInfiniteQuery({
    queryKey: adminKey(orgId, 'mails', status ?? 'all'),
    queryFn: ({ pageParam }) =>
      api.get(`/api/orgs/${orgId}/admin/mails`, MailLogSchema, { status, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** One mail with its bodies (embedded installs: where admins find links that were "sent"). */
export function useMailDetail(orgId: string, mailId: string | null) {
  return useQuery({
    queryKey: adminKey(orgId, 'mail', mailId),
    queryFn: () => api.get(`/api/orgs/${orgId}/admin/mails/${mailId ?? ''}`, MailDetailSchema),
    enabled: mailId !== null,
  });
}

/** Settings → Audit log, newest first, optionally filtered by action. */
export function useAuditEvents(orgId: string, action: string | undefined) {
  return useInfiniteQuery({
    queryKey: adminKey(orgId, 'audit-events', action ?? ''),
    queryFn: ({ pageParam }) =>
      api.get(`/api/orgs/${orgId}/admin/audit-events`, AuditEventListSchema, { action, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** Settings → Failed jobs: jobs that exhausted their retries. */
export function useFailedJobs(orgId: string) {
  return useQuery({
    queryKey: adminKey(orgId, 'failed-jobs'),
    queryFn: () => api.get(`/api/orgs/${orgId}/admin/failed-jobs`, FailedJobListSchema),
  });
}

/** Put a dead job back in the queue (same payload, same message id). */
export function useRetryFailedJob(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (jobId: string) =>
      api.post(`/api/orgs/${orgId}/admin/failed-jobs/${jobId}/retry`, noContent, {}),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminKey(orgId, 'failed-jobs') }),
  });
}
