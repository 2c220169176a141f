import {
  AcceptedResponseSchema,
  MemberInvitationPreviewSchema,
  SessionResponseSchema,
  type AcceptMemberInvitationBody,
  type ChangeEmailBody,
  type ChangePasswordBody,
  type LoginBody,
  type PasswordResetConfirmBody,
  type PasswordResetRequestBody,
  type SetupBody,
} from '@assay/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, noContent } from '../../lib/api-client.js';
import { applySession } from './use-session.js';

/** A mutation whose answer is the new session (setup, login, accept, email change, org switch). */
function useSessionMutation<B>(path: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: B) => api.post(path, SessionResponseSchema, body),
    onSuccess: (session) => applySession(queryClient, session),
  });
}

/** First-run setup: the organization and its owner. */
export const useSetup = () => useSessionMutation<SetupBody>('/api/setup');
/** Sign in with email + password. */
export const useLogin = () => useSessionMutation<LoginBody>('/api/session/login');
/** Accept a team invitation (new user: name + password; existing user: password). */
export const useAcceptMemberInvitation = () =>
  useSessionMutation<AcceptMemberInvitationBody>('/api/member-invitations/accept');
/** Change the account's email (re-auth required). */
export const useChangeEmail = () => useSessionMutation<ChangeEmailBody>('/api/account/email');
/** Work in another organization. */
export const useSwitchOrganization = () =>
  useSessionMutation<{ organizationId: string }>('/api/session/switch-organization');

/**
 * Sign out. A full page load to the sign-in page follows: it drops every cached query and
 * in-memory state of the previous user at once (and no page can flash signed-out data).
 */
export function useLogout() {
  return useMutation({
    mutationFn: () => api.post('/api/session/logout', noContent, {}),
    onSuccess: () => {
      api.setCsrfToken(null);
      window.location.assign('/login');
    },
  });
}

/** Ask for a password reset mail (same answer whether or not the email exists). */
export const useRequestPasswordReset = () =>
  useMutation({
    mutationFn: (body: PasswordResetRequestBody) =>
      api.post('/api/password-reset/request', AcceptedResponseSchema, body),
  });

/** Set a new password from the reset link. */
export const useConfirmPasswordReset = () =>
  useMutation({
    mutationFn: (body: PasswordResetConfirmBody) => api.post('/api/password-reset/confirm', noContent, body),
  });

/** Change the password (needs the current one; other sessions end). */
export const useChangePassword = () =>
  useMutation({
    mutationFn: (body: ChangePasswordBody) => api.post('/api/account/password', noContent, body),
  });

/** What a team invitation token is for (a POST, so the token never appears in a URL). */
export const useMemberInvitationPreview = (token: string | null) =>
  useQuery({
    queryKey: ['member-invitation-preview', token],
    queryFn: () => api.post('/api/member-invitations/lookup', MemberInvitationPreviewSchema, { token }),
    enabled: token !== null,
    staleTime: Infinity,
  });
