import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './api-error.js';

/** One React Query client: no retries on 4xx (they will not change), a short retry on network/5xx. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        refetchOnWindowFocus: false,
        retry: (count, err) =>
          !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2,
      },
      mutations: { retry: false },
    },
  });
}
