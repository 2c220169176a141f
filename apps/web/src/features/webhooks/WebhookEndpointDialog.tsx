import { SUBSCRIBABLE_WEBHOOK_EVENTS, type WebhookEventType } from '@assay/contracts';
import { Button, Checkbox, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useState, type SyntheticEvent } from 'react';
import { FormAlert } from '../../app/components/FormAlert.js';
import { useFormErrors } from '../../lib/use-form-errors.js';
import { ShownOnceSecret } from '../api-tokens/ShownOnceSecret.js';
import { useWebhookActions } from './use-webhooks.js';

/** Add an endpoint: URL, description, events; then its signing secret, once. */
export function WebhookEndpointDialog({
  orgId,
  opened,
  onClose,
}: {
  orgId: string;
  opened: boolean;
  onClose: () => void;
}) {
  const { create } = useWebhookActions(orgId);
  const errors = useFormErrors();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<string[]>(['report.ready']);
  const [secret, setSecret] = useState<string | null>(null);

  const close = () => {
    errors.clear();
    setUrl('');
    setDescription('');
    setEvents(['report.ready']);
    setSecret(null);
    onClose();
  };

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    errors.clear();
    create.mutate(
      { url, description, events: events as WebhookEventType[] },
      { onSuccess: (created) => setSecret(created.secret), onError: errors.capture },
    );
  };

  return (
    <Modal opened={opened} onClose={close} title="Add a webhook endpoint" centered size="lg">
      {secret ? (
        <Stack>
          <ShownOnceSecret label="Signing secret" value={secret} />
          <Group justify="flex-end">
            <Button onClick={close}>Done</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <FormAlert message={errors.form} />
            <TextInput
              label="URL"
              description="Public https address. Private and internal addresses are refused."
              placeholder="https://example.com/webhooks/assay"
              required
              data-autofocus
              value={url}
              onChange={(e) => setUrl(e.currentTarget.value)}
              error={errors.fields.url}
            />
            <TextInput
              label="Description"
              value={description}
              onChange={(e) => setDescription(e.currentTarget.value)}
              error={errors.fields.description}
            />
            <Checkbox.Group
              label="Events"
              required
              value={events}
              onChange={setEvents}
              error={errors.fields.events}
            >
              <Stack gap="xs" mt="xs">
                {SUBSCRIBABLE_WEBHOOK_EVENTS.map((e) => (
                  <Checkbox key={e} value={e} label={e} />
                ))}
              </Stack>
            </Checkbox.Group>
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending} disabled={events.length === 0 || !url.trim()}>
                Add endpoint
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
