import type { OrganizationSettings } from '@assay/contracts';
import { Button, ColorInput, Group, Loader, NumberInput, Paper, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type SyntheticEvent } from 'react';
import { FormAlert } from '../../app/components/FormAlert.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import { errorMessage } from '../../lib/api-error.js';
import { useFormErrors } from '../../lib/use-form-errors.js';
import { hasRole } from '../identity/roles.js';
import { useSignedInSession } from '../identity/use-session.js';
import { useOrganizationSettings, useUpdateOrganizationSettings } from './use-organization-settings.js';

/** Settings → Organization: name and the branding used in candidate mails and pages. */
export function OrganizationSettingsPage() {
  const { membership } = useSignedInSession();
  const orgId = membership?.organizationId ?? '';
  const settings = useOrganizationSettings(orgId);
  return (
    <>
      <PageHeader
        title="Organization"
        description="Your organization's name and the branding candidates see in mails and on the test pages."
      />
      {settings.isPending ? (
        <Loader aria-label="Loading settings" />
      ) : settings.isError ? (
        <FormAlert message={errorMessage(settings.error)} />
      ) : (
        <SettingsForm
          key={settings.data.id}
          settings={settings.data}
          canEdit={hasRole(membership?.role, 'admin')}
        />
      )}
    </>
  );
}

function SettingsForm({ settings, canEdit }: { settings: OrganizationSettings; canEdit: boolean }) {
  const update = useUpdateOrganizationSettings(settings.id);
  const errors = useFormErrors();
  const [name, setName] = useState(settings.name);
  const [logoUrl, setLogoUrl] = useState(settings.logoUrl ?? '');
  const [accentColor, setAccentColor] = useState(settings.accentColor ?? '');
  const [retentionDays, setRetentionDays] = useState<number | string>(settings.candidateRetentionDays ?? '');

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    errors.clear();
    update.mutate(
      {
        name,
        logoUrl: logoUrl.trim() || null,
        accentColor: accentColor.trim() || null,
        candidateRetentionDays: retentionDays === '' ? null : Number(retentionDays),
      },
      {
        onSuccess: () => notifications.show({ color: 'green', message: 'Organization settings saved.' }),
        onError: errors.capture,
      },
    );
  };

  return (
    <Paper withBorder radius="lg" p="xl" maw={640}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {!canEdit ? (
            <Text c="dimmed" size="sm">
              Only admins and owners can change these settings.
            </Text>
          ) : null}
          <FormAlert message={errors.form} />
          <TextInput
            label="Organization name"
            required
            disabled={!canEdit}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.fields.name}
          />
          <TextInput
            label="Logo URL"
            description="An https:// image shown at the top of candidate mails and pages. Leave empty for none."
            type="url"
            placeholder="https://example.com/logo.png"
            disabled={!canEdit}
            value={logoUrl}
            onChange={(e) => setLogoUrl(e.currentTarget.value)}
            error={errors.fields.logoUrl}
          />
          <ColorInput
            label="Accent color"
            description="Used for buttons and links in candidate mails. Leave empty for Assay's default."
            placeholder="#4c6ef5"
            format="hex"
            disabled={!canEdit}
            value={accentColor}
            onChange={setAccentColor}
            error={errors.fields.accentColor}
          />
          <NumberInput
            label="Candidate data retention (days)"
            description="Candidates are erased automatically this many days after their last activity, unless a test is in progress (30 to 3650 days). Leave empty to keep candidates until you erase them."
            placeholder="Keep until erased"
            min={30}
            max={3650}
            allowDecimal={false}
            allowNegative={false}
            disabled={!canEdit}
            value={retentionDays}
            onChange={setRetentionDays}
            error={errors.fields.candidateRetentionDays}
          />
          <Text size="sm" c="dimmed">
            Address: <code>{settings.slug}</code>
          </Text>
          {canEdit ? (
            <Group justify="flex-end">
              <Button type="submit" loading={update.isPending}>
                Save changes
              </Button>
            </Group>
          ) : null}
        </Stack>
      </form>
    </Paper>
  );
}
