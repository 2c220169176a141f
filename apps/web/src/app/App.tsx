import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { RouterProvider } from 'react-router-dom';
import { createQueryClient } from '../lib/query-client.js';
import { ReauthProvider } from '../features/identity/ReauthDialog.js';
import { sessionQueryKey } from '../features/identity/use-session.js';
import { router } from './router.js';
import { theme } from './theme.js';

/** Providers (theme, data, notifications, re-auth) around the router. */
export function App() {
  const [queryClient] = useState(() => {
    const client = createQueryClient({
      onUnauthenticated: () => void client.invalidateQueries({ queryKey: sessionQueryKey }),
    });
    return client;
  });
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto">
      <Notifications position="bottom-right" />
      <QueryClientProvider client={queryClient}>
        <ReauthProvider>
          <RouterProvider router={router} />
        </ReauthProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
