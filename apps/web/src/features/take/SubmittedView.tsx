import type { AttemptState, SubmissionReceipt } from '@assay/contracts';
import { Alert, Code, Container, Loader, Paper, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { formatDateTime } from '../../lib/format.js';

/** After submission (by the candidate or at the deadline): the receipt, then the feedback summary if shown. */
export function SubmittedView({
  state,
  receipt,
}: {
  state: AttemptState;
  receipt: SubmissionReceipt | null;
}) {
  const submission = state.submission;
  const byDeadline = submission?.reason === 'deadline';
  const feedback = submission?.feedback ?? null;
  const grading = !feedback && state.invitationStatus === 'submitted';
  return (
    <Container size="sm" py="xl" w="100%">
      <Stack gap="lg">
        <Title order={1} fz={26}>
          {byDeadline ? 'Time is up — your work was submitted' : 'Your work was submitted'}
        </Title>
        <Paper withBorder p="lg" radius="md" aria-label="Receipt" component="section">
          <Stack gap="xs">
            <Title order={2} fz="lg">
              Receipt
            </Title>
            <Text data-testid="receipt-test">
              {state.test.name} · {state.organization.name}
            </Text>
            {submission ? (
              <>
                <Text>
                  Submitted: <span data-testid="receipt-time">{formatDateTime(submission.submittedAt)}</span>
                  {byDeadline ? ' (automatically, at the deadline)' : ''}
                </Text>
                <Text>
                  Commit: <Code data-testid="receipt-commit">{submission.commit.slice(0, 12)}</Code>
                </Text>
              </>
            ) : null}
            {receipt ? <Text data-testid="receipt-files">Files: {receipt.files}</Text> : null}
            <Text c="dimmed" size="sm">
              A copy of this receipt was emailed to you. You can close this page.
            </Text>
          </Stack>
        </Paper>
        {feedback ? (
          <Paper withBorder p="lg" radius="md" component="section" aria-label="Feedback">
            <Stack gap="sm">
              <Title order={2} fz="lg">
                Feedback
              </Title>
              <Text data-testid="feedback-score">Score: {Math.round(feedback.score)}%</Text>
              <Progress value={feedback.score} aria-label="Score" />
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Criterion</Table.Th>
                    <Table.Th>Passed</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {feedback.criteria.map((c) => (
                    <Table.Tr key={c.name}>
                      <Table.Td>{c.name}</Table.Td>
                      <Table.Td>
                        {c.passed} / {c.total}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Stack>
          </Paper>
        ) : grading ? (
          <Alert color="gray" icon={<Loader size="xs" />}>
            Your submission is being checked. If the company shares feedback, it appears here.
          </Alert>
        ) : null}
      </Stack>
    </Container>
  );
}
