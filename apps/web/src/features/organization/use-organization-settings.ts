import { OrganizationSettingsSchema, type UpdateOrganizationSettingsBody } from '@assay/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api-client.js';
import { sessionQueryKey } from '../identity/use-session.js';

const settingsKey = (orgId: string) => ['orgs', orgId, 'settings'] as const;

/** The organization's name, slug and branding. */
export function useOrganizationSettings(orgId: string) {
  return useQuery({
    queryKey: settingsKey(orgId),
    queryFn: () => api.get(`/api/orgs/${orgId}/settings`, OrganizationSettingsSchema),
  });
}

/** Save name / logo / accent color (admins). */
export function useUpdateOrganizationSettings(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateOrganizationSettingsBody) =>
      api.patch(`/api/orgs/${orgId}/settings`, OrganizationSettingsSchema, body),
    onSuccess: async (settings) => {
      queryClient.setQueryData(settingsKey(orgId), settings);
      // The name appears in the session's memberships (header, switcher).
      await queryClient.invalidateQueries({ queryKey: sessionQueryKey });
    },
  });
}
