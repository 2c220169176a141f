import { RoleSchema, type Member, type Role } from '@assay/contracts';
import {
  Badge,
  Button,
  Group,
  Loader,
  Modal,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { EmptyState } from '../../app/components/EmptyState.js';
import { FormAlert } from '../../app/components/FormAlert.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import { errorMessage } from '../../lib/api-error.js';
import { formatDate } from '../../lib/format.js';
import { hasRole, roleLabel } from '../identity/roles.js';
import { useSignedInSession } from '../identity/use-session.js';
import { InviteMemberDialog } from './InviteMemberDialog.js';
import {
  useChangeMemberRole,
  useMemberInvitations,
  useMembers,
  useRemoveMember,
  useRevokeMemberInvitation,
} from './use-members.js';

/** Settings → Team: members and roles, pending invitations, invite / change role / remove. */
export function TeamPage() {
  const { user, membership } = useSignedInSession();
  const orgId = membership?.organizationId ?? '';
  const role = membership?.role ?? 'reviewer';
  const isAdmin = hasRole(role, 'admin');
  const members = useMembers(orgId);
  const invitations = useMemberInvitations(orgId, isAdmin);
  const revoke = useRevokeMemberInvitation(orgId);
  const [inviteOpen, invite] = useDisclosure();
  const [removing, setRemoving] = useState<Member | null>(null);

  return (
    <>
      <PageHeader
        title="Team"
        description="People who can use Assay in this organization, and what they may do."
        actions={isAdmin ? <Button onClick={invite.open}>Invite teammate</Button> : undefined}
      />
      <Stack gap="xl">
        <Paper withBorder radius="lg">
          {members.isPending ? (
            <Loader m="lg" aria-label="Loading members" />
          ) : members.isError ? (
            <FormAlert message={errorMessage(members.error)} />
          ) : (
            <Table.ScrollContainer minWidth={560}>
              <Table verticalSpacing="sm" horizontalSpacing="md" aria-label="Members">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>Email</Table.Th>
                    <Table.Th>Role</Table.Th>
                    <Table.Th>Joined</Table.Th>
                    {isAdmin ? (
                      <Table.Th>
                        <VisuallyHidden>Actions</VisuallyHidden>
                      </Table.Th>
                    ) : null}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {members.data.members.map((m) => (
                    <Table.Tr key={m.userId}>
                      <Table.Td>
                        <Text fw={500}>
                          {m.name}
                          {m.userId === user.id ? (
                            <Text span c="dimmed" size="sm">
                              {' '}
                              (you)
                            </Text>
                          ) : null}
                        </Text>
                      </Table.Td>
                      <Table.Td>{m.email}</Table.Td>
                      <Table.Td>
                        {isAdmin && m.userId !== user.id ? (
                          <RoleSelect orgId={orgId} member={m} actorRole={role} />
                        ) : (
                          <Badge variant="light">{roleLabel(m.role)}</Badge>
                        )}
                      </Table.Td>
                      <Table.Td>{formatDate(m.joinedAt)}</Table.Td>
                      {isAdmin ? (
                        <Table.Td ta="right">
                          {m.userId !== user.id ? (
                            <Button
                              variant="subtle"
                              color="red"
                              size="xs"
                              onClick={() => setRemoving(m)}
                              aria-label={`Remove ${m.name}`}
                            >
                              Remove
                            </Button>
                          ) : null}
                        </Table.Td>
                      ) : null}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Paper>

        {isAdmin ? (
          <Stack gap="sm">
            <Title order={2} fz="lg">
              Pending invitations
            </Title>
            {invitations.isPending ? (
              <Loader aria-label="Loading invitations" />
            ) : invitations.isError ? (
              <FormAlert message={errorMessage(invitations.error)} />
            ) : invitations.data.invitations.length === 0 ? (
              <EmptyState
                title="No pending invitations"
                action={
                  <Button variant="light" onClick={invite.open}>
                    Invite teammate
                  </Button>
                }
              >
                Invite recruiters to send tests and reviewers to read reports. They get a mail with a link to
                join; it stays valid for 7 days.
              </EmptyState>
            ) : (
              <Paper withBorder radius="lg">
                <Table verticalSpacing="sm" horizontalSpacing="md" aria-label="Pending invitations">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Email</Table.Th>
                      <Table.Th>Role</Table.Th>
                      <Table.Th>Expires</Table.Th>
                      <Table.Th>
                        <VisuallyHidden>Actions</VisuallyHidden>
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {invitations.data.invitations.map((i) => (
                      <Table.Tr key={i.id}>
                        <Table.Td>{i.email}</Table.Td>
                        <Table.Td>
                          <Badge variant="outline">{roleLabel(i.role)}</Badge>
                        </Table.Td>
                        <Table.Td>{formatDate(i.expiresAt)}</Table.Td>
                        <Table.Td ta="right">
                          <Button
                            variant="subtle"
                            color="red"
                            size="xs"
                            aria-label={`Cancel the invitation to ${i.email}`}
                            loading={revoke.isPending && revoke.variables === i.id}
                            onClick={() =>
                              revoke.mutate(i.id, {
                                onError: (err) =>
                                  notifications.show({ color: 'red', message: errorMessage(err) }),
                              })
                            }
                          >
                            Cancel
                          </Button>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Paper>
            )}
          </Stack>
        ) : null}
      </Stack>

      {isAdmin ? (
        <InviteMemberDialog orgId={orgId} actorRole={role} opened={inviteOpen} onClose={invite.close} />
      ) : null}
      <RemoveMemberDialog orgId={orgId} member={removing} onClose={() => setRemoving(null)} />
    </>
  );
}

function RoleSelect({ orgId, member, actorRole }: { orgId: string; member: Member; actorRole: Role }) {
  const change = useChangeMemberRole(orgId);
  const canTouchOwners = hasRole(actorRole, 'owner');
  const roles = RoleSchema.options.filter((r) => r !== 'owner' || canTouchOwners);
  return (
    <Select
      aria-label={`Role of ${member.name}`}
      size="xs"
      w={140}
      data={roles.map((r) => ({ value: r, label: roleLabel(r) }))}
      value={member.role}
      allowDeselect={false}
      disabled={(member.role === 'owner' && !canTouchOwners) || change.isPending}
      onChange={(value) => {
        const parsed = RoleSchema.safeParse(value);
        if (!parsed.success || parsed.data === member.role) return;
        change.mutate(
          { userId: member.userId, role: parsed.data },
          {
            onSuccess: () =>
              notifications.show({
                color: 'green',
                message: `${member.name} is now ${roleLabel(parsed.data)}.`,
              }),
            onError: (err) => notifications.show({ color: 'red', message: errorMessage(err) }),
          },
        );
      }}
    />
  );
}

function RemoveMemberDialog({
  orgId,
  member,
  onClose,
}: {
  orgId: string;
  member: Member | null;
  onClose: () => void;
}) {
  const remove = useRemoveMember(orgId);
  return (
    <Modal opened={member !== null} onClose={onClose} title="Remove teammate?" centered>
      <Stack>
        <Text>
          {member?.name} ({member?.email}) will lose access to this organization at once. Their past reviews
          stay.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>
            Keep
          </Button>
          <Button
            color="red"
            loading={remove.isPending}
            onClick={() => {
              if (!member) return;
              remove.mutate(member.userId, {
                onSuccess: () => {
                  notifications.show({ color: 'green', message: `${member.name} was removed.` });
                  onClose();
                },
                onError: (err) => notifications.show({ color: 'red', message: errorMessage(err) }),
              });
            }}
          >
            Remove
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
