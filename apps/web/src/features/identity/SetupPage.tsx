import { PasswordLimits } from '@assay/contracts';
import { Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useState, type SyntheticEvent } from 'react';
import { Navigate, useNavigate } from 'react-router-dom';
import { FormAlert } from '../../app/components/FormAlert.js';
import { useFormErrors } from '../../lib/use-form-errors.js';
import { AuthLayout } from './AuthLayout.js';
import { useSetup } from './use-auth-actions.js';
import { useSession } from './use-session.js';

/** First run: create the organization and its owner account. */
export function SetupPage() {
  const session = useSession();
  const setup = useSetup();
  const navigate = useNavigate();
  const errors = useFormErrors();
  const [values, setValues] = useState({ organizationName: '', name: '', email: '', password: '' });
  // Read the value now: React clears `currentTarget` before a functional update runs.
  const set = (key: keyof typeof values) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setValues((v) => ({ ...v, [key]: value }));
  };

  if (session.data && !session.data.setupRequired && !setup.isSuccess) return <Navigate to="/" replace />;

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    errors.clear();
    setup.mutate(values, {
      onSuccess: () => void navigate('/settings/team', { replace: true }),
      onError: errors.capture,
    });
  };

  return (
    <AuthLayout
      title="Set up Assay"
      description="Create your organization and its owner account. You can invite your team next."
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormAlert message={errors.form} />
          <TextInput
            label="Organization name"
            placeholder="Acme Inc."
            required
            data-autofocus
            autoFocus
            value={values.organizationName}
            onChange={set('organizationName')}
            error={errors.fields.organizationName}
          />
          <TextInput
            label="Your name"
            autoComplete="name"
            required
            value={values.name}
            onChange={set('name')}
            error={errors.fields.name}
          />
          <TextInput
            label="Work email"
            type="email"
            autoComplete="email"
            required
            value={values.email}
            onChange={set('email')}
            error={errors.fields.email}
          />
          <PasswordInput
            label="Password"
            description={`At least ${PasswordLimits.minLength} characters.`}
            autoComplete="new-password"
            required
            value={values.password}
            onChange={set('password')}
            error={errors.fields.password}
          />
          <Button type="submit" loading={setup.isPending} fullWidth mt="xs">
            Create organization
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
