import {
  InvitationStatusSchema,
  type ActivitiesQuery,
  type ActivitiesSort,
  type InvitationStatus,
} from '@assay/contracts';
import {
  Anchor,
  Button,
  Group,
  Loader,
  MultiSelect,
  Pagination,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { EmptyState } from '../../app/components/EmptyState.js';
import { FormAlert } from '../../app/components/FormAlert.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import { errorMessage } from '../../lib/api-error.js';
import { formatDate, formatDateTime } from '../../lib/format.js';
import { hasRole } from '../identity/roles.js';
import { useSignedInSession } from '../identity/use-session.js';
import {
  AtsBadge,
  InvitationScore,
  InvitationStatusBadge,
  invitationStatusLabel,
} from '../invitations/InvitationBadges.js';
import { InvitationActions } from '../invitations/InvitationActions.js';
import { InviteCandidateDialog } from '../invitations/InviteCandidateDialog.js';
import { activitiesSearch, useActivities } from '../invitations/use-invitations.js';
import { hasReport, reportPath } from '../reports/report-links.js';
import { useTests } from '../tests/use-tests.js';

const PAGE_SIZE = 25;

/** A `yyyy-mm-dd` from a date input as the start (or the end) of that day, UTC. */
function dayBound(day: string, end: boolean): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  return `${day}T${end ? '23:59:59.999' : '00:00:00.000'}Z`;
}

