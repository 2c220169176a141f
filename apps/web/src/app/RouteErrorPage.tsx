import { Button, Center, Code, Stack, Text, Title } from '@mantine/core';
import { useRouteError } from 'react-router-dom';
import { Logo } from './components/LogoMark.js';
import { usePageTitle } from './use-page-title.js';

/** Shown when a page crashes: says so plainly and offers a way back. */
export function RouteErrorPage() {
  const error = useRouteError();
  usePageTitle('Something went wrong');
  return (
    <Center mih="100vh" p="md" component="main">
      <Stack align="center" maw={520} ta="center">
        <Logo />
        <Title order={1} fz={24}>
          Something went wrong
        </Title>
        <Text c="dimmed">
          This page failed to load. Reloading usually helps; if it keeps happening, tell your administrator.
        </Text>
        {error instanceof Error ? <Code>{error.message}</Code> : null}
        <Button onClick={() => window.location.assign('/')}>Back to Assay</Button>
      </Stack>
    </Center>
  );
}
