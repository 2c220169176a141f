import type { AtsBadge as AtsBadgeData, InvitationStatus } from '@assay/contracts';
import { Anchor, Badge, Text } from '@mantine/core';

const statusColor: Record<InvitationStatus, string> = {
  invited: 'gray',
  opened: 'cyan',
  started: 'blue',
  submitted: 'violet',
  graded: 'green',
  expired: 'orange',
  cancelled: 'dark',
  grading_failed: 'red',
};

/** Human label of an invitation status (lower case, as the e2e and the filters read it). */
export const invitationStatusLabel: Record<InvitationStatus, string> = {
  invited: 'invited',
  opened: 'opened',
  started: 'started',
  submitted: 'submitted',
  graded: 'graded',
  expired: 'expired',
  cancelled: 'cancelled',
  grading_failed: 'grading failed',
};

/** Where an invitation stands. */
export function InvitationStatusBadge({ status }: { status: InvitationStatus }) {
  return (
    <Badge color={statusColor[status]} variant="light" tt="none">
      {invitationStatusLabel[status]}
    </Badge>
  );
}

/** The candidate's ATS link state on an invitation row: a link to the profile once linked. */
export function AtsBadge({ badge }: { badge: AtsBadgeData }) {
  const provider = badge.provider ? providerLabel(badge.provider) : 'ATS';
  if (badge.status === 'linked' && badge.profileUrl) {
    return (
      <Anchor href={badge.profileUrl} target="_blank" rel="noopener noreferrer" underline="never">
        <Badge color="blue" variant="filled" tt="none" style={{ cursor: 'pointer' }}>
          {provider}
        </Badge>
      </Anchor>
    );
  }
  if (badge.status === 'linking') {
    return (
      <Badge color="gray" variant="outline" tt="none">
        linking…
      </Badge>
    );
  }
  if (badge.status === 'failed') {
    return (
      <Badge color="red" variant="outline" tt="none">
        ATS link failed
      </Badge>
    );
  }
  return (
    <Badge color="gray" variant="light" tt="none">
      no ATS
    </Badge>
  );
}

/** "greenhouse" → "Greenhouse", "smartrecruiters" → "SmartRecruiters". */
export function providerLabel(provider: string): string {
  const known: Record<string, string> = { greenhouse: 'Greenhouse', smartrecruiters: 'SmartRecruiters' };
  return known[provider] ?? provider;
}

/** A graded score as a whole percent; a dimmed dash until graded. */
export function InvitationScore({ score }: { score: number | null }) {
  return score === null ? <Text c="dimmed">—</Text> : <>{`${Math.round(score)}%`}</>;
}
