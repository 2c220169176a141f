import type { CreatedShareLink, Report } from '@assay/contracts';
import { Badge, Button, Group, NumberInput, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { ConfirmDialog } from '../../app/components/ConfirmDialog.js';
import { FormAlert } from '../../app/components/FormAlert.js';
import { errorMessage } from '../../lib/api-error.js';
import { formatDateTime } from '../../lib/format.js';
import { useFormErrors } from '../../lib/use-form-errors.js';
import { ShownOnceSecret } from '../api-tokens/ShownOnceSecret.js';
import { useCreateShareLink, useRevokeShareLink } from './use-reports.js';

type Link = Report['shareLinks'][number];

function linkState(link: Link, now: number): 'active' | 'expired' | 'revoked' {
  if (link.revokedAt) return 'revoked';
  return new Date(link.expiresAt).getTime() <= now ? 'expired' : 'active';
}

/** Read-only share links: create one with an expiry (its URL is shown once), list, revoke. */
export function ShareLinks({
  orgId,
  invitationId,
  links,
}: {
  orgId: string;
  invitationId: string;
  links: Link[];
}) {
  const create = useCreateShareLink(orgId, invitationId);
  const revoke = useRevokeShareLink(orgId, invitationId);
  const errors = useFormErrors();
  const [days, setDays] = useState<number | string>(7);
  const [created, setCreated] = useState<CreatedShareLink | null>(null);
  const [revoking, setRevoking] = useState<Link | null>(null);
  const now = Date.now();

  const submit = () => {
    errors.clear();
    setCreated(null);
    create.mutate({ expiresInDays: Number(days) }, { onSuccess: setCreated, onError: errors.capture });
  };

  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        Anyone with a share link can read this report (without notes) until it expires or is revoked.
      </Text>
      <FormAlert message={errors.form} />
      <Group align="flex-end" gap="sm">
        <NumberInput
          label="Valid for (days)"
          min={1}
          max={30}
          w={160}
          value={days}
          onChange={setDays}
          error={errors.fields.expiresInDays}
        />
        <Button onClick={submit} loading={create.isPending}>
          Create share link
        </Button>
      </Group>
      {created ? (
        <ShownOnceSecret
          label={`Share link (valid until ${formatDateTime(created.expiresAt)})`}
          value={created.url}
        />
      ) : null}
      {links.length > 0 ? (
        <Table verticalSpacing="xs" aria-label="Share links">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Created</Table.Th>
              <Table.Th>Expires</Table.Th>
              <Table.Th>State</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {links.map((l) => {
              const state = linkState(l, now);
              return (
                <Table.Tr key={l.id}>
                  <Table.Td>{formatDateTime(l.createdAt)}</Table.Td>
                  <Table.Td>{formatDateTime(l.expiresAt)}</Table.Td>
                  <Table.Td>
                    <Badge
                      variant="light"
                      tt="none"
                      color={state === 'active' ? 'green' : state === 'revoked' ? 'red' : 'gray'}
                    >
                      {state}
                    </Badge>
                  </Table.Td>
                  <Table.Td ta="right">
                    {state === 'active' ? (
                      <Button size="xs" variant="subtle" color="red" onClick={() => setRevoking(l)}>
                        Revoke
                      </Button>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      ) : null}
      <ConfirmDialog
        opened={revoking !== null}
        title="Revoke this share link?"
        confirmLabel="Revoke"
        color="red"
        loading={revoke.isPending}
        onClose={() => setRevoking(null)}
        onConfirm={() => {
          if (!revoking) return;
          revoke.mutate(revoking.id, {
            onSuccess: () => {
              notifications.show({ color: 'green', message: 'The share link was revoked.' });
              setRevoking(null);
            },
            onError: (err) => notifications.show({ color: 'red', message: errorMessage(err) }),
          });
        }}
      >
        Whoever holds the link can no longer open the report.
      </ConfirmDialog>
    </Stack>
  );
}
