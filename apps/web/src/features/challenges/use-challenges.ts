import {
  ChallengeDetailSchema,
  ChallengeImportResultSchema,
  ChallengeListSchema,
  type ChallengeListQuery,
} from '@assay/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api-client.js';

const challengesKey = (orgId: string) => ['orgs', orgId, 'challenges'] as const;

/** The library: built-in challenges plus the organization's imports, filtered by kind and search. */
export function useChallenges(orgId: string, query: ChallengeListQuery = {}) {
  return useQuery({
    queryKey: [...challengesKey(orgId), 'list', query],
    queryFn: () => api.get(`/api/orgs/${orgId}/challenges`, ChallengeListSchema, { kind: query.kind, q: query.q }),
    placeholderData: keepPreviousData,
  });
}

/** One challenge with its latest statement and every version. */
export function useChallenge(orgId: string, challengeId: string) {
  return useQuery({
    queryKey: [...challengesKey(orgId), 'detail', challengeId],
    queryFn: () => api.get(`/api/orgs/${orgId}/challenges/${challengeId}`, ChallengeDetailSchema),
  });
}

/** Upload a zip (a challenge.json folder or a Kattis package); 400 names each problem. */
export function useImportChallenge(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (file: File) =>
      api.upload(`/api/orgs/${orgId}/challenges/import`, ChallengeImportResultSchema, file, 'application/zip'),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: challengesKey(orgId) }),
  });
}
