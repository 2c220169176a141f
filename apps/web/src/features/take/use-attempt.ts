import type { SubmissionReceipt } from '@assay/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { candidateApi } from './candidate-api.js';

/** The attempt state refreshes this often: clock, extensions, pushes, submission, feedback. */
export const STATE_POLL_MS = 5_000;

export const attemptStateKey = (attemptId: string) => ['candidate', 'attempt', attemptId] as const;

/** The landing data for an invitation token (the POST marks the invitation opened; starts nothing). */
export function useInvitationLanding(token: string | null) {
  return useQuery({
    queryKey: ['candidate', 'landing', token],
    queryFn: () => candidateApi.landing(token ?? ''),
    enabled: token !== null,
    staleTime: Infinity,
    retry: false,
  });
}

/** Start (or resume) the attempt: the answer sets the attempt cookie. */
export function useStartAttempt() {
  return useMutation({ mutationFn: (token: string) => candidateApi.start(token) });
}

/** The attempt, polled every 5 s (in the background too: the clock and extensions must follow). */
export function useAttemptState(attemptId: string) {
  return useQuery({
    queryKey: attemptStateKey(attemptId),
    queryFn: () => candidateApi.state(attemptId),
    // After submission only the feedback is awaited: stop once it is there or grading ended.
    refetchInterval: (query) => {
      const data = query.state.data;
      if (!data || data.status !== 'submitted') return STATE_POLL_MS;
      return data.submission?.feedback || data.invitationStatus !== 'submitted' ? false : STATE_POLL_MS;
    },
    refetchIntervalInBackground: true,
    staleTime: 0,
  });
}

export function useSubmitAttempt(attemptId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => candidateApi.submit(attemptId),
    onSuccess: (receipt) => {
      rememberReceipt(receipt);
      return queryClient.invalidateQueries({ queryKey: attemptStateKey(attemptId) });
    },
  });
}

const receiptKey = (attemptId: string) => `assay.attempt.${attemptId}.receipt`;

/** The receipt is kept so a reload of the submitted page still shows the number of files. */
export function rememberReceipt(receipt: SubmissionReceipt): void {
  try {
    localStorage.setItem(receiptKey(receipt.attemptId), JSON.stringify(receipt));
  } catch {
    // Not essential.
  }
}

export function readReceipt(attemptId: string): SubmissionReceipt | null {
  try {
    const raw = localStorage.getItem(receiptKey(attemptId));
    return raw ? (JSON.parse(raw) as SubmissionReceipt) : null;
  } catch {
    return null;
  }
}
