import { Group, Loader, Paper, Stack, Switch, Text } from '@mantine/core';
import type { NotificationPreferences } from '@assay/contracts';
import { FormAlert } from '../../app/components/FormAlert.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import { errorMessage } from '../../lib/api-error.js';
import { useSignedInSession } from '../identity/use-session.js';
import {
  useNotificationPreferences,
  useSaveNotificationPreferences,
} from './use-notification-preferences.js';

const OPTIONS: { key: keyof NotificationPreferences; label: string; description: string }[] = [
  {
    key: 'candidateSubmitted',
    label: 'A candidate I invited submits',
    description: 'One mail per submission, with a link to the report.',
  },
  {
    key: 'gradingFinished',
    label: 'Grading of my candidate finishes',
    description: 'The score when grading is done, or a notice when it failed and an admin can retry.',
  },
];

/** Settings → Notifications: the signed-in member's own mail choices, saved on every switch. */
export function NotificationsPage() {
  const { membership } = useSignedInSession();
  const orgId = membership?.organizationId ?? '';
  const prefs = useNotificationPreferences(orgId);
  const save = useSaveNotificationPreferences(orgId);

  const status = save.isPending ? 'Saving…' : save.isError ? null : save.isSuccess ? 'Saved' : null;

  return (
    <>
      <PageHeader
        title="Notifications"
        description="Mails Assay sends you about the candidates you invite (from the web or with your API tokens). Invitations sent by an ATS integration have no inviter and send no mail."
      />
      {prefs.isPending ? (
        <Loader aria-label="Loading notification preferences" />
      ) : prefs.isError ? (
        <FormAlert message={errorMessage(prefs.error)} />
      ) : (
        <Paper withBorder radius="lg" p="lg" maw={640}>
          <Stack gap="lg">
            {OPTIONS.map((option) => (
              <Switch
                key={option.key}
                label={option.label}
                description={option.description}
                checked={prefs.data[option.key]}
                disabled={save.isPending}
                onChange={(event) => {
                  save.mutate({ ...prefs.data, [option.key]: event.currentTarget.checked });
                }}
              />
            ))}
            {save.isError ? <FormAlert message={errorMessage(save.error)} /> : null}
            <Group justify="flex-end" mih={20}>
              <Text size="sm" c="dimmed" role="status" aria-live="polite">
                {status}
              </Text>
            </Group>
          </Stack>
        </Paper>
      )}
    </>
  );
}
