import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from './api-error.js';

function isUnauthenticated(err: unknown): boolean {
  return err instanceof ApiError && err.code === 'auth.unauthenticated';
}

/**
 * One React Query client: no retries on 4xx (they will not change), a short retry on
 * network/5xx. When any call answers `auth.unauthenticated` (the session expired or was
 * ended elsewhere), `onUnauthenticated` runs so the app can re-read the session and send
 * the user to sign in.
 */
export function createQueryClient(options: { onUnauthenticated: () => void }): QueryClient {
  const onError = (err: unknown) => {
    if (isUnauthenticated(err)) options.onUnauthenticated();
  };
  return new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
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
