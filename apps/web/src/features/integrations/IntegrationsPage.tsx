import {
  INTEGRATION_LABELS,
  type Integration,
  type IntegrationKey,
  type IntegrationProvider,
} from '@assay/contracts';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Code,
  Group,
  Loader,
  Menu,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { ConfirmDialog } from '../../app/components/ConfirmDialog.js';
import { FormAlert } from '../../app/components/FormAlert.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import { RowMenuButton } from '../../app/components/RowMenuButton.js';
import { errorMessage } from '../../lib/api-error.js';
import { formatDateTime } from '../../lib/format.js';
import { hasRole } from '../identity/roles.js';
import { useSignedInSession } from '../identity/use-session.js';
import { CompletionCredentialDialog, maskUsername } from './CompletionCredentialDialog.js';
import { IssueKeyFlow } from './IssueKeyFlow.js';
import { stateBadge } from './labels.js';
import { useIntegrationActions, useIntegrationDeliveries, useIntegrations } from './use-integrations.js';

const DESCRIPTION =
  'Connect SmartRecruiters or Greenhouse so tests are sent from your ATS and results flow back. Results are delivered with retries; failures show up under Deliveries.';

const fail = (err: unknown) => notifications.show({ color: 'red', message: errorMessage(err) });

/** `/settings/integrations/deliveries`, optionally filtered to one provider. */
export function deliveriesPath(provider?: IntegrationProvider, status?: string): string {
  const params = new URLSearchParams();
  if (provider) params.set('provider', provider);
  if (status) params.set('status', status);
  const qs = params.toString();
  return `/settings/integrations/deliveries${qs ? `?${qs}` : ''}`;
}

/** The message other roles see on the integration pages. */
export function OwnersAndAdminsOnly() {
  return (
    <Alert color="gray" variant="light" title="Not available for your role">
      Only owners and admins can manage integrations.
    </Alert>
  );
}

/** Settings → Integrations: a card per ATS with its state, keys, credential and failing deliveries. */
export function IntegrationsPage() {
  const { membership } = useSignedInSession();
  if (!membership || !hasRole(membership.role, 'admin')) {
    return (
      <>
        <PageHeader title="Integrations" description={DESCRIPTION} />
        <OwnersAndAdminsOnly />
      </>
    );
  }
  return (
    <IntegrationCards orgId={membership.organizationId} organizationName={membership.organizationName} />
  );
}

function IntegrationCards({ orgId, organizationName }: { orgId: string; organizationName: string }) {
  const integrations = useIntegrations(orgId);
  const actions = useIntegrationActions(orgId);
  const [issuing, setIssuing] = useState<IntegrationProvider | null>(null);
  const [credentialOpen, setCredentialOpen] = useState(false);
  const [disconnecting, setDisconnecting] = useState<Integration | null>(null);
  // The dialog keeps its text while it fades out.
  const [lastDisconnect, setLastDisconnect] = useState<IntegrationProvider>('smartrecruiters');
  if (disconnecting && disconnecting.provider !== lastDisconnect) setLastDisconnect(disconnecting.provider);
  const [revoking, setRevoking] = useState<{ provider: IntegrationProvider; key: IntegrationKey } | null>(
    null,
  );
  const byProvider = (p: IntegrationProvider) => integrations.data?.items.find((i) => i.provider === p);
  const greenhouse = byProvider('greenhouse');

  return (
    <>
      <PageHeader title="Integrations" description={DESCRIPTION} />
      {integrations.isPending ? (
        <Loader aria-label="Loading integrations" />
      ) : integrations.isError ? (
        <FormAlert message={errorMessage(integrations.error)} />
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          {(['smartrecruiters', 'greenhouse'] as const).map((provider) => {
            const integration = byProvider(provider);
            if (!integration) return null;
            return provider === 'smartrecruiters' ? (
              <SmartRecruitersCard
                key={provider}
                integration={integration}
                onIntegrate={() => setIssuing('smartrecruiters')}
                onDisconnect={() => setDisconnecting(integration)}
              />
            ) : (
              <GreenhouseCard
                key={provider}
                orgId={orgId}
                integration={integration}
                onGenerateKey={() => setIssuing('greenhouse')}
                onCredential={() => setCredentialOpen(true)}
                onDisconnect={() => setDisconnecting(integration)}
                onRevoke={(key) => setRevoking({ provider: 'greenhouse', key })}
              />
            );
          })}
        </SimpleGrid>
      )}
      <IssueKeyFlow
        orgId={orgId}
        organizationName={organizationName}
        provider={issuing}
        onClose={() => setIssuing(null)}
      />
      <CompletionCredentialDialog
        orgId={orgId}
        opened={credentialOpen}
        storedUsername={greenhouse?.outboundCredential?.username ?? null}
        onClose={() => setCredentialOpen(false)}
      />
      <ConfirmDialog
        opened={disconnecting !== null}
        title={`Disconnect ${INTEGRATION_LABELS[lastDisconnect]}?`}
        confirmLabel="Disconnect"
        cancelLabel="Cancel"
        color="red"
        loading={actions.disconnect.isPending}
        onClose={() => setDisconnecting(null)}
        onConfirm={() => {
          if (!disconnecting) return;
          actions.disconnect.mutate(disconnecting.provider, {
            onSuccess: () => {
              notifications.show({ color: 'green', message: `${disconnecting.label} disconnected.` });
              setDisconnecting(null);
            },
            onError: fail,
          });
        }}
      >
        {lastDisconnect === 'greenhouse'
          ? 'Every Greenhouse key is revoked at once and the completion credential is deleted. Greenhouse gets “unauthorized” on its next call. Invitations already sent stay valid.'
          : 'The key is revoked and the SmartRecruiters credentials and tokens are deleted, so results stop flowing back. Invitations already sent stay valid. To reconnect, integrate again.'}
      </ConfirmDialog>
      <ConfirmDialog
        opened={revoking !== null}
        title="Revoke this key?"
        confirmLabel="Revoke key"
        cancelLabel="Cancel"
        color="red"
        loading={actions.revokeKey.isPending}
        onClose={() => setRevoking(null)}
        onConfirm={() => {
          if (!revoking) return;
          actions.revokeKey.mutate(
            { provider: revoking.provider, keyId: revoking.key.id },
            {
              onSuccess: () => {
                notifications.show({ color: 'green', message: `${revoking.key.displayPrefix} revoked.` });
                setRevoking(null);
              },
              onError: fail,
            },
          );
        }}
      >
        Greenhouse calls with <Code>{revoking?.key.displayPrefix}</Code> are refused from now on. This cannot
        be undone.
      </ConfirmDialog>
    </>
  );
}

