import {
  MemberInvitationListSchema,
  MemberInvitationSchema,
  MemberListSchema,
  MemberSchema,
  type InviteMemberBody,
  type Role,
} from '@assay/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api-client.js';

const membersKey = (orgId: string) => ['orgs', orgId, 'members'] as const;
const invitationsKey = (orgId: string) => ['orgs', orgId, 'member-invitations'] as const;

/** Members of the organization with their roles. */
export function useMembers(orgId: string) {
  return useQuery({
    queryKey: membersKey(orgId),
    queryFn: () => api.get(`/api/orgs/${orgId}/members`, MemberListSchema),
  });
}

/** Pending team invitations (admins only). */
export function useMemberInvitations(orgId: string, enabled: boolean) {
  return useQuery({
    queryKey: invitationsKey(orgId),
    queryFn: () => api.get(`/api/orgs/${orgId}/member-invitations`, MemberInvitationListSchema),
    enabled,
  });
}

/** Invite a teammate by email (the invitation mail is sent by the server). */
export function useInviteMember(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: InviteMemberBody) =>
      api.post(`/api/orgs/${orgId}/member-invitations`, MemberInvitationSchema, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: invitationsKey(orgId) }),
  });
}

/** Cancel a pending invitation. */
export function useRevokeMemberInvitation(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (invitationId: string) => api.delete(`/api/orgs/${orgId}/member-invitations/${invitationId}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: invitationsKey(orgId) }),
  });
}

/** Change a member's role (to or from owner needs an owner and a fresh re-auth). */
export function useChangeMemberRole(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: Role }) =>
      api.patch(`/api/orgs/${orgId}/members/${userId}`, MemberSchema, { role }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: membersKey(orgId) }),
  });
}

/** Remove a member from the organization. */
export function useRemoveMember(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => api.delete(`/api/orgs/${orgId}/members/${userId}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: membersKey(orgId) }),
  });
}
