import { PasswordLimits } from '@assay/contracts';
import { Alert, Anchor, Button, Loader, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useState, type SyntheticEvent } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { FormAlert } from '../../app/components/FormAlert.js';
import { errorMessage } from '../../lib/api-error.js';
import { useFormErrors } from '../../lib/use-form-errors.js';
import { AuthLayout } from './AuthLayout.js';
import { readLinkToken } from './link-token.js';
import { useAcceptMemberInvitation, useMemberInvitationPreview } from './use-auth-actions.js';
import { useSession } from './use-session.js';
import { roleLabel } from './roles.js';

/** Accept a team invitation from the mail link (`/join#token=…`). */
export function JoinPage() {
  const location = useLocation();
  const navigate = useNavigate();
  const [token] = useState(() => readLinkToken(location));
  const session = useSession();
  const preview = useMemberInvitationPreview(token);
  const accept = useAcceptMemberInvitation();
  const errors = useFormErrors();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');

  if (!token) {
    return (
      <AuthLayout title="Join your team">
        <Alert color="red" variant="light" role="alert" title="This link is incomplete">
          Open the link from the invitation mail again, or ask your administrator for a new invitation.
        </Alert>
      </AuthLayout>
    );
  }
  if (preview.isPending) {
    return (
      <AuthLayout title="Join your team">
        <Loader aria-label="Loading the invitation" mx="auto" />
      </AuthLayout>
    );
  }
  if (preview.isError) {
    return (
      <AuthLayout
        title="Join your team"
        footer={
          <Anchor component={Link} to="/login">
            Go to sign in
          </Anchor>
        }
      >
        <Alert color="red" variant="light" role="alert" title="This invitation cannot be used">
          {errorMessage(preview.error)} Ask your administrator to send a new invitation.
        </Alert>
      </AuthLayout>
    );
  }

  const invitation = preview.data;
  const signedInAsInvitee =
    session.data?.user?.email.toLowerCase() === invitation.email.toLowerCase() && invitation.existingUser;
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    errors.clear();
    const body = signedInAsInvitee
      ? { token }
      : invitation.existingUser
        ? { token, password }
        : { token, name, password };
    accept.mutate(body, { onSuccess: () => void navigate('/', { replace: true }), onError: errors.capture });
  };

  return (
    <AuthLayout
      title={`Join ${invitation.organizationName}`}
      description={
        <>
          You were invited as <strong>{roleLabel(invitation.role)}</strong> with{' '}
          <strong>{invitation.email}</strong>.
        </>
      }
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormAlert message={errors.form} />
          {signedInAsInvitee ? (
            <Text>You are signed in with this email. Accept to add the organization to your account.</Text>
          ) : invitation.existingUser ? (
            <PasswordInput
              label="Your Assay password"
              description="You already have an account with this email."
              autoComplete="current-password"
              required
              autoFocus
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={errors.fields.password}
            />
          ) : (
            <>
              <TextInput
                label="Your name"
                autoComplete="name"
                required
                autoFocus
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
                error={errors.fields.name}
              />
              <PasswordInput
                label="Choose a password"
                description={`At least ${PasswordLimits.minLength} characters.`}
                autoComplete="new-password"
                required
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                error={errors.fields.password}
              />
            </>
          )}
          <Button type="submit" loading={accept.isPending} fullWidth>
            Accept invitation
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
