import { Button, Menu, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useNavigate } from 'react-router-dom';
import { errorMessage } from '../../lib/api-error.js';
import { useSwitchOrganization } from '../../features/identity/use-auth-actions.js';
import { roleLabel } from '../../features/identity/roles.js';
import { useSignedInSession } from '../../features/identity/use-session.js';

/** The current organization; a menu to switch when the user belongs to several. */
export function OrganizationSwitcher() {
  const { session, membership } = useSignedInSession();
  const switchOrganization = useSwitchOrganization();
  const navigate = useNavigate();
  if (!membership) return null;
  if (session.memberships.length < 2) {
    return (
      <Text fw={600} size="sm" visibleFrom="xs" c="dimmed">
        {membership.organizationName}
      </Text>
    );
  }
  return (
    <Menu position="bottom-start" withinPortal>
      <Menu.Target>
        <Button
          variant="subtle"
          color="gray"
          size="sm"
          aria-label={`Organization: ${membership.organizationName}. Switch organization`}
          rightSection={<Chevron />}
        >
          {membership.organizationName}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Switch organization</Menu.Label>
        {session.memberships.map((m) => (
          <Menu.Item
            key={m.organizationId}
            disabled={m.organizationId === membership.organizationId}
            rightSection={
              <Text size="xs" c="dimmed">
                {roleLabel(m.role)}
              </Text>
            }
            onClick={() =>
              switchOrganization.mutate(
                { organizationId: m.organizationId },
                {
                  onSuccess: () => void navigate('/activities'),
                  onError: (err) => notifications.show({ color: 'red', message: errorMessage(err) }),
                },
              )
            }
          >
            {m.organizationName}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

function Chevron() {
  return (
    <svg
      width="14"
      height="14"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      aria-hidden="true"
    >
      <path d="m6 9 6 6 6-6" />
    </svg>
  );
}
