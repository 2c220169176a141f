import { Button, Code, Loader, Paper, Table, Text, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { EmptyState } from '../../app/components/EmptyState.js';
import { FormAlert } from '../../app/components/FormAlert.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import { errorMessage } from '../../lib/api-error.js';
import { formatDateTime } from '../../lib/format.js';
import { useOrgId } from '../identity/use-session.js';
import { useFailedJobs, useRetryFailedJob } from './use-admin.js';

/** Settings → Failed jobs: background work that gave up after its retries, with Retry. */
export function FailedJobsPage() {
  const orgId = useOrgId();
  const jobs = useFailedJobs(orgId);
  const retry = useRetryFailedJob(orgId);
  return (
    <>
      <PageHeader
        title="Failed jobs"
        description="Background work (mail, result deliveries, grading) that failed after every retry. Fix the cause, then retry it."
      />
      {jobs.isPending ? (
        <Loader aria-label="Loading failed jobs" />
      ) : jobs.isError ? (
        <FormAlert message={errorMessage(jobs.error)} />
      ) : jobs.data.items.length === 0 ? (
        <EmptyState title="No failed jobs">
          Everything went through. If a mail or delivery ever gives up after its retries, it shows up here
          with its last error and a Retry button.
        </EmptyState>
      ) : (
        <Paper withBorder radius="lg">
          <Table.ScrollContainer minWidth={720}>
            <Table verticalSpacing="sm" horizontalSpacing="md" aria-label="Failed jobs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Job</Table.Th>
                  <Table.Th>Attempts</Table.Th>
                  <Table.Th>Last error</Table.Th>
                  <Table.Th>Failed</Table.Th>
                  <Table.Th>
                    <VisuallyHidden component="span">Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {jobs.data.items.map((job) => (
                  <Table.Tr key={job.id}>
                    <Table.Td>
                      <Code>{job.name}</Code>
                    </Table.Td>
                    <Table.Td>{job.attempts}</Table.Td>
                    <Table.Td maw={360}>
                      <Text
                        size="sm"
                        c={job.lastError ? 'red' : 'dimmed'}
                        style={{ wordBreak: 'break-word' }}
                      >
                        {job.lastError ?? '—'}
                      </Text>
                    </Table.Td>
                    <Table.Td>{formatDateTime(job.failedAt)}</Table.Td>
                    <Table.Td ta="right">
                      <Button
                        size="xs"
                        variant="light"
                        loading={retry.isPending && retry.variables === job.id}
                        onClick={() =>
                          retry.mutate(job.id, {
                            onSuccess: () =>
                              notifications.show({ color: 'green', message: `${job.name} queued again.` }),
                            onError: (err) =>
                              notifications.show({ color: 'red', message: errorMessage(err) }),
                          })
                        }
                      >
                        Retry <VisuallyHidden component="span">{job.name}</VisuallyHidden>
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
    </>
  );
}
