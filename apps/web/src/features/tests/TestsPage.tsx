import { TestStatusSchema, type Test, type TestStatus } from '@assay/contracts';
import {
  Anchor,
  Button,
  Loader,
  Menu,
  Paper,
  SegmentedControl,
  Table,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { EmptyState } from '../../app/components/EmptyState.js';
import { FormAlert } from '../../app/components/FormAlert.js';
import { RowMenuButton } from '../../app/components/RowMenuButton.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import { errorMessage } from '../../lib/api-error.js';
import { formatDate } from '../../lib/format.js';
import { formatMinutes } from '../challenges/challenge-labels.js';
import { hasRole } from '../identity/roles.js';
import { useSignedInSession } from '../identity/use-session.js';
import { InviteCandidateDialog } from '../invitations/InviteCandidateDialog.js';
import { availableTestActions, TestActionDialog, testActionLabel } from './TestActions.js';
import { TestStatusBadge } from './TestStatusBadge.js';
import { useTests, type TestAction } from './use-tests.js';

const kindLabel = { project: 'Project', problems: 'Problems' } as const;

/** Tests: every test with its status; create, publish, archive, duplicate, invite. */
export function TestsPage() {
  const { membership } = useSignedInSession();
  const orgId = membership?.organizationId ?? '';
  const canEdit = hasRole(membership?.role, 'recruiter');
  const [status, setStatus] = useState<TestStatus | undefined>(undefined);
  const tests = useTests(orgId, status);
  const [pending, setPending] = useState<{ test: Test; action: TestAction } | null>(null);
  const [inviteOpen, inviteDialog] = useDisclosure();
  const [inviteTestId, setInviteTestId] = useState<string | undefined>(undefined);
  const invite = (testId?: string) => {
    setInviteTestId(testId);
    inviteDialog.open();
  };

  return (
    <>
      <PageHeader
        title="Tests"
        description="What candidates take: one project challenge, or up to five weighted algorithmic problems."
        actions={
          canEdit ? (
            <>
              <Button variant="default" onClick={() => invite()}>
                Invite candidate
              </Button>
              <Button component={Link} to="/tests/new">
                New test
              </Button>
            </>
          ) : undefined
        }
      />
      <SegmentedControl
        mb="md"
        aria-label="Status"
        value={status ?? 'all'}
        onChange={(v) => {
          const parsed = TestStatusSchema.safeParse(v);
          setStatus(parsed.success ? parsed.data : undefined);
        }}
        data={[
          { value: 'all', label: 'All' },
          { value: 'draft', label: 'Drafts' },
          { value: 'published', label: 'Published' },
          { value: 'archived', label: 'Archived' },
        ]}
      />
      {tests.isPending ? (
        <Loader aria-label="Loading tests" />
      ) : tests.isError ? (
        <FormAlert message={errorMessage(tests.error)} />
      ) : tests.data.items.length === 0 ? (
        <EmptyState
          title={status ? `No ${status} tests` : 'No tests yet'}
          action={
            canEdit && !status ? (
              <Button component={Link} to="/tests/new" variant="light">
                Build a test
              </Button>
            ) : undefined
          }
        >
          {status
            ? 'Tests appear here when they reach this status.'
            : 'Build a test from a challenge in the library, publish it, then invite candidates.'}
        </EmptyState>
      ) : (
        <Paper withBorder radius="lg">
          <Table.ScrollContainer minWidth={720}>
            <Table verticalSpacing="sm" horizontalSpacing="md" aria-label="Tests">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Kind</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Time limit</Table.Th>
                  <Table.Th>Updated</Table.Th>
                  {canEdit ? (
                    <Table.Th>
                      <VisuallyHidden>Actions</VisuallyHidden>
                    </Table.Th>
                  ) : null}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {tests.data.items.map((t) => (
                  <Table.Tr key={t.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/tests/${t.id}`} fw={600}>
                        {t.name}
                      </Anchor>
                      <Text size="sm" c="dimmed" lineClamp={1}>
                        {t.challenges.map((c) => c.title).join(', ')}
                      </Text>
                    </Table.Td>
                    <Table.Td>{kindLabel[t.kind]}</Table.Td>
                    <Table.Td>
                      <TestStatusBadge test={t} />
                    </Table.Td>
                    <Table.Td>{formatMinutes(t.timeLimitMinutes)}</Table.Td>
                    <Table.Td>{formatDate(t.updatedAt)}</Table.Td>
                    {canEdit ? (
                      <Table.Td ta="right">
                        <Menu position="bottom-end" withinPortal>
                          <Menu.Target>
                            <RowMenuButton label={`Actions for ${t.name}`} />
                          </Menu.Target>
                          <Menu.Dropdown>
                            {t.status === 'published' ? (
                              <Menu.Item onClick={() => invite(t.id)}>Invite candidate</Menu.Item>
                            ) : null}
                            {availableTestActions(t).map((a) => (
                              <Menu.Item
                                key={a}
                                color={a === 'archive' ? 'red' : undefined}
                                onClick={() => setPending({ test: t, action: a })}
                              >
                                {testActionLabel[a]}
                              </Menu.Item>
                            ))}
                          </Menu.Dropdown>
                        </Menu>
                      </Table.Td>
                    ) : null}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      {pending ? (
        <TestActionDialog
          orgId={orgId}
          test={pending.test}
          action={pending.action}
          onClose={() => setPending(null)}
        />
      ) : null}
      {canEdit ? (
        <InviteCandidateDialog
          orgId={orgId}
          opened={inviteOpen}
          onClose={inviteDialog.close}
          testId={inviteTestId}
        />
      ) : null}
    </>
  );
}
