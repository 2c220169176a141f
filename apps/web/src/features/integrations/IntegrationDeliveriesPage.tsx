import {
  INTEGRATION_LABELS,
  IntegrationDeliveryStatusSchema,
  IntegrationProviderSchema,
  type IntegrationDelivery,
  type IntegrationProvider,
} from '@assay/contracts';
import {
  Anchor,
  Badge,
  Button,
  Code,
  Group,
  Loader,
  Pagination,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Fragment, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { EmptyState } from '../../app/components/EmptyState.js';
import { FormAlert } from '../../app/components/FormAlert.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import { errorMessage } from '../../lib/api-error.js';
import { formatDateTime } from '../../lib/format.js';
import { hasRole } from '../identity/roles.js';
import { useSignedInSession } from '../identity/use-session.js';
import { OwnersAndAdminsOnly } from './IntegrationsPage.js';
import { DELIVERY_STATUS, canRetry } from './labels.js';
import { useIntegrationActions, useIntegrationDeliveries, useIntegrationErrors } from './use-integrations.js';

const PAGE_SIZE = 25;
const TITLE = 'Integration deliveries';
const DESCRIPTION =
  'Results, notes and completion calls sent to your ATS. Failed sends are retried for about three days; dead ones and ones waiting for a credential can be retried here (same message id).';

/** Settings → Integrations → Deliveries: the outbound log with filters and Retry, then partner error reports. */
export function IntegrationDeliveriesPage() {
  const { membership } = useSignedInSession();
  if (!membership || !hasRole(membership.role, 'admin')) {
    return (
      <>
        <PageHeader title={TITLE} description={DESCRIPTION} />
        <OwnersAndAdminsOnly />
      </>
    );
  }
  return <Deliveries orgId={membership.organizationId} />;
}

function Deliveries({ orgId }: { orgId: string }) {
  const [params, setParams] = useSearchParams();
  const providerParsed = IntegrationProviderSchema.safeParse(params.get('provider'));
  const statusParsed = IntegrationDeliveryStatusSchema.safeParse(params.get('status'));
  const provider = providerParsed.success ? providerParsed.data : undefined;
  const status = statusParsed.success ? statusParsed.data : undefined;
  const pageParam = Number(params.get('page') ?? '1');
  const page = Number.isInteger(pageParam) && pageParam >= 1 ? pageParam : 1;
  const deliveries = useIntegrationDeliveries(orgId, { provider, status, page, pageSize: PAGE_SIZE });
  const { retryDelivery } = useIntegrationActions(orgId);
  const [expanded, setExpanded] = useState<string | null>(null);

  /** Change one filter; going back to page 1 unless the page itself changes. */
  const setFilter = (key: 'provider' | 'status' | 'page', value: string | undefined) => {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value === undefined) next.delete(key);
        else next.set(key, value);
        if (key !== 'page') next.delete('page');
        return next;
      },
      { replace: true },
    );
  };

  const retry = (d: IntegrationDelivery) =>
    retryDelivery.mutate(d.id, {
      onSuccess: () => notifications.show({ color: 'green', message: 'Delivery queued again.' }),
      onError: (err) => notifications.show({ color: 'red', message: errorMessage(err) }),
    });

  const total = deliveries.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const items = deliveries.data?.items ?? [];

  return (
    <>
      <PageHeader
        title={TITLE}
        description={DESCRIPTION}
        actions={
          <Button component={Link} to="/settings/integrations" variant="default">
            Back to integrations
          </Button>
        }
      />
      <Stack gap="xl">
        <Stack>
          <Group gap="md" align="flex-end">
            <Select
              label="Provider"
              w={200}
              data={[
                { value: 'all', label: 'All providers' },
                ...IntegrationProviderSchema.options.map((p) => ({ value: p, label: INTEGRATION_LABELS[p] })),
              ]}
              value={provider ?? 'all'}
              allowDeselect={false}
              onChange={(v) => setFilter('provider', v && v !== 'all' ? v : undefined)}
            />
            <Select
              label="Status"
              w={200}
              data={[
                { value: 'all', label: 'All statuses' },
                ...IntegrationDeliveryStatusSchema.options.map((s) => ({
                  value: s,
                  label: DELIVERY_STATUS[s].label,
                })),
              ]}
              value={status ?? 'all'}
              allowDeselect={false}
              onChange={(v) => setFilter('status', v && v !== 'all' ? v : undefined)}
            />
          </Group>
          {deliveries.isPending ? (
            <Loader aria-label="Loading deliveries" />
          ) : deliveries.isError ? (
            <FormAlert message={errorMessage(deliveries.error)} />
          ) : items.length === 0 ? (
            <EmptyState title={provider || status ? 'No matching deliveries' : 'No deliveries yet'}>
              Deliveries appear here when a candidate finishes a test sent from SmartRecruiters or Greenhouse:
              the result, the report link and notes go back to the ATS.
            </EmptyState>
          ) : (
            <>
              <Paper withBorder radius="lg">
                <Table.ScrollContainer minWidth={1080}>
                  <Table verticalSpacing="sm" horizontalSpacing="md" aria-label="Integration deliveries">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>Created</Table.Th>
                        <Table.Th>Provider</Table.Th>
                        <Table.Th>Candidate</Table.Th>
                        <Table.Th>Test</Table.Th>
                        <Table.Th>Summary</Table.Th>
                        <Table.Th>Status</Table.Th>
                        <Table.Th>Attempts</Table.Th>
                        <Table.Th>Next attempt</Table.Th>
                        <Table.Th>Last response</Table.Th>
                        <Table.Th>
                          <VisuallyHidden component="span">Actions</VisuallyHidden>
                        </Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {items.map((d) => (
                        <Fragment key={d.id}>
                          <DeliveryRow
                            delivery={d}
                            expanded={expanded === d.id}
                            onToggle={() => setExpanded(expanded === d.id ? null : d.id)}
                            retrying={retryDelivery.isPending && retryDelivery.variables === d.id}
                            onRetry={() => retry(d)}
                          />
                          {expanded === d.id ? (
                            <Table.Tr>
                              <Table.Td colSpan={10}>
                                <Text size="xs" fw={600} mb={4}>
                                  Response body (first 1 KiB) · message {d.messageId}
                                </Text>
                                <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                                  {d.lastResponseBody ?? '(empty)'}
                                </Code>
                              </Table.Td>
                            </Table.Tr>
                          ) : null}
                        </Fragment>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              </Paper>
              <Group justify="space-between">
                <Text size="sm" c="dimmed">
                  {total} {total === 1 ? 'delivery' : 'deliveries'}
                </Text>
                {pages > 1 ? (
                  <Pagination
                    total={pages}
                    value={Math.min(page, pages)}
                    onChange={(p) => setFilter('page', String(p))}
                    getControlProps={(control) => ({ 'aria-label': `${control} page` })}
                  />
                ) : null}
              </Group>
            </>
          )}
        </Stack>
        <PartnerErrors orgId={orgId} provider={provider} />
      </Stack>
    </>
  );
}

function DeliveryRow({
  delivery: d,
  expanded,
  onToggle,
  retrying,
  onRetry,
}: {
  delivery: IntegrationDelivery;
  expanded: boolean;
  onToggle: () => void;
  retrying: boolean;
  onRetry: () => void;
}) {
  const status = DELIVERY_STATUS[d.status];
  const what = `${d.summary} for ${d.candidateName ?? 'unknown candidate'}`;
  return (
    <Table.Tr>
      <Table.Td>{formatDateTime(d.createdAt)}</Table.Td>
      <Table.Td>{INTEGRATION_LABELS[d.provider]}</Table.Td>
      <Table.Td>
        {d.invitationId && d.candidateName ? (
          <Anchor component={Link} to={`/reports/${d.invitationId}`} size="sm">
            {d.candidateName}
          </Anchor>
        ) : (
          (d.candidateName ?? '—')
        )}
      </Table.Td>
      <Table.Td>{d.testName ?? '—'}</Table.Td>
      <Table.Td>
        <Text size="sm">{d.summary}</Text>
        <Text size="xs" c="dimmed">
          {d.kind} · {d.cause}
        </Text>
      </Table.Td>
      <Table.Td>
        <Badge color={status.color} variant="light">
          {status.label}
        </Badge>
      </Table.Td>
      <Table.Td>{d.attempts}</Table.Td>
      <Table.Td>{d.nextAttemptAt ? formatDateTime(d.nextAttemptAt) : '—'}</Table.Td>
      <Table.Td maw={320}>
        <Text size="sm">{d.lastResponseStatus ?? '—'}</Text>
        {d.lastError ? (
          <Text size="xs" c="red" style={{ wordBreak: 'break-word' }}>
            {d.lastError}
          </Text>
        ) : null}
        {d.lastResponseBody ? (
          <Button
            size="compact-xs"
            variant="subtle"
            px={0}
            aria-expanded={expanded}
            aria-label={`${expanded ? 'Hide' : 'Show'} response of ${what}`}
            onClick={onToggle}
          >
            {expanded ? 'Hide response' : 'Show response'}
          </Button>
        ) : null}
      </Table.Td>
      <Table.Td ta="right">
        {canRetry(d.status) ? (
          <Button size="xs" variant="light" loading={retrying} aria-label={`Retry ${what}`} onClick={onRetry}>
            Retry
          </Button>
        ) : null}
      </Table.Td>
    </Table.Tr>
  );
}

/** "Error reports from Greenhouse": what the partner told us went wrong on its side. */
function PartnerErrors({ orgId, provider }: { orgId: string; provider: IntegrationProvider | undefined }) {
  const errors = useIntegrationErrors(orgId);
  const items = (errors.data?.items ?? []).filter((e) => !provider || e.provider === provider);
  return (
    <Stack gap="sm" component="section" aria-labelledby="partner-errors">
      <Title order={2} fz="lg" id="partner-errors">
        Error reports from Greenhouse
      </Title>
      {errors.isPending ? (
        <Loader aria-label="Loading error reports" />
      ) : errors.isError ? (
        <FormAlert message={errorMessage(errors.error)} />
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed">
          No error reports. When Greenhouse cannot use something Assay sent, its report shows up here.
        </Text>
      ) : (
        <Paper withBorder radius="lg">
          <Table.ScrollContainer minWidth={720}>
            <Table verticalSpacing="sm" horizontalSpacing="md" aria-label="Error reports from Greenhouse">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Received</Table.Th>
                  <Table.Th>Provider</Table.Th>
                  <Table.Th>API call</Table.Th>
                  <Table.Th>Errors</Table.Th>
                  <Table.Th>Invitation</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((e) => (
                  <Table.Tr key={e.id}>
                    <Table.Td>{formatDateTime(e.createdAt)}</Table.Td>
                    <Table.Td>{INTEGRATION_LABELS[e.provider]}</Table.Td>
                    <Table.Td>
                      <Code>{e.apiCall}</Code>
                    </Table.Td>
                    <Table.Td maw={420}>
                      <Stack gap={2}>
                        {e.errors.map((message, i) => (
                          <Text key={i} size="sm" c="red" style={{ wordBreak: 'break-word' }}>
                            {message}
                          </Text>
                        ))}
                      </Stack>
                    </Table.Td>
                    <Table.Td>
                      {e.invitationId ? (
                        <Anchor component={Link} to={`/reports/${e.invitationId}`} size="sm">
                          Open report
                        </Anchor>
                      ) : (
                        '—'
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
    </Stack>
  );
}