/** The frame every card shares: title, state badge, ⋮ menu, details, status reason, failing count. */
function IntegrationCard({
  integration,
  menu,
  details,
  children,
}: {
  integration: Integration;
  menu: ReactNode;
  details: ReactNode;
  children?: ReactNode;
}) {
  const badge = stateBadge(integration.provider, integration.state);
  const headingId = `integration-${integration.provider}`;
  return (
    <Paper withBorder radius="lg" p="lg" component="section" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Group gap="sm" wrap="wrap">
            <Title order={2} fz="lg" id={headingId}>
              {integration.label}
            </Title>
            <Badge color={badge.color} variant="light" data-testid={`${integration.provider}-state`}>
              {badge.label}
            </Badge>
          </Group>
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <RowMenuButton label={`${integration.label} actions`} />
            </Menu.Target>
            <Menu.Dropdown>{menu}</Menu.Dropdown>
          </Menu>
        </Group>
        <Stack gap={2}>{details}</Stack>
        {integration.statusReason ? (
          <Alert
            color={integration.state === 'error' ? 'red' : 'yellow'}
            variant="light"
            title={integration.state === 'error' ? 'Needs attention' : 'Note'}
          >
            {integration.statusReason}
          </Alert>
        ) : null}
        {integration.failingDeliveries > 0 ? (
          <Anchor component={Link} to={deliveriesPath(integration.provider)} c="red" size="sm">
            {integration.failingDeliveries} failing{' '}
            {integration.failingDeliveries === 1 ? 'delivery' : 'deliveries'}
          </Anchor>
        ) : null}
        {children}
      </Stack>
    </Paper>
  );
}

function SmartRecruitersCard({
  integration,
  onIntegrate,
  onDisconnect,
}: {
  integration: Integration;
  onIntegrate: () => void;
  onDisconnect: () => void;
}) {
  const key = integration.keys[0];
  return (
    <IntegrationCard
      integration={integration}
      menu={
        <>
          <Menu.Item onClick={onIntegrate}>Integrate</Menu.Item>
          <Menu.Item color="red" disabled={integration.state === 'not_connected'} onClick={onDisconnect}>
            Disconnect
          </Menu.Item>
          <Menu.Item component={Link} to={deliveriesPath('smartrecruiters')}>
            Deliveries
          </Menu.Item>
        </>
      }
      details={
        <>
          {integration.state === 'not_connected' ? (
            <Text size="sm" c="dimmed">
              Choose Integrate in the menu to get a key, then connect Assay from SmartRecruiters.
            </Text>
          ) : null}
          {integration.state === 'waiting' ? (
            <Text size="sm" c="dimmed">
              In SmartRecruiters, open Apps &amp; Integrations → Assay → Connect, and paste the key when
              asked. This page updates by itself.
            </Text>
          ) : null}
          {integration.externalAccountId ? (
            <Text size="sm">Company {integration.externalAccountId}</Text>
          ) : null}
          {integration.connectedAt ? (
            <Text size="sm">Connected since {formatDateTime(integration.connectedAt)}</Text>
          ) : null}
          {key ? (
            <Text size="sm" c="dimmed">
              Key <Code>{key.displayPrefix}</Code> issued {formatDateTime(key.createdAt)}
              {key.lastUsedAt ? `, last used ${formatDateTime(key.lastUsedAt)}` : ', not used yet'}
            </Text>
          ) : null}
        </>
      }
    />
  );
}

