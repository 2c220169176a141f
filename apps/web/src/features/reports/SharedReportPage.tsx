import { Alert, Box, Center, Container, Group, Loader, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useLocation } from 'react-router-dom';
import { ColorSchemeToggle } from '../../app/components/ColorSchemeToggle.js';
import { Logo } from '../../app/components/LogoMark.js';
import { usePageTitle } from '../../app/use-page-title.js';
import { ApiError, errorMessage } from '../../lib/api-error.js';
import { formatDateTime } from '../../lib/format.js';
import { readLinkToken } from '../identity/link-token.js';
import { ReportView } from './ReportView.js';
import { useSharedReport } from './use-reports.js';

/**
 * `/shared-report#token=…`: a read-only report for someone without an Assay login. The token
 * is read once, removed from the address bar (and so from history and bookmarks), then POSTed.
 */
export function SharedReportPage() {
  const location = useLocation();
  const [token] = useState(() => readLinkToken(location));
  useEffect(() => {
    if (window.location.hash || window.location.search) {
      window.history.replaceState(window.history.state, '', window.location.pathname);
    }
  }, []);
  const shared = useSharedReport(token);
  usePageTitle(shared.data ? `Report: ${shared.data.candidate.name}` : 'Shared report');

  let body;
  if (!token) {
    body = (
      <Alert color="red" variant="light" role="alert" title="This link is incomplete">
        Open the share link you were given again; it ends with <code>#token=…</code>.
      </Alert>
    );
  } else if (shared.isPending) {
    body = (
      <Center py="xl">
        <Loader aria-label="Loading the report" />
      </Center>
    );
  } else if (shared.isError) {
    const gone = shared.error instanceof ApiError && shared.error.status >= 400 && shared.error.status < 500;
    body = (
      <Alert color="red" variant="light" role="alert" title="This report cannot be opened">
        {gone
          ? 'The share link has expired, was revoked, or is not valid. Ask whoever sent it for a new one.'
          : errorMessage(shared.error)}
      </Alert>
    );
  } else {
    body = (
      <>
        <ReportView report={shared.data} />
        <Text size="xs" c="dimmed" mt="lg">
          Shared read-only; this link works until {formatDateTime(shared.data.expiresAt)}.
        </Text>
      </>
    );
  }

  return (
    <Box mih="100vh">
      <Group justify="space-between" p="md" component="header" className="report-no-print">
        <Logo />
        <ColorSchemeToggle />
      </Group>
      <Container size="lg" component="main" pb="xl">
        {shared.isSuccess ? null : (
          <Title order={1} fz={26} mb="lg">
            Shared report
          </Title>
        )}
        {body}
      </Container>
    </Box>
  );
}
