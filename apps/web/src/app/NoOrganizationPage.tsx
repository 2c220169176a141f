import { Button, Text } from '@mantine/core';
import { AuthLayout } from '../features/identity/AuthLayout.js';
import { useLogout } from '../features/identity/use-auth-actions.js';

/** Signed in, but a member of no organization (removed from the last one). */
export function NoOrganizationPage() {
  const logout = useLogout();
  return (
    <AuthLayout title="No organization" description="Your account is not a member of any organization.">
      <Text>
        Ask an administrator of your organization to invite you again; the invitation mail will bring you back
        here.
      </Text>
      <Button variant="default" loading={logout.isPending} onClick={() => logout.mutate()}>
        Sign out
      </Button>
    </AuthLayout>
  );
}
