import { ApiTokenListSchema, CreatedApiTokenSchema, type CreateApiTokenBody } from '@assay/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api-client.js';

const tokensKey = (orgId: string) => ['orgs', orgId, 'api-tokens'] as const;

/** The signed-in user's API tokens in this organization. */
export function useApiTokens(orgId: string) {
  return useQuery({
    queryKey: tokensKey(orgId),
    queryFn: () => api.get(`/api/orgs/${orgId}/api-tokens`, ApiTokenListSchema),
  });
}

/** Create a token (the client asks for the password again when the re-auth window has passed). */
export function useCreateApiToken(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateApiTokenBody) =>
      api.post(`/api/orgs/${orgId}/api-tokens`, CreatedApiTokenSchema, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokensKey(orgId) }),
  });
}

/** Revoke a token: it stops working on the next request. */
export function useRevokeApiToken(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (tokenId: string) => api.delete(`/api/orgs/${orgId}/api-tokens/${tokenId}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokensKey(orgId) }),
  });
}