function GreenhouseCard({
  orgId,
  integration,
  onGenerateKey,
  onCredential,
  onDisconnect,
  onRevoke,
}: {
  orgId: string;
  integration: Integration;
  onGenerateKey: () => void;
  onCredential: () => void;
  onDisconnect: () => void;
  onRevoke: (key: IntegrationKey) => void;
}) {
  const waiting = useIntegrationDeliveries(
    orgId,
    { provider: 'greenhouse', status: 'needs_credentials', page: 1, pageSize: 1 },
    integration.failingDeliveries > 0,
  );
  const waitingCount = integration.failingDeliveries > 0 ? (waiting.data?.total ?? 0) : 0;
  return (
    <IntegrationCard
      integration={integration}
      menu={
        <>
          <Menu.Item onClick={onGenerateKey}>Generate key</Menu.Item>
          <Menu.Item onClick={onCredential}>Completion credential</Menu.Item>
          <Menu.Item
            color="red"
            disabled={integration.state === 'not_connected' && !integration.outboundCredential}
            onClick={onDisconnect}
          >
            Disconnect
          </Menu.Item>
          <Menu.Item component={Link} to={deliveriesPath('greenhouse')}>
            Deliveries
          </Menu.Item>
        </>
      }
      details={
        <>
          <Text size="sm">
            {integration.lastInboundAt
              ? `Last request from Greenhouse ${formatDateTime(integration.lastInboundAt)}`
              : 'No request from Greenhouse yet'}
          </Text>
          <Text size="sm">
            {integration.lastOutboundAt
              ? `Last completion call ${formatDateTime(integration.lastOutboundAt)}`
              : 'No completion call yet'}
          </Text>
          <Text size="sm" c={integration.outboundCredential ? undefined : 'dimmed'}>
            {integration.outboundCredential
              ? `Completion credential: user name ${maskUsername(integration.outboundCredential.username)}`
              : 'No completion credential stored'}
          </Text>
        </>
      }
    >
      {waitingCount > 0 ? (
        <Alert
          color="yellow"
          variant="light"
          title="Greenhouse results are waiting for the completion credential"
        >
          <Stack gap="xs" align="flex-start">
            <Text size="sm">
              {waitingCount} finished {waitingCount === 1 ? 'test is' : 'tests are'} not reported yet. Add the
              credential Greenhouse gave you: they are sent as soon as it is saved.
            </Text>
            <Group gap="xs">
              <Button size="xs" variant="light" onClick={onCredential}>
                Add completion credential
              </Button>
              <Button
                size="xs"
                variant="subtle"
                component={Link}
                to={deliveriesPath('greenhouse', 'needs_credentials')}
              >
                Show waiting deliveries
              </Button>
            </Group>
          </Stack>
        </Alert>
      ) : null}
      {integration.keys.length === 0 ? (
        <Text size="sm" c="dimmed">
          No active keys. Choose Generate key in the menu and give the key to Greenhouse.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={460}>
          <Table verticalSpacing="xs" aria-label="Greenhouse keys">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Key</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>Last used</Table.Th>
                <Table.Th>
                  <VisuallyHidden component="span">Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {integration.keys.map((key) => (
                <Table.Tr key={key.id}>
                  <Table.Td>
                    <Code>{key.displayPrefix}</Code>
                  </Table.Td>
                  <Table.Td>{formatDateTime(key.createdAt)}</Table.Td>
                  <Table.Td>{key.lastUsedAt ? formatDateTime(key.lastUsedAt) : 'Never'}</Table.Td>
                  <Table.Td ta="right">
                    <Button
                      size="xs"
                      variant="light"
                      color="red"
                      aria-label={`Revoke ${key.displayPrefix}`}
                      onClick={() => onRevoke(key)}
                    >
                      Revoke
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </IntegrationCard>
  );
}
