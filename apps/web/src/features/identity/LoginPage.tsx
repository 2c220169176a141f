import { Anchor, Button, Group, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useState, type SyntheticEvent } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { FormAlert } from '../../app/components/FormAlert.js';
import { useFormErrors } from '../../lib/use-form-errors.js';
import { AuthLayout } from './AuthLayout.js';
import { useLogin } from './use-auth-actions.js';
import { useSession } from './use-session.js';

/** Where to go after signing in: only same-app paths (never an open redirect). */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

/** Sign in with email and password. */
export function LoginPage() {
  const session = useSession();
  const login = useLogin();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const errors = useFormErrors();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const next = safeNext(params.get('next'));

  if (session.data?.setupRequired) return <Navigate to="/setup" replace />;
  if (session.data?.user && !login.isPending) return <Navigate to={next} replace />;

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    errors.clear();
    login.mutate(
      { email, password },
      { onSuccess: () => void navigate(next, { replace: true }), onError: errors.capture },
    );
  };

  return (
    <AuthLayout title="Sign in to Assay" description="Welcome back.">
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormAlert message={errors.form} />
          <TextInput
            label="Email"
            type="email"
            autoComplete="username"
            required
            autoFocus
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={errors.fields.email}
          />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={errors.fields.password}
          />
          <Group justify="flex-end">
            <Anchor component={Link} to="/forgot-password" size="sm">
              Forgot your password?
            </Anchor>
          </Group>
          <Button type="submit" loading={login.isPending} fullWidth>
            Sign in
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
