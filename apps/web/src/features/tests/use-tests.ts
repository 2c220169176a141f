import {
  TestListSchema,
  TestSchema,
  type CreateTestBody,
  type TestStatus,
  type UpdateTestBody,
} from '@assay/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api-client.js';

const testsKey = (orgId: string) => ['orgs', orgId, 'tests'] as const;

/** The organization's tests, optionally by status. */
export function useTests(orgId: string, status?: TestStatus) {
  return useQuery({
    queryKey: [...testsKey(orgId), 'list', status ?? 'all'],
    queryFn: () => api.get(`/api/orgs/${orgId}/tests`, TestListSchema, { status }),
  });
}

/** One test (its draft, with the published version number). */
export function useTest(orgId: string, testId: string | undefined) {
  return useQuery({
    queryKey: [...testsKey(orgId), 'detail', testId],
    queryFn: () => api.get(`/api/orgs/${orgId}/tests/${testId ?? ''}`, TestSchema),
    enabled: testId !== undefined,
  });
}

/** Create a draft test. */
export function useCreateTest(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateTestBody) => api.post(`/api/orgs/${orgId}/tests`, TestSchema, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: testsKey(orgId) }),
  });
}

/** Edit a test's draft (a published test keeps serving its published version until the next publish). */
export function useUpdateTest(orgId: string, testId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateTestBody) => api.patch(`/api/orgs/${orgId}/tests/${testId}`, TestSchema, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: testsKey(orgId) }),
  });
}

/** The lifecycle actions of a test; `duplicate` answers the new draft. */
export type TestAction = 'publish' | 'archive' | 'unarchive' | 'duplicate';

/** Publish, archive, unarchive or duplicate a test. */
export function useTestAction(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ testId, action }: { testId: string; action: TestAction }) =>
      api.post(`/api/orgs/${orgId}/tests/${testId}/${action}`, TestSchema, {}),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: testsKey(orgId) }),
  });
}
