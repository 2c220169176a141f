import { Alert, Anchor, Button, Stack, TextInput } from '@mantine/core';
import { useState, type SyntheticEvent } from 'react';
import { Link } from 'react-router-dom';
import { FormAlert } from '../../app/components/FormAlert.js';
import { useFormErrors } from '../../lib/use-form-errors.js';
import { AuthLayout } from './AuthLayout.js';
import { useRequestPasswordReset } from './use-auth-actions.js';

/** Ask for a password reset link by mail. */
export function ForgotPasswordPage() {
  const request = useRequestPasswordReset();
  const errors = useFormErrors();
  const [email, setEmail] = useState('');

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    errors.clear();
    request.mutate({ email }, { onError: errors.capture });
  };

  return (
    <AuthLayout
      title="Reset your password"
      description="Enter the email of your account and we will send you a link to choose a new password."
      footer={
        <Anchor component={Link} to="/login">
          Back to sign in
        </Anchor>
      }
    >
      {request.isSuccess ? (
        <Alert color="green" variant="light" role="status" title="Check your inbox">
          If an account exists for {email}, a reset link is on its way. It expires in one hour. On an install
          without SMTP, an administrator can find the mail in Settings → Mail log.
        </Alert>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <FormAlert message={errors.form} />
            <TextInput
              label="Email"
              type="email"
              autoComplete="email"
              required
              autoFocus
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              error={errors.fields.email}
            />
            <Button type="submit" loading={request.isPending} fullWidth>
              Send reset link
            </Button>
          </Stack>
        </form>
      )}
    </AuthLayout>
  );
}
