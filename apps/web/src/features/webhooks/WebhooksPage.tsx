import type { WebhookDelivery, WebhookEndpoint } from '@assay/contracts';
import {
  Badge,
  Button,
  Code,
  Group,
  Loader,
  Modal,
  Paper,
  Stack,
  Switch,
  Table,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { ConfirmDialog } from '../../app/components/ConfirmDialog.js';
import { EmptyState } from '../../app/components/EmptyState.js';
import { FormAlert } from '../../app/components/FormAlert.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import { errorMessage } from '../../lib/api-error.js';
import { formatDateTime } from '../../lib/format.js';
import { ShownOnceSecret } from '../api-tokens/ShownOnceSecret.js';
import { useOrgId } from '../identity/use-session.js';
import { WebhookEndpointDialog } from './WebhookEndpointDialog.js';
import { useWebhookActions, useWebhookDeliveries, useWebhookEndpoints } from './use-webhooks.js';

const STATUS_COLORS: Record<WebhookDelivery['status'], string> = {
  pending: 'blue',
  delivered: 'green',
  failed: 'orange',
  dead: 'red',
};

const fail = (err: unknown) => notifications.show({ color: 'red', message: errorMessage(err) });

/** The delivery log of one endpoint, with Retry for failed and dead deliveries. */
function Deliveries({ orgId, endpoint }: { orgId: string; endpoint: WebhookEndpoint }) {
  const deliveries = useWebhookDeliveries(orgId, endpoint.id);
  const { retry } = useWebhookActions(orgId);
  if (deliveries.isPending) return <Loader aria-label="Loading deliveries" />;
  if (deliveries.isError) return <FormAlert message={errorMessage(deliveries.error)} />;
  if (deliveries.data.items.length === 0) {
    return <Text c="dimmed">No deliveries yet. Use “Send test” to try the endpoint.</Text>;
  }
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table verticalSpacing="xs" aria-label={`Deliveries to ${endpoint.url}`}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Event</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Attempts</Table.Th>
            <Table.Th>Response</Table.Th>
            <Table.Th>Created</Table.Th>
            <Table.Th>
              <VisuallyHidden component="span">Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {deliveries.data.items.map((d) => (
            <Table.Tr key={d.id}>
              <Table.Td>
                <Code>{d.eventType}</Code>
                <Text size="xs" c="dimmed">
                  {d.messageId}
                </Text>
              </Table.Td>
              <Table.Td>
                <Badge color={STATUS_COLORS[d.status]} variant="light">
                  {d.status}
                </Badge>
                {d.nextAttemptAt && d.status === 'failed' ? (
                  <Text size="xs" c="dimmed">
                    next {formatDateTime(d.nextAttemptAt)}
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td>{d.attempts}</Table.Td>
              <Table.Td maw={320}>
                <Text size="sm">
                  {d.lastResponseStatus ?? '—'}
                  {d.lastDurationMs !== null ? ` · ${d.lastDurationMs} ms` : ''}
                </Text>
                {d.lastError ? (
                  <Text size="xs" c="red" style={{ wordBreak: 'break-word' }}>
                    {d.lastError}
                  </Text>
                ) : null}
                {d.lastResponseBody ? (
                  <Text size="xs" c="dimmed" lineClamp={2} style={{ wordBreak: 'break-word' }}>
                    {d.lastResponseBody}
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td>{formatDateTime(d.createdAt)}</Table.Td>
              <Table.Td ta="right">
                {d.status === 'dead' || d.status === 'failed' ? (
                  <Button
                    size="xs"
                    variant="light"
                    loading={retry.isPending && retry.variables === d.id}
                    onClick={() =>
                      retry.mutate(d.id, {
                        onSuccess: () =>
                          notifications.show({ color: 'green', message: 'Delivery queued again.' }),
                        onError: fail,
                      })
                    }
                  >
                    Retry <VisuallyHidden component="span">{d.messageId}</VisuallyHidden>
                  </Button>
                ) : null}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Settings → Webhooks: endpoints, their events and secrets, and the delivery log. */
export function WebhooksPage() {
  const orgId = useOrgId();
  const endpoints = useWebhookEndpoints(orgId);
  const actions = useWebhookActions(orgId);
  const [adding, setAdding] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const [removing, setRemoving] = useState<WebhookEndpoint | null>(null);
  const [rotatedSecret, setRotatedSecret] = useState<string | null>(null);

  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Signed HTTP callbacks (Standard Webhooks) when invitations and reports change. Failed deliveries are retried for about three days."
        actions={<Button onClick={() => setAdding(true)}>Add endpoint</Button>}
      />
      {endpoints.isPending ? (
        <Loader aria-label="Loading webhook endpoints" />
      ) : endpoints.isError ? (
        <FormAlert message={errorMessage(endpoints.error)} />
      ) : endpoints.data.items.length === 0 ? (
        <EmptyState title="No webhook endpoints">
          Add an endpoint to receive <Code>invitation.*</Code> and <Code>report.ready</Code> events, signed
          with a secret only you and Assay know.
        </EmptyState>
      ) : (
        <Stack>
          {endpoints.data.items.map((endpoint) => (
            <Paper key={endpoint.id} withBorder radius="lg" p="md">
              <Stack gap="sm">
                <Group justify="space-between" wrap="wrap">
                  <Stack gap={2}>
                    <Text fw={600} style={{ wordBreak: 'break-all' }}>
                      {endpoint.url}
                    </Text>
                    {endpoint.description ? <Text size="sm">{endpoint.description}</Text> : null}
                    <Text size="xs" c="dimmed">
                      {endpoint.events.join(', ')}
                    </Text>
                    {endpoint.disabledReason ? (
                      <Text size="xs" c="red">
                        {endpoint.disabledReason}
                      </Text>
                    ) : null}
                  </Stack>
                  <Group gap="xs">
                    <Switch
                      label="Enabled"
                      checked={endpoint.enabled}
                      onChange={(e) =>
                        actions.update.mutate(
                          { id: endpoint.id, body: { enabled: e.currentTarget.checked } },
                          { onError: fail },
                        )
                      }
                    />
                    <Button
                      size="xs"
                      variant="light"
                      onClick={() =>
                        actions.test.mutate(endpoint.id, {
                          onSuccess: () =>
                            notifications.show({ color: 'green', message: 'Test event queued.' }),
                          onError: fail,
                        })
                      }
                    >
                      Send test
                    </Button>
                    <Button
                      size="xs"
                      variant="light"
                      onClick={() =>
                        actions.rotate.mutate(endpoint.id, {
                          onSuccess: (rotated) => setRotatedSecret(rotated.secret),
                          onError: fail,
                        })
                      }
                    >
                      Rotate secret
                    </Button>
                    <Button
                      size="xs"
                      variant="light"
                      onClick={() => setOpen(open === endpoint.id ? null : endpoint.id)}
                    >
                      {open === endpoint.id ? 'Hide deliveries' : 'Deliveries'}
                    </Button>
                    <Button size="xs" variant="light" color="red" onClick={() => setRemoving(endpoint)}>
                      Delete
                    </Button>
                  </Group>
                </Group>
                {open === endpoint.id ? <Deliveries orgId={orgId} endpoint={endpoint} /> : null}
              </Stack>
            </Paper>
          ))}
        </Stack>
      )}
      <WebhookEndpointDialog orgId={orgId} opened={adding} onClose={() => setAdding(false)} />
      <Modal
        opened={rotatedSecret !== null}
        onClose={() => setRotatedSecret(null)}
        title="New signing secret"
        centered
      >
        <Stack>
          {rotatedSecret ? <ShownOnceSecret label="New signing secret" value={rotatedSecret} /> : null}
          <Text size="sm">
            The previous secret keeps signing deliveries (as a second signature) for 24 hours.
          </Text>
          <Group justify="flex-end">
            <Button onClick={() => setRotatedSecret(null)}>Done</Button>
          </Group>
        </Stack>
      </Modal>
      <ConfirmDialog
        opened={removing !== null}
        title="Delete this endpoint?"
        confirmLabel="Delete endpoint"
        color="red"
        loading={actions.remove.isPending}
        onClose={() => setRemoving(null)}
        onConfirm={() => {
          if (!removing) return;
          actions.remove.mutate(removing.id, {
            onSuccess: () => setRemoving(null),
            onError: fail,
          });
        }}
      >
        No more events go to {removing?.url}; its delivery log is deleted with it.
      </ConfirmDialog>
    </>
  );
}
