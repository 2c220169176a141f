import {
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Group,
  Loader,
  Paper,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, useParams } from 'react-router-dom';
import { EmptyState } from '../../app/components/EmptyState.js';
import { FormAlert } from '../../app/components/FormAlert.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import { errorMessage } from '../../lib/api-error.js';
import { formatDate, formatDateTime } from '../../lib/format.js';
import { formatMinutes } from '../challenges/challenge-labels.js';
import { hasRole } from '../identity/roles.js';
import { useSignedInSession } from '../identity/use-session.js';
import { InvitationScore, InvitationStatusBadge } from '../invitations/InvitationBadges.js';
import { InvitationActions } from '../invitations/InvitationActions.js';
import { InviteCandidateDialog } from '../invitations/InviteCandidateDialog.js';
import { hasReport, reportPath } from '../reports/report-links.js';
import { AtsButton } from './AtsButton.js';
import { CandidateDataRights } from './CandidateDataRights.js';
import { useCandidate } from './use-candidates.js';

/** One candidate: contact, tags, the ATS button and every invitation. */
export function CandidatePage() {
  const { candidateId = '' } = useParams();
  const { membership } = useSignedInSession();
  const orgId = membership?.organizationId ?? '';
  const canEdit = hasRole(membership?.role, 'recruiter');
  const canManageData = hasRole(membership?.role, 'admin');
  const detail = useCandidate(orgId, candidateId);
  const [inviteOpen, inviteDialog] = useDisclosure();

  if (detail.isPending) return <Loader aria-label="Loading the candidate" />;
  if (detail.isError) {
    return (
      <>
        <PageHeader title="Candidate" />
        <FormAlert message={errorMessage(detail.error)} />
      </>
    );
  }
  const { candidate, invitations } = detail.data;
  return (
    <>
      <Breadcrumbs mb="xs" aria-label="Breadcrumb">
        <Anchor component={Link} to="/candidates" size="sm">
          Candidates
        </Anchor>
        <Text size="sm">{candidate.name}</Text>
      </Breadcrumbs>
      <PageHeader
        title={candidate.name}
        description={
          <Stack gap={6} component="span">
            <Anchor href={`mailto:${candidate.email}`}>{candidate.email}</Anchor>
            {candidate.tags.length > 0 ? (
              <Group gap={4} component="span">
                {candidate.tags.map((t) => (
                  <Badge key={t} component="span" variant="default" tt="none">
                    {t}
                  </Badge>
                ))}
              </Group>
            ) : null}
          </Stack>
        }
        actions={
          <>
            <AtsButton orgId={orgId} candidate={candidate} canEdit={canEdit} />
            {canManageData ? <CandidateDataRights orgId={orgId} candidate={candidate} /> : null}
            {canEdit ? <Button onClick={inviteDialog.open}>Invite to a test</Button> : null}
          </>
        }
      />
      <Title order={2} fz="lg" mb="sm">
        Invitations
      </Title>
      {invitations.length === 0 ? (
        <EmptyState title="No invitations">This candidate has not been invited to a test yet.</EmptyState>
      ) : (
        <Paper withBorder radius="lg">
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="sm" horizontalSpacing="md" aria-label="Invitations">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Test</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Score</Table.Th>
                  <Table.Th>Invited</Table.Th>
                  <Table.Th>Submitted</Table.Th>
                  <Table.Th>Expires</Table.Th>
                  <Table.Th>Time</Table.Th>
                  {canEdit ? (
                    <Table.Th>
                      <VisuallyHidden>Actions</VisuallyHidden>
                    </Table.Th>
                  ) : null}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {invitations.map((i) => (
                  <Table.Tr key={i.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/tests/${i.test.id}`}>
                        {i.test.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <InvitationStatusBadge status={i.status} />
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <InvitationScore score={i.score} />
                        {hasReport(i.status) ? (
                          <Anchor
                            component={Link}
                            to={reportPath(i.id)}
                            size="sm"
                            aria-label={`Report on ${i.test.name}`}
                          >
                            Report
                          </Anchor>
                        ) : null}
                      </Group>
                    </Table.Td>
                    <Table.Td title={formatDateTime(i.createdAt)}>{formatDate(i.createdAt)}</Table.Td>
                    <Table.Td>
                      {i.submittedAt ? formatDateTime(i.submittedAt) : <Text c="dimmed">—</Text>}
                    </Table.Td>
                    <Table.Td title={formatDateTime(i.expiresAt)}>{formatDate(i.expiresAt)}</Table.Td>
                    <Table.Td>
                      {formatMinutes(i.timeLimitMinutes)}
                      {i.extraTimeMinutes > 0 ? (
                        <Text span size="sm" c="dimmed">
                          {' '}
                          + {formatMinutes(i.extraTimeMinutes)}
                        </Text>
                      ) : null}
                    </Table.Td>
                    {canEdit ? (
                      <Table.Td ta="right">
                        <InvitationActions orgId={orgId} invitation={i} />
                      </Table.Td>
                    ) : null}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      {canEdit ? (
        <InviteCandidateDialog
          orgId={orgId}
          opened={inviteOpen}
          onClose={inviteDialog.close}
          candidate={{ name: candidate.name, email: candidate.email }}
        />
      ) : null}
    </>
  );
}
