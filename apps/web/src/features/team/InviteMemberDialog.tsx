import { RoleSchema, type Role } from '@assay/contracts';
import { Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type SyntheticEvent } from 'react';
import { FormAlert } from '../../app/components/FormAlert.js';
import { useFormErrors } from '../../lib/use-form-errors.js';
import { hasRole, roleDescriptions, roleLabel } from '../identity/roles.js';
import { useInviteMember } from './use-members.js';

/** Invite a teammate: email + role. Only owners may invite owners. */
export function InviteMemberDialog({
  orgId,
  actorRole,
  opened,
  onClose,
}: {
  orgId: string;
  actorRole: Role;
  opened: boolean;
  onClose: () => void;
}) {
  const invite = useInviteMember(orgId);
  const errors = useFormErrors();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('recruiter');
  const roles = RoleSchema.options.filter((r) => r !== 'owner' || hasRole(actorRole, 'owner'));

  const close = () => {
    errors.clear();
    setEmail('');
    setRole('recruiter');
    onClose();
  };

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    errors.clear();
    invite.mutate(
      { email, role },
      {
        onSuccess: (invitation) => {
          notifications.show({ color: 'green', message: `Invitation sent to ${invitation.email}.` });
          close();
        },
        onError: errors.capture,
      },
    );
  };

  return (
    <Modal opened={opened} onClose={close} title="Invite a teammate" centered>
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormAlert message={errors.form} />
          <TextInput
            label="Email"
            type="email"
            autoComplete="off"
            required
            data-autofocus
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={errors.fields.email}
          />
          <Select
            label="Role"
            description={roleDescriptions[role]}
            data={roles.map((r) => ({ value: r, label: roleLabel(r) }))}
            value={role}
            allowDeselect={false}
            onChange={(value) => {
              const parsed = RoleSchema.safeParse(value);
              if (parsed.success) setRole(parsed.data);
            }}
            error={errors.fields.role}
          />
          <Group justify="flex-end" mt="xs">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={invite.isPending}>
              Send invitation
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
