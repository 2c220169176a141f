import { NotificationPreferencesSchema, type NotificationPreferences } from '@assay/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api-client.js';

const preferencesKey = (orgId: string) => ['orgs', orgId, 'notification-preferences'] as const;

/** The signed-in member's notification preferences in this organization. */
export function useNotificationPreferences(orgId: string) {
  return useQuery({
    queryKey: preferencesKey(orgId),
    queryFn: () => api.get(`/api/orgs/${orgId}/notification-preferences`, NotificationPreferencesSchema),
    enabled: orgId !== '',
  });
}

/** Save all preferences at once; the cache shows the new value at once and rolls back on failure. */
export function useSaveNotificationPreferences(orgId: string) {
  const queryClient = useQueryClient();
  const key = preferencesKey(orgId);
  return useMutation({
    mutationFn: (prefs: NotificationPreferences) =>
      api.put(`/api/orgs/${orgId}/notification-preferences`, NotificationPreferencesSchema, prefs),
    onMutate: async (prefs) => {
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<NotificationPreferences>(key);
      queryClient.setQueryData(key, prefs);
      return { previous };
    },
    onError: (_error, _prefs, context) => {
      if (context?.previous) queryClient.setQueryData(key, context.previous);
    },
    onSuccess: (saved) => queryClient.setQueryData(key, saved),
  });
}
