import {
  CandidateDetailSchema,
  CandidateListSchema,
  CandidateSchema,
  type CandidateListQuery,
  type LinkAtsBody,
  type UpdateCandidateBody,
} from '@assay/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api-client.js';
import { activitiesKey, candidatesKey, POLL_MS } from '../invitations/use-invitations.js';

/** Candidates, searched by name/email and filtered by tag, page by page. */
export function useCandidates(orgId: string, query: Partial<CandidateListQuery>) {
  return useQuery({
    queryKey: [...candidatesKey(orgId), 'list', query],
    queryFn: () =>
      api.get(`/api/orgs/${orgId}/candidates`, CandidateListSchema, {
        q: query.q,
        tag: query.tag,
        page: query.page,
        pageSize: query.pageSize,
      }),
    placeholderData: keepPreviousData,
  });
}

/**
 * One candidate with every invitation. Polls while something moves on its own: an ATS link
 * being resolved, or invitations in progress.
 */
export function useCandidate(orgId: string, candidateId: string) {
  return useQuery({
    queryKey: [...candidatesKey(orgId), 'detail', candidateId],
    queryFn: () => api.get(`/api/orgs/${orgId}/candidates/${candidateId}`, CandidateDetailSchema),
    refetchInterval: (query) => (query.state.data?.candidate.atsLink.status === 'linking' ? 1_000 : POLL_MS),
  });
}

/** Rename or re-tag a candidate. */
export function useUpdateCandidate(orgId: string, candidateId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateCandidateBody) =>
      api.patch(`/api/orgs/${orgId}/candidates/${candidateId}`, CandidateSchema, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: candidatesKey(orgId) }),
  });
}

/** Paste an ATS profile URL; the server answers `linking` and resolves it in a job. */
export function useLinkAts(orgId: string, candidateId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: LinkAtsBody) =>
      api.post(`/api/orgs/${orgId}/candidates/${candidateId}/ats-link`, CandidateSchema, body),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: candidatesKey(orgId) }),
        queryClient.invalidateQueries({ queryKey: activitiesKey(orgId) }),
      ]),
  });
}
