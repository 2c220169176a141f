import { SessionResponseSchema, type MembershipSummary, type SessionResponse } from '@assay/contracts';
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api-client.js';

export const sessionQueryKey = ['session'] as const;

/** The current session (`GET /api/session`): user, memberships, CSRF token, setup state. */
export function useSession() {
  return useQuery({
    queryKey: sessionQueryKey,
    queryFn: () => api.get('/api/session', SessionResponseSchema),
    staleTime: 60_000,
  });
}

/**
 * After login, logout, setup, re-auth or an organization switch: store the new session
 * and drop every other cached query (it may belong to another user or organization).
 */
export function applySession(queryClient: QueryClient, session: SessionResponse): void {
  api.setCsrfToken(session.csrfToken);
  queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== sessionQueryKey[0] });
  queryClient.setQueryData(sessionQueryKey, session);
}

/** The signed-in user's session; only inside the app frame (which guarantees a user). */
export function useSignedInSession(): {
  session: SessionResponse;
  user: NonNullable<SessionResponse['user']>;
  membership: MembershipSummary | null;
} {
  const { data } = useSession();
  if (!data?.user) throw new Error('useSignedInSession used outside the signed-in frame');
  const membership =
    data.memberships.find((m) => m.organizationId === data.currentOrganizationId) ??
    data.memberships[0] ??
    null;
  return { session: data, user: data.user, membership };
}

/** The current organization's id; the frame only renders when there is one. */
export function useOrgId(): string {
  const { membership } = useSignedInSession();
  if (!membership) throw new Error('no current organization');
  return membership.organizationId;
}

/** Convenience for components that need to refresh the session after a change. */
export function useApplySession(): (session: SessionResponse) => void {
  const queryClient = useQueryClient();
  return (session) => applySession(queryClient, session);
}
