import {
  ActivitiesPageSchema,
  BulkInviteResultSchema,
  InvitationSchema,
  type ActivitiesQuery,
  type BulkInviteBody,
  type CreateInvitationBody,
  type ExtendTimeBody,
  type ExtendValidityBody,
  type ReinviteBody,
} from '@assay/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api-client.js';

/** Every cached list an invitation appears in (Activities, candidates), for invalidation. */
export const activitiesKey = (orgId: string) => ['orgs', orgId, 'activities'] as const;
export const candidatesKey = (orgId: string) => ['orgs', orgId, 'candidates'] as const;

/** How often open lists refresh while the tab is visible (statuses change server-side). */
export const POLL_MS = 5_000;

/** Query-string form of the Activities filters (status as a comma list, as the API accepts). */
export function activitiesSearch(
  query: Partial<ActivitiesQuery>,
): Record<string, string | number | undefined> {
  return {
    status: query.status && query.status.length > 0 ? query.status.join(',') : undefined,
    testId: query.testId,
    from: query.from,
    to: query.to,
    q: query.q,
    sort: query.sort,
    order: query.order,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** One page of Activities; refreshes every few seconds while the tab is visible. */
export function useActivities(orgId: string, query: Partial<ActivitiesQuery>) {
  return useQuery({
    queryKey: [...activitiesKey(orgId), query],
    queryFn: () => api.get(`/api/orgs/${orgId}/activities`, ActivitiesPageSchema, activitiesSearch(query)),
    placeholderData: keepPreviousData,
    refetchInterval: POLL_MS,
    // React Query pauses the interval while the tab is hidden (stated here, as it is the point).
    refetchIntervalInBackground: false,
  });
}

function useInvalidateInvitations(orgId: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: activitiesKey(orgId) }),
      queryClient.invalidateQueries({ queryKey: candidatesKey(orgId) }),
    ]);
}

/** Invite one candidate (409 invitations.duplicate asks for `confirmDuplicate: true`). */
export function useCreateInvitation(orgId: string) {
  const invalidate = useInvalidateInvitations(orgId);
  return useMutation({
    mutationFn: (body: CreateInvitationBody) =>
      api.post(`/api/orgs/${orgId}/invitations`, InvitationSchema, body),
    onSuccess: invalidate,
  });
}

/** Invite every row of a CSV file; the answer reports each row by its line number. */
export function useBulkInvite(orgId: string) {
  const invalidate = useInvalidateInvitations(orgId);
  return useMutation({
    mutationFn: (body: BulkInviteBody) =>
      api.post(`/api/orgs/${orgId}/invitations/bulk`, BulkInviteResultSchema, body),
    onSuccess: invalidate,
  });
}

/** A row action on an invitation, by name, with its body. */
export type InvitationAction =
  | { kind: 'cancel' }
  | { kind: 'extend-time'; body: ExtendTimeBody }
  | { kind: 'extend-validity'; body: ExtendValidityBody }
  | { kind: 'resend' }
  | { kind: 'reinvite'; body: ReinviteBody };

/** Cancel, extend time or validity, resend or re-invite. */
export function useInvitationAction(orgId: string) {
  const invalidate = useInvalidateInvitations(orgId);
  return useMutation({
    mutationFn: ({ invitationId, action }: { invitationId: string; action: InvitationAction }) =>
      api.post(
        `/api/orgs/${orgId}/invitations/${invitationId}/${action.kind}`,
        InvitationSchema,
        'body' in action ? action.body : {},
      ),
    onSuccess: invalidate,
  });
}
