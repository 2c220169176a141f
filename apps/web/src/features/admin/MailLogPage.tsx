import { MailStatusSchema, type MailStatus } from '@assay/contracts';
import {
  Badge,
  Button,
  Code,
  Group,
  Loader,
  Modal,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { useState } from 'react';
import { EmptyState } from '../../app/components/EmptyState.js';
import { FormAlert } from '../../app/components/FormAlert.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import { errorMessage } from '../../lib/api-error.js';
import { formatDateTime } from '../../lib/format.js';
import { useOrgId } from '../identity/use-session.js';
import { useMailDetail, useMailLog } from './use-admin.js';

const statusColor: Record<MailStatus, string> = {
  queued: 'gray',
  sent: 'green',
  stored: 'blue',
  failed: 'red',
};
const statusLabel: Record<MailStatus, string> = {
  queued: 'Queued',
  sent: 'Sent',
  stored: 'Stored',
  failed: 'Failed',
};

/** Settings → Mail log: every mail Assay sent (or, without SMTP, stored) for this organization. */
export function MailLogPage() {
  const orgId = useOrgId();
  const [status, setStatus] = useState<MailStatus | undefined>(undefined);
  const [openMailId, setOpenMailId] = useState<string | null>(null);
  const log = useMailLog(orgId, status);
  const items = log.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <PageHeader
        title="Mail log"
        description="Every mail sent for this organization. Without SMTP configured, mail is stored here instead of sent: open a mail to read it and its links."
        actions={
          <Select
            label="Status"
            w={160}
            data={[
              { value: 'all', label: 'All' },
              ...MailStatusSchema.options.map((s) => ({ value: s, label: statusLabel[s] })),
            ]}
            value={status ?? 'all'}
            allowDeselect={false}
            onChange={(v) => {
              const parsed = MailStatusSchema.safeParse(v);
              setStatus(parsed.success ? parsed.data : undefined);
            }}
          />
        }
      />
      {log.isPending ? (
        <Loader aria-label="Loading mail" />
      ) : log.isError ? (
        <FormAlert message={errorMessage(log.error)} />
      ) : items.length === 0 ? (
        <EmptyState title={status ? `No ${statusLabel[status].toLowerCase()} mail` : 'No mail yet'}>
          Mail appears here when Assay sends it: team invitations, password resets and, later, candidate
          invitations.
        </EmptyState>
      ) : (
        <Stack>
          <Paper withBorder radius="lg">
            <Table.ScrollContainer minWidth={720}>
              <Table verticalSpacing="sm" horizontalSpacing="md" aria-label="Mail">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Sent to</Table.Th>
                    <Table.Th>Subject</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>Created</Table.Th>
                    <Table.Th>
                      <VisuallyHidden component="span">Actions</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((m) => (
                    <Table.Tr key={m.id}>
                      <Table.Td>{m.to}</Table.Td>
                      <Table.Td>
                        <Text size="sm">{m.subject}</Text>
                        <Text size="xs" c="dimmed">
                          {m.kind}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={statusColor[m.status]}>
                          {statusLabel[m.status]}
                        </Badge>
                        {m.lastError ? (
                          <Text size="xs" c="red" mt={4}>
                            {m.lastError}
                          </Text>
                        ) : null}
                      </Table.Td>
                      <Table.Td>{formatDateTime(m.createdAt)}</Table.Td>
                      <Table.Td ta="right">
                        <Button variant="subtle" size="xs" onClick={() => setOpenMailId(m.id)}>
                          Open <VisuallyHidden component="span">mail to {m.to}</VisuallyHidden>
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
          {log.hasNextPage ? (
            <Group justify="center">
              <Button
                variant="default"
                loading={log.isFetchingNextPage}
                onClick={() => void log.fetchNextPage()}
              >
                Load older mail
              </Button>
            </Group>
          ) : null}
        </Stack>
      )}
      <MailDialog orgId={orgId} mailId={openMailId} onClose={() => setOpenMailId(null)} />
    </>
  );
}

function MailDialog({
  orgId,
  mailId,
  onClose,
}: {
  orgId: string;
  mailId: string | null;
  onClose: () => void;
}) {
  const mail = useMailDetail(orgId, mailId);
  return (
    <Modal opened={mailId !== null} onClose={onClose} title={mail.data?.subject ?? 'Mail'} size="lg" centered>
      {mail.isPending ? (
        <Loader aria-label="Loading the mail" />
      ) : mail.isError ? (
        <FormAlert message={errorMessage(mail.error)} />
      ) : (
        <Stack gap="sm">
          <Text size="sm">
            <strong>To:</strong> {mail.data.to} · <strong>Kind:</strong> {mail.data.kind} ·{' '}
            <strong>Created:</strong> {formatDateTime(mail.data.createdAt)}
          </Text>
          {/* The text body, not the HTML: shown as data, so nothing in it can run or load. */}
          <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
            {mail.data.text}
          </Code>
        </Stack>
      )}
    </Modal>
  );
}
