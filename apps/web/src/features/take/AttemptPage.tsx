import { Alert, Container, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { lazy, Suspense, useState } from 'react';
import { useParams } from 'react-router-dom';
import { ApiError, errorMessage } from '../../lib/api-error.js';
import { CandidateShell } from './CandidateShell.js';
import { SubmittedView } from './SubmittedView.js';
import { readReceipt, useAttemptState } from './use-attempt.js';
import { useRemainingMs } from './use-server-clock.js';

// The IDE (CodeMirror and its languages) is its own chunk: the staff app never downloads it.
const AttemptIde = lazy(() => import('./AttemptIde.js'));

/** `/attempt/:attemptId`: the IDE while the attempt runs, the receipt after. */
export function AttemptPage() {
  const { attemptId = '' } = useParams();
  const state = useAttemptState(attemptId);
  const remainingMs = useRemainingMs(state.data);
  const [receipt, setReceipt] = useState(() => readReceipt(attemptId));

  if (state.isPending) {
    return (
      <CandidateShell branding={null} title="Loading your test">
        <Group justify="center" py="xl">
          <Loader aria-label="Loading your test" />
        </Group>
      </CandidateShell>
    );
  }
  if (state.isError) {
    const err = state.error;
    const needsLink = err instanceof ApiError && (err.status === 401 || err.status === 404);
    return (
      <CandidateShell branding={null} title="Cannot open this test">
        <Container size="sm" py="xl">
          <Stack>
            <Title order={1} fz={26}>
              {needsLink ? 'Open the link from your invitation email' : 'The test could not be loaded'}
            </Title>
            {needsLink ? (
              <Text>
                This browser has not opened this test yet. Open the personal link from your invitation email
                here to resume where you left off.
              </Text>
            ) : (
              <Alert color="red">{errorMessage(err)}</Alert>
            )}
          </Stack>
        </Container>
      </CandidateShell>
    );
  }

  const data = state.data;
  if (data.status === 'submitted') {
    return (
      <CandidateShell branding={data.organization} title="Submitted">
        <SubmittedView state={data} receipt={receipt?.attemptId === attemptId ? receipt : null} />
      </CandidateShell>
    );
  }
  if (remainingMs !== null && remainingMs <= 0) {
    // The server submits at the deadline; the next poll shows the receipt.
    return (
      <CandidateShell branding={data.organization} title="Time is up">
        <Container size="sm" py="xl">
          <Stack>
            <Title order={1} fz={26}>
              Time is up — your work was submitted
            </Title>
            <Group gap="xs">
              <Loader size="xs" />
              <Text c="dimmed">Preparing your receipt…</Text>
            </Group>
          </Stack>
        </Container>
      </CandidateShell>
    );
  }
  return (
    <Suspense
      fallback={
        <CandidateShell branding={data.organization} title={data.test.name}>
          <Group justify="center" py="xl">
            <Loader aria-label="Loading the editor" />
          </Group>
        </CandidateShell>
      }
    >
      <AttemptIde state={data} remainingMs={remainingMs} onSubmitted={setReceipt} />
    </Suspense>
  );
}
