import { API_TOKEN_SCOPES, type ApiTokenScope, type Role } from '@assay/contracts';
import { Button, Checkbox, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useState, type SyntheticEvent } from 'react';
import { FormAlert } from '../../app/components/FormAlert.js';
import { useFormErrors } from '../../lib/use-form-errors.js';
import { hasRole } from '../identity/roles.js';
import { ShownOnceSecret } from './ShownOnceSecret.js';
import { useCreateApiToken } from './use-api-tokens.js';

const SCOPE_LABELS: Record<ApiTokenScope, { label: string; minimum: Role }> = {
  'tests:read': { label: 'Read tests', minimum: 'recruiter' },
  'invitations:write': { label: 'Create invitations and read their status', minimum: 'recruiter' },
  'reports:read': { label: 'Read reports', minimum: 'reviewer' },
};

/** Name, scopes and optional expiry; then the token, once. */
export function CreateApiTokenDialog({
  orgId,
  role,
  opened,
  onClose,
}: {
  orgId: string;
  role: Role;
  opened: boolean;
  onClose: () => void;
}) {
  const create = useCreateApiToken(orgId);
  const errors = useFormErrors();
  const allowed = API_TOKEN_SCOPES.filter((s) => hasRole(role, SCOPE_LABELS[s].minimum));
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>([]);
  const [expiresOn, setExpiresOn] = useState('');
  const [token, setToken] = useState<string | null>(null);

  const close = () => {
    errors.clear();
    setName('');
    setScopes([]);
    setExpiresOn('');
    setToken(null);
    onClose();
  };

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    errors.clear();
    create.mutate(
      {
        name,
        scopes: scopes as ApiTokenScope[],
        expiresAt: expiresOn ? new Date(`${expiresOn}T23:59:59Z`).toISOString() : null,
      },
      { onSuccess: (created) => setToken(created.token), onError: errors.capture },
    );
  };

  return (
    <Modal opened={opened} onClose={close} title="New API token" centered>
      {token ? (
        <Stack>
          <ShownOnceSecret label="Your new API token" value={token} />
          <Group justify="flex-end">
            <Button onClick={close}>Done</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <FormAlert message={errors.form} />
            <TextInput
              label="Name"
              description="What the token is for, e.g. “ATS sync”."
              required
              data-autofocus
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={errors.fields.name}
            />
            <Checkbox.Group
              label="Scopes"
              required
              value={scopes}
              onChange={setScopes}
              error={errors.fields.scopes}
            >
              <Stack gap="xs" mt="xs">
                {allowed.map((scope) => (
                  <Checkbox key={scope} value={scope} label={`${SCOPE_LABELS[scope].label} (${scope})`} />
                ))}
              </Stack>
            </Checkbox.Group>
            <TextInput
              label="Expires on"
              description="Optional. Leave empty for a token that lasts until revoked."
              type="date"
              value={expiresOn}
              onChange={(e) => setExpiresOn(e.currentTarget.value)}
              error={errors.fields.expiresAt}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending} disabled={scopes.length === 0 || !name.trim()}>
                Create token
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
