import { PasswordLimits } from '@assay/contracts';
import { Alert, Anchor, Button, PasswordInput, Stack } from '@mantine/core';
import { useState, type SyntheticEvent } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { FormAlert } from '../../app/components/FormAlert.js';
import { useFormErrors } from '../../lib/use-form-errors.js';
import { AuthLayout } from './AuthLayout.js';
import { readLinkToken } from './link-token.js';
import { useConfirmPasswordReset } from './use-auth-actions.js';

/** Choose a new password from the reset link in the mail. */
export function ResetPasswordPage() {
  const location = useLocation();
  const [token] = useState(() => readLinkToken(location));
  const confirm = useConfirmPasswordReset();
  const errors = useFormErrors();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    errors.clear();
    if (password !== repeat) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    if (token) confirm.mutate({ token, password }, { onError: errors.capture });
  };

  const back = (
    <Anchor component={Link} to="/login">
      Back to sign in
    </Anchor>
  );

  if (!token) {
    return (
      <AuthLayout title="Reset your password" footer={back}>
        <Alert color="red" variant="light" role="alert" title="This link is incomplete">
          Open the link from the reset mail again, or{' '}
          <Anchor component={Link} to="/forgot-password">
            ask for a new one
          </Anchor>
          .
        </Alert>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title="Choose a new password" footer={back}>
      {confirm.isSuccess ? (
        <Stack>
          <Alert color="green" variant="light" role="status" title="Password changed">
            Your password was changed and your other sessions were signed out.
          </Alert>
          <Button component={Link} to="/login">
            Sign in
          </Button>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <FormAlert message={errors.form} />
            <PasswordInput
              label="New password"
              description={`At least ${PasswordLimits.minLength} characters.`}
              autoComplete="new-password"
              required
              autoFocus
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={errors.fields.password}
            />
            <PasswordInput
              label="Repeat the new password"
              autoComplete="new-password"
              required
              value={repeat}
              onChange={(e) => setRepeat(e.currentTarget.value)}
              error={mismatch ? 'The passwords do not match.' : undefined}
            />
            <Button type="submit" loading={confirm.isPending} fullWidth>
              Set new password
            </Button>
          </Stack>
        </form>
      )}
    </AuthLayout>
  );
}
