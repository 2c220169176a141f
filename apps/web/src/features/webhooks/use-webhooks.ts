import {
  CreatedWebhookEndpointSchema,
  RotatedWebhookSecretSchema,
  WebhookDeliveryListSchema,
  WebhookDeliverySchema,
  WebhookEndpointListSchema,
  WebhookEndpointSchema,
  type CreateWebhookBody,
  type UpdateWebhookBody,
} from '@assay/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api-client.js';

const webhooksKey = (orgId: string, ...rest: unknown[]) => ['orgs', orgId, 'webhooks', ...rest] as const;

export function useWebhookEndpoints(orgId: string) {
  return useQuery({
    queryKey: webhooksKey(orgId),
    queryFn: () => api.get(`/api/orgs/${orgId}/webhooks`, WebhookEndpointListSchema),
  });
}

export function useWebhookDeliveries(orgId: string, endpointId: string | null) {
  return useQuery({
    queryKey: webhooksKey(orgId, endpointId, 'deliveries'),
    queryFn: () =>
      api.get(`/api/orgs/${orgId}/webhooks/${endpointId ?? ''}/deliveries`, WebhookDeliveryListSchema),
    enabled: endpointId !== null,
  });
}

/** Every webhook mutation; each refreshes the endpoint list and delivery logs. */
export function useWebhookActions(orgId: string) {
  const queryClient = useQueryClient();
  const onSuccess = () => queryClient.invalidateQueries({ queryKey: webhooksKey(orgId) });
  const base = `/api/orgs/${orgId}/webhooks`;
  return {
    create: useMutation({
      mutationFn: (body: CreateWebhookBody) => api.post(base, CreatedWebhookEndpointSchema, body),
      onSuccess,
    }),
    update: useMutation({
      mutationFn: ({ id, body }: { id: string; body: UpdateWebhookBody }) =>
        api.patch(`${base}/${id}`, WebhookEndpointSchema, body),
      onSuccess,
    }),
    remove: useMutation({ mutationFn: (id: string) => api.delete(`${base}/${id}`), onSuccess }),
    rotate: useMutation({
      mutationFn: (id: string) => api.post(`${base}/${id}/rotate-secret`, RotatedWebhookSecretSchema, {}),
      onSuccess,
    }),
    test: useMutation({
      mutationFn: (id: string) => api.post(`${base}/${id}/test`, WebhookDeliverySchema, {}),
      onSuccess,
    }),
    retry: useMutation({
      mutationFn: (deliveryId: string) =>
        api.post(`${base}/deliveries/${deliveryId}/retry`, WebhookDeliverySchema, {}),
      onSuccess,
    }),
  };
}
