import { InvitationLimits, type Invitation, type InvitationStatus } from '@assay/contracts';
import { Menu, NumberInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { RowMenuButton } from '../../app/components/RowMenuButton.js';
import { ConfirmDialog } from '../../app/components/ConfirmDialog.js';
import { errorMessage } from '../../lib/api-error.js';
import { hasReport, reportPath } from '../reports/report-links.js';
import { useInvitationAction, type InvitationAction } from './use-invitations.js';

type ActionKind = InvitationAction['kind'];

// Which actions make sense in which state (the server decides; this hides the pointless ones).
const allowed: Record<ActionKind, InvitationStatus[]> = {
  cancel: ['invited', 'opened', 'started'],
  'extend-time': ['invited', 'opened', 'started'],
  'extend-validity': ['invited', 'opened', 'expired'],
  resend: ['invited', 'opened'],
  reinvite: ['expired', 'cancelled'],
};

const menuLabel: Record<ActionKind, string> = {
  cancel: 'Cancel invitation',
  'extend-time': 'Extend time',
  'extend-validity': 'Extend validity',
  resend: 'Resend invitation',
  reinvite: 'Re-invite',
};

/** The "…" menu of an invitation row: each action asks for confirmation, then notifies. */
export function InvitationActions({ orgId, invitation }: { orgId: string; invitation: Invitation }) {
  const [open, setOpen] = useState<ActionKind | null>(null);
  const kinds = (Object.keys(allowed) as ActionKind[]).filter((k) => allowed[k].includes(invitation.status));
  const report = hasReport(invitation.status);
  if (kinds.length === 0 && !report) return null;
  const who = invitation.candidate.name;
  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <RowMenuButton label={`Actions for ${who}'s invitation`} />
        </Menu.Target>
        <Menu.Dropdown>
          {report ? (
            <Menu.Item component={Link} to={reportPath(invitation.id)}>
              Open report
            </Menu.Item>
          ) : null}
          {kinds.map((k) => (
            <Menu.Item key={k} color={k === 'cancel' ? 'red' : undefined} onClick={() => setOpen(k)}>
              {menuLabel[k]}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      {open ? (
        <ActionDialog orgId={orgId} invitation={invitation} kind={open} onClose={() => setOpen(null)} />
      ) : null}
    </>
  );
}

function ActionDialog({
  orgId,
  invitation,
  kind,
  onClose,
}: {
  orgId: string;
  invitation: Invitation;
  kind: ActionKind;
  onClose: () => void;
}) {
  const act = useInvitationAction(orgId);
  const [minutes, setMinutes] = useState<number | string>(30);
  const [days, setDays] = useState<number | string>(InvitationLimits.defaultExpiresInDays);
  const who = `${invitation.candidate.name} (${invitation.candidate.email})`;
  const test = invitation.test.name;

  const action = (): InvitationAction => {
    switch (kind) {
      case 'cancel':
        return { kind };
      case 'resend':
        return { kind };
      case 'extend-time':
        return { kind, body: { minutes: Number(minutes) } };
      case 'extend-validity':
        return { kind, body: { days: Number(days) } };
      case 'reinvite':
        return { kind, body: { expiresInDays: Number(days) } };
    }
  };
  const done: Record<ActionKind, string> = {
    cancel: `The invitation of ${invitation.candidate.name} was cancelled.`,
    'extend-time': `${invitation.candidate.name} has ${String(minutes)} more minutes.`,
    'extend-validity': `The invitation of ${invitation.candidate.name} is valid ${String(days)} more days.`,
    resend: `A new invitation was sent to ${invitation.candidate.email}.`,
    reinvite: `${invitation.candidate.name} was invited again.`,
  };
  const confirm = () =>
    act.mutate(
      { invitationId: invitation.id, action: action() },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', message: done[kind] });
          onClose();
        },
        onError: (err) => notifications.show({ color: 'red', message: errorMessage(err) }),
      },
    );

  const common = { opened: true, onClose, onConfirm: confirm, loading: act.isPending };
  switch (kind) {
    case 'cancel':
      return (
        <ConfirmDialog
          {...common}
          title="Cancel this invitation?"
          confirmLabel="Cancel invitation"
          color="red"
        >
          {who} will no longer be able to take “{test}”. Their link stops working at once.
        </ConfirmDialog>
      );
    case 'resend':
      return (
        <ConfirmDialog {...common} title="Resend the invitation?" confirmLabel="Resend">
          {who} gets a new mail with a new link to “{test}”; the previous link stops working.
        </ConfirmDialog>
      );
    case 'extend-time':
      return (
        <ConfirmDialog {...common} title="Extend the time limit?" confirmLabel="Extend time">
          <NumberInput
            label="Extra minutes"
            description={`Added to the time limit of ${who}.`}
            min={1}
            max={InvitationLimits.maxExtraTimeMinutes}
            value={minutes}
            onChange={setMinutes}
          />
        </ConfirmDialog>
      );
    case 'extend-validity':
      return (
        <ConfirmDialog {...common} title="Extend the validity?" confirmLabel="Extend validity">
          <NumberInput
            label="Days"
            description={`How much longer ${who} may start “${test}”.`}
            min={1}
            max={InvitationLimits.maxExpiresInDays}
            value={days}
            onChange={setDays}
          />
        </ConfirmDialog>
      );
    case 'reinvite':
      return (
        <ConfirmDialog {...common} title="Invite again?" confirmLabel="Re-invite">
          <NumberInput
            label="Valid for (days)"
            description={`${who} gets a new invitation to “${test}”.`}
            min={1}
            max={InvitationLimits.maxExpiresInDays}
            value={days}
            onChange={setDays}
          />
        </ConfirmDialog>
      );
  }
}
