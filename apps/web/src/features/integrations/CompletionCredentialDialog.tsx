import { Button, Group, Modal, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type SyntheticEvent } from 'react';
import { FormAlert } from '../../app/components/FormAlert.js';
import { useFormErrors } from '../../lib/use-form-errors.js';
import { useIntegrationActions } from './use-integrations.js';

/** Show a stored user name without revealing it (the server may already mask it). */
export function maskUsername(username: string): string {
  if (/[•*]/.test(username)) return username;
  if (username.length <= 2) return '•'.repeat(Math.max(username.length, 4));
  return `${username.slice(0, 2)}${'•'.repeat(Math.min(username.length - 2, 8))}`;
}

/**
 * The Greenhouse completion credential (Basic auth for the PATCH that reports a finished test):
 * user name required, password optional. Saving replaces the stored one; the server asks for
 * the password again when the re-auth window has passed.
 */
export function CompletionCredentialDialog({
  orgId,
  opened,
  storedUsername,
  onClose,
}: {
  orgId: string;
  opened: boolean;
  storedUsername: string | null;
  onClose: () => void;
}) {
  const { saveCredentials } = useIntegrationActions(orgId);
  const errors = useFormErrors();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');

  const close = () => {
    errors.clear();
    saveCredentials.reset();
    setUsername('');
    setPassword('');
    onClose();
  };

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    errors.clear();
    saveCredentials.mutate(
      { provider: 'greenhouse', body: { username: username.trim(), password } },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', message: 'Completion credential saved.' });
          close();
        },
        onError: errors.capture,
      },
    );
  };

  return (
    <Modal opened={opened} onClose={close} title="Completion credential" centered>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            Greenhouse gives you this credential so Assay can report finished tests back. It is stored
            encrypted and never shown again.
          </Text>
          {storedUsername ? (
            <Text size="sm" data-testid="stored-credential">
              Stored credential: user name {maskUsername(storedUsername)}. Saving replaces it.
            </Text>
          ) : (
            <Text size="sm">No credential stored yet: finished tests wait until you add one.</Text>
          )}
          <FormAlert message={errors.form} />
          <TextInput
            label="User name"
            required
            data-autofocus
            autoComplete="off"
            value={username}
            onChange={(e) => setUsername(e.currentTarget.value)}
            error={errors.fields.username}
          />
          <PasswordInput
            label="Password"
            description="Optional. Leave empty when Greenhouse gave you only a user name (an API key)."
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={errors.fields.password}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={saveCredentials.isPending} disabled={!username.trim()}>
              Save credential
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
