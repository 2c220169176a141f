import { Button, Code, Group, Loader, Paper, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMemo, useState } from 'react';
import { EmptyState } from '../../app/components/EmptyState.js';
import { FormAlert } from '../../app/components/FormAlert.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import { errorMessage } from '../../lib/api-error.js';
import { formatDateTime } from '../../lib/format.js';
import { useOrgId } from '../identity/use-session.js';
import { useMembers } from '../team/use-members.js';
import { useAuditEvents } from './use-admin.js';

/** Settings → Audit log: the append-only trail of who did what, newest first. */
export function AuditLogPage() {
  const orgId = useOrgId();
  const [actionInput, setActionInput] = useState('');
  const [action] = useDebouncedValue(actionInput.trim(), 300);
  const events = useAuditEvents(orgId, action || undefined);
  const members = useMembers(orgId);
  const names = useMemo(
    () => new Map((members.data?.members ?? []).map((m) => [m.userId, m.name] as const)),
    [members.data],
  );
  const items = events.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Who did what, and when: sign-ins, invitations, role and settings changes. Entries are never edited or deleted."
        actions={
          <TextInput
            label="Action"
            placeholder="e.g. identity.login"
            w={220}
            value={actionInput}
            onChange={(e) => setActionInput(e.currentTarget.value)}
          />
        }
      />
      {events.isPending ? (
        <Loader aria-label="Loading the audit log" />
      ) : events.isError ? (
        <FormAlert message={errorMessage(events.error)} />
      ) : items.length === 0 ? (
        <EmptyState title={action ? `No “${action}” events` : 'No events yet'}>
          {action
            ? 'Action names look like identity.login or members.role_changed; the filter matches the exact name.'
            : 'Events appear as people sign in and change things.'}
        </EmptyState>
      ) : (
        <Stack>
          <Paper withBorder radius="lg">
            <Table.ScrollContainer minWidth={760}>
              <Table verticalSpacing="sm" horizontalSpacing="md" aria-label="Audit events">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>When</Table.Th>
                    <Table.Th>Who</Table.Th>
                    <Table.Th>Action</Table.Th>
                    <Table.Th>Subject</Table.Th>
                    <Table.Th>Details</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((e) => (
                    <Table.Tr key={e.id}>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.occurredAt)}</Table.Td>
                      <Table.Td>
                        {e.actorUserId ? (
                          (names.get(e.actorUserId) ?? e.actorUserId)
                        ) : (
                          <Text c="dimmed">System</Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Code>{e.action}</Code>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{e.subjectType}</Text>
                        {e.subjectId ? (
                          <Text size="xs" c="dimmed">
                            {names.get(e.subjectId) ?? e.subjectId}
                          </Text>
                        ) : null}
                      </Table.Td>
                      <Table.Td maw={320}>
                        {Object.keys(e.data).length > 0 ? (
                          <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                            {JSON.stringify(e.data, null, 1)}
                          </Code>
                        ) : (
                          <Text c="dimmed">—</Text>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
          {events.hasNextPage ? (
            <Group justify="center">
              <Button
                variant="default"
                loading={events.isFetchingNextPage}
                onClick={() => void events.fetchNextPage()}
              >
                Load older events
              </Button>
            </Group>
          ) : null}
        </Stack>
      )}
    </>
  );
}
