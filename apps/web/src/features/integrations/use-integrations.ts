import {
  IntegrationDeliveryListSchema,
  IntegrationDeliverySchema,
  IntegrationErrorListSchema,
  IntegrationListSchema,
  IntegrationSchema,
  IssuedIntegrationKeySchema,
  ReauthResponseSchema,
  type IntegrationCredentialsBody,
  type IntegrationDeliveryStatus,
  type IntegrationProvider,
} from '@assay/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api-client.js';
import { sessionQueryKey } from '../identity/use-session.js';

/** While a card waits for the ATS, the list is polled this often so "Connected" shows within seconds. */
export const INTEGRATIONS_POLL_MS = 3_000;

const integrationsKey = (orgId: string, ...rest: unknown[]) =>
  ['orgs', orgId, 'integrations', ...rest] as const;

/** The SmartRecruiters and Greenhouse cards; polled while one is waiting or activating. */
export function useIntegrations(orgId: string) {
  return useQuery({
    queryKey: integrationsKey(orgId, 'list'),
    queryFn: () => api.get(`/api/orgs/${orgId}/integrations`, IntegrationListSchema),
    refetchInterval: (query) =>
      query.state.data?.items.some((i) => i.state === 'waiting' || i.state === 'activating')
        ? INTEGRATIONS_POLL_MS
        : false,
  });
}

export interface DeliveriesFilter {
  provider?: IntegrationProvider;
  status?: IntegrationDeliveryStatus;
  page: number;
  pageSize: number;
}

/** One page of outbound deliveries (result PATCHes, notes, completion calls), newest first. */
export function useIntegrationDeliveries(orgId: string, filter: DeliveriesFilter, enabled = true) {
  return useQuery({
    queryKey: integrationsKey(orgId, 'deliveries', filter),
    queryFn: () =>
      api.get(`/api/orgs/${orgId}/integrations/deliveries`, IntegrationDeliveryListSchema, {
        provider: filter.provider,
        status: filter.status,
        page: filter.page,
        pageSize: filter.pageSize,
      }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** Error reports the partners sent us (Greenhouse `response_error`). */
export function useIntegrationErrors(orgId: string) {
  return useQuery({
    queryKey: integrationsKey(orgId, 'errors'),
    queryFn: () => api.get(`/api/orgs/${orgId}/integrations/errors`, IntegrationErrorListSchema),
  });
}

/**
 * Confirm the password (`POST /api/session/reauth`). Key issuing always asks, even inside the
 * re-auth window; the session rotates, so the new CSRF token is kept for the next request.
 */
export function useConfirmPassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (password: string) => api.post('/api/session/reauth', ReauthResponseSchema, { password }),
    onSuccess: (session) => {
      api.setCsrfToken(session.csrfToken);
      queryClient.setQueryData(sessionQueryKey, session);
    },
  });
}

/** Every integration mutation; each refreshes the cards, deliveries and error reports. */
export function useIntegrationActions(orgId: string) {
  const queryClient = useQueryClient();
  const onSuccess = () => queryClient.invalidateQueries({ queryKey: integrationsKey(orgId) });
  const base = `/api/orgs/${orgId}/integrations`;
  return {
    /** A new key, shown once (SmartRecruiters: replaces the old one; Greenhouse: adds one). */
    issueKey: useMutation({
      mutationFn: (provider: IntegrationProvider) =>
        api.post(`${base}/${provider}/keys`, IssuedIntegrationKeySchema, {}),
      onSuccess,
    }),
    revokeKey: useMutation({
      mutationFn: ({ provider, keyId }: { provider: IntegrationProvider; keyId: string }) =>
        api.delete(`${base}/${provider}/keys/${encodeURIComponent(keyId)}`),
      onSuccess,
    }),
    /** The Greenhouse completion credential (sealed server-side). */
    saveCredentials: useMutation({
      mutationFn: ({ provider, body }: { provider: IntegrationProvider; body: IntegrationCredentialsBody }) =>
        api.put(`${base}/${provider}/credentials`, IntegrationSchema, body),
      onSuccess,
    }),
    disconnect: useMutation({
      mutationFn: (provider: IntegrationProvider) => api.delete(`${base}/${provider}`),
      onSuccess,
    }),
    retryDelivery: useMutation({
      mutationFn: (deliveryId: string) =>
        api.post(`${base}/deliveries/${encodeURIComponent(deliveryId)}/retry`, IntegrationDeliverySchema, {}),
      onSuccess,
    }),
  };
}
