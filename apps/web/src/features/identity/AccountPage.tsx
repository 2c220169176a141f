import { PasswordLimits } from '@assay/contracts';
import { Button, Group, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useId, useState, type SyntheticEvent, type ReactNode } from 'react';
import { FormAlert } from '../../app/components/FormAlert.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import { useFormErrors } from '../../lib/use-form-errors.js';
import { roleLabel } from './roles.js';
import { useChangeEmail, useChangePassword } from './use-auth-actions.js';
import { useSignedInSession } from './use-session.js';

/** Account settings: profile, email (asks for the password), password. */
export function AccountPage() {
  const { user, session } = useSignedInSession();
  return (
    <>
      <PageHeader
        title="Account settings"
        description="Your sign-in details. They apply in every organization."
      />
      <Stack gap="lg" maw={640}>
        <Section title="Profile">
          <Stack gap={4}>
            <Text fw={600}>{user.name}</Text>
            <Text c="dimmed" size="sm">
              {session.memberships.map((m) => `${roleLabel(m.role)} in ${m.organizationName}`).join(' · ')}
            </Text>
          </Stack>
        </Section>
        <EmailForm currentEmail={user.email} />
        <PasswordForm />
      </Stack>
    </>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const headingId = useId();
  return (
    <Paper withBorder radius="lg" p="xl" component="section" aria-labelledby={headingId}>
      <Title order={2} fz="lg" mb="md" id={headingId}>
        {title}
      </Title>
      {children}
    </Paper>
  );
}

function EmailForm({ currentEmail }: { currentEmail: string }) {
  const change = useChangeEmail();
  const errors = useFormErrors();
  const [email, setEmail] = useState(currentEmail);
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    errors.clear();
    // A sensitive action: outside the re-auth window the API answers auth.reauth_required
    // and the client shows "Confirm your password", then retries.
    change.mutate(
      { email },
      {
        onSuccess: () => notifications.show({ color: 'green', message: 'Email changed.' }),
        onError: errors.capture,
      },
    );
  };
  return (
    <Section title="Email">
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormAlert message={errors.form} />
          <TextInput
            label="Email"
            type="email"
            autoComplete="email"
            description="You will be asked to confirm your password."
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={errors.fields.email}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={change.isPending} disabled={email.trim() === currentEmail}>
              Change email
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}

function PasswordForm() {
  const change = useChangePassword();
  const errors = useFormErrors();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    errors.clear();
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          setCurrent('');
          setNew('');
          notifications.show({
            color: 'green',
            message: 'Password changed. Your other sessions were signed out.',
          });
        },
        onError: errors.capture,
      },
    );
  };
  return (
    <Section title="Password">
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormAlert message={errors.form} />
          <PasswordInput
            label="Current password"
            autoComplete="current-password"
            required
            value={currentPassword}
            onChange={(e) => setCurrent(e.currentTarget.value)}
            error={errors.fields.currentPassword}
          />
          <PasswordInput
            label="New password"
            description={`At least ${PasswordLimits.minLength} characters; common passwords are refused.`}
            autoComplete="new-password"
            required
            value={newPassword}
            onChange={(e) => setNew(e.currentTarget.value)}
            error={errors.fields.newPassword}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={change.isPending}>
              Change password
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}