/** Activities: every invitation and where it stands; filters, search, sort, CSV export, row actions. */
export function ActivitiesPage() {
  const { membership } = useSignedInSession();
  const orgId = membership?.organizationId ?? '';
  const canInvite = hasRole(membership?.role, 'recruiter');
  const [statuses, setStatuses] = useState<InvitationStatus[]>([]);
  const [testId, setTestId] = useState<string | null>(null);
  const [fromDay, setFromDay] = useState('');
  const [toDay, setToDay] = useState('');
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [sort, setSort] = useState<ActivitiesSort>('created');
  const [order, setOrder] = useState<'asc' | 'desc'>('desc');
  const [page, setPage] = useState(1);
  const [inviteOpen, inviteDialog] = useDisclosure();
  const tests = useTests(orgId);

  const filters: Partial<ActivitiesQuery> = {
    status: statuses,
    testId: testId ?? undefined,
    from: dayBound(fromDay, false),
    to: dayBound(toDay, true),
    q: q || undefined,
    sort,
    order,
  };
  const activities = useActivities(orgId, { ...filters, page, pageSize: PAGE_SIZE });
  const filtered = statuses.length > 0 || testId !== null || fromDay !== '' || toDay !== '' || q !== '';
  // Any filter change starts again at page 1.
  const filter =
    <T,>(setter: (value: T) => void) =>
    (value: T) => {
      setter(value);
      setPage(1);
    };
  const sortBy = (column: ActivitiesSort) => {
    if (column === sort) setOrder(order === 'asc' ? 'desc' : 'asc');
    else {
      setSort(column);
      setOrder(column === 'name' ? 'asc' : 'desc');
    }
    setPage(1);
  };
  const exportHref = `/api/orgs/${orgId}/activities.csv?${new URLSearchParams(
    Object.entries(activitiesSearch(filters)).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])),
  ).toString()}`;
  const total = activities.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));

  return (
    <>
      <PageHeader
        title="Activities"
        description="Every candidate invitation and where it stands: invited, started, submitted, graded."
        actions={
          <>
            <Button component="a" href={exportHref} variant="default" download>
              Export CSV
            </Button>
            {canInvite ? <Button onClick={inviteDialog.open}>Invite candidate</Button> : null}
          </>
        }
      />
      <Group mb="md" align="flex-end" wrap="wrap" gap="sm">
        <TextInput
          label="Search"
          placeholder="Candidate name or email"
          w={240}
          value={search}
          onChange={(e) => {
            setSearch(e.currentTarget.value);
            setPage(1);
          }}
        />
        <MultiSelect
          label="Status"
          placeholder={statuses.length === 0 ? 'Any status' : undefined}
          w={260}
          clearable
          data={InvitationStatusSchema.options.map((s) => ({ value: s, label: invitationStatusLabel[s] }))}
          value={statuses}
          onChange={filter((values: string[]) =>
            setStatuses(
              values.filter((v): v is InvitationStatus => InvitationStatusSchema.safeParse(v).success),
            ),
          )}
        />
        <Select
          label="Test"
          placeholder="Any test"
          w={220}
          clearable
          searchable
          data={(tests.data?.items ?? []).map((t) => ({ value: t.id, label: t.name }))}
          value={testId}
          onChange={filter(setTestId)}
        />
        <TextInput
          label="Invited from"
          type="date"
          w={160}
          value={fromDay}
          onChange={(e) => filter(setFromDay)(e.currentTarget.value)}
        />
        <TextInput
          label="Invited until"
          type="date"
          w={160}
          value={toDay}
          onChange={(e) => filter(setToDay)(e.currentTarget.value)}
        />
      </Group>
      {activities.isPending ? (
        <Loader aria-label="Loading activities" />
      ) : activities.isError ? (
        <FormAlert message={errorMessage(activities.error)} />
      ) : activities.data.items.length === 0 ? (
        <EmptyState
          title={filtered ? 'No matching invitations' : 'No candidates invited yet'}
          action={
            canInvite && !filtered ? (
              <Button variant="light" onClick={inviteDialog.open}>
                Invite candidate
              </Button>
            ) : !filtered ? (
              <Button component={Link} to="/tests" variant="light">
                See the tests
              </Button>
            ) : undefined
          }
        >
          {filtered
            ? 'Try other filters or another search.'
            : 'Publish a test, then invite candidates to it. Their progress shows up here as it happens.'}
        </EmptyState>
      ) : (
        <Stack>
          <Paper withBorder radius="lg">
            <Table.ScrollContainer minWidth={900}>
              <Table verticalSpacing="sm" horizontalSpacing="md" aria-label="Invitations">
                <Table.Thead>
                  <Table.Tr>
                    <SortableTh column="name" sort={sort} order={order} onSort={sortBy}>
                      Candidate
                    </SortableTh>
                    <Table.Th>Test</Table.Th>
                    <SortableTh column="status" sort={sort} order={order} onSort={sortBy}>
                      Status
                    </SortableTh>
                    <SortableTh column="score" sort={sort} order={order} onSort={sortBy}>
                      Score
                    </SortableTh>
                    <SortableTh column="created" sort={sort} order={order} onSort={sortBy}>
                      Invited
                    </SortableTh>
                    <Table.Th>Expires</Table.Th>
                    <Table.Th>ATS</Table.Th>
                    {canInvite ? (
                      <Table.Th>
                        <VisuallyHidden>Actions</VisuallyHidden>
                      </Table.Th>
                    ) : null}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {activities.data.items.map((i) => (
                    <Table.Tr key={i.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/candidates/${i.candidate.id}`} fw={600}>
                          {i.candidate.name}
                        </Anchor>
                        <Text size="sm" c="dimmed">
                          {i.candidate.email}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Anchor component={Link} to={`/tests/${i.test.id}`} c="var(--mantine-color-text)">
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
                              aria-label={`Report of ${i.candidate.name} on ${i.test.name}`}
                            >
                              Report
                            </Anchor>
                          ) : null}
                        </Group>
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }} title={formatDateTime(i.createdAt)}>
                        {formatDate(i.createdAt)}
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }} title={formatDateTime(i.expiresAt)}>
                        {formatDate(i.expiresAt)}
                      </Table.Td>
                      <Table.Td>
                        <AtsBadge badge={i.atsBadge} />
                      </Table.Td>
                      {canInvite ? (
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
          <Group justify="space-between">
            <Text size="sm" c="dimmed" aria-live="polite">
              {total} invitation{total === 1 ? '' : 's'}
            </Text>
            {pages > 1 ? (
              <Pagination
                total={pages}
                value={page}
                onChange={setPage}
                getControlProps={(control) => ({ 'aria-label': `${control} page` })}
              />
            ) : null}
          </Group>
        </Stack>
      )}
      {canInvite ? (
        <InviteCandidateDialog orgId={orgId} opened={inviteOpen} onClose={inviteDialog.close} />
      ) : null}
    </>
  );
}

/** A column header that sorts the table (announced with aria-sort). */
function SortableTh({
  column,
  sort,
  order,
  onSort,
  children,
}: {
  column: ActivitiesSort;
  sort: ActivitiesSort;
  order: 'asc' | 'desc';
  onSort: (column: ActivitiesSort) => void;
  children: ReactNode;
}) {
  const active = column === sort;
  return (
    <Table.Th aria-sort={active ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <UnstyledButton onClick={() => onSort(column)} fw={700} fz="sm">
        {children}
        <span aria-hidden="true">{active ? (order === 'asc' ? ' ▲' : ' ▼') : ' ↕'}</span>
      </UnstyledButton>
    </Table.Th>
  );
}
