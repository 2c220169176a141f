import { Badge, Button, Code, Loader, Paper, Table, Text, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import type { ApiToken } from '@assay/contracts';
import { ConfirmDialog } from '../../app/components/ConfirmDialog.js';
import { EmptyState } from '../../app/components/EmptyState.js';
import { FormAlert } from '../../app/components/FormAlert.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import { errorMessage } from '../../lib/api-error.js';
import { formatDateTime } from '../../lib/format.js';
import { useSignedInSession } from '../identity/use-session.js';
import { CreateApiTokenDialog } from './CreateApiTokenDialog.js';
import { useApiTokens, useRevokeApiToken } from './use-api-tokens.js';

function tokenState(token: ApiToken): { label: string; color: string } {
  if (token.revokedAt) return { label: 'Revoked', color: 'gray' };
  if (token.expiresAt && new Date(token.expiresAt).getTime() <= Date.now())
    return { label: 'Expired', color: 'gray' };
  return { label: 'Active', color: 'green' };
}

/** Settings → API tokens: the caller's personal tokens for the public API (Authorization: Bearer). */
export function ApiTokensPage() {
  const { membership } = useSignedInSession();
  const orgId = membership?.organizationId ?? '';
  const tokens = useApiTokens(orgId);
  const revoke = useRevokeApiToken(orgId);
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);

  return (
    <>
      <PageHeader
        title="API tokens"
        description={
          <>
            Personal tokens for the public API. Send them as <Code>Authorization: Bearer …</Code>; never in a
            URL. A token acts with your role, limited to its scopes.
          </>
        }
        actions={<Button onClick={() => setCreating(true)}>New token</Button>}
      />
      {tokens.isPending ? (
        <Loader aria-label="Loading API tokens" />
      ) : tokens.isError ? (
        <FormAlert message={errorMessage(tokens.error)} />
      ) : tokens.data.items.length === 0 ? (
        <EmptyState title="No API tokens">
          Create a token to let another system list tests, send invitations or fetch reports. It is shown once
          and stored hashed.
        </EmptyState>
      ) : (
        <Paper withBorder radius="lg">
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="sm" horizontalSpacing="md" aria-label="API tokens">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Token</Table.Th>
                  <Table.Th>Scopes</Table.Th>
                  <Table.Th>Last used</Table.Th>
                  <Table.Th>Expires</Table.Th>
                  <Table.Th>State</Table.Th>
                  <Table.Th>
                    <VisuallyHidden component="span">Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {tokens.data.items.map((token) => {
                  const state = tokenState(token);
                  return (
                    <Table.Tr key={token.id}>
                      <Table.Td>{token.name}</Table.Td>
                      <Table.Td>
                        <Code>{token.prefix}…</Code>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{token.scopes.join(', ')}</Text>
                      </Table.Td>
                      <Table.Td>{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : 'Never'}</Table.Td>
                      <Table.Td>{token.expiresAt ? formatDateTime(token.expiresAt) : 'Never'}</Table.Td>
                      <Table.Td>
                        <Badge color={state.color} variant="light">
                          {state.label}
                        </Badge>
                      </Table.Td>
                      <Table.Td ta="right">
                        {token.revokedAt ? null : (
                          <Button size="xs" variant="light" color="red" onClick={() => setRevoking(token)}>
                            Revoke <VisuallyHidden component="span">{token.name}</VisuallyHidden>
                          </Button>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      {membership ? (
        <CreateApiTokenDialog
          orgId={orgId}
          role={membership.role}
          opened={creating}
          onClose={() => setCreating(false)}
        />
      ) : null}
      <ConfirmDialog
        opened={revoking !== null}
        title="Revoke this token?"
        confirmLabel="Revoke token"
        color="red"
        loading={revoke.isPending}
        onClose={() => setRevoking(null)}
        onConfirm={() => {
          if (!revoking) return;
          revoke.mutate(revoking.id, {
            onSuccess: () => {
              notifications.show({ color: 'green', message: `${revoking.name} revoked.` });
              setRevoking(null);
            },
            onError: (err) => notifications.show({ color: 'red', message: errorMessage(err) }),
          });
        }}
      >
        Anything using {revoking?.name ?? 'it'} stops working on its next request. This cannot be undone.
      </ConfirmDialog>
    </>
  );
}
