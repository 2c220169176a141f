import {
  Anchor,
  Badge,
  Button,
  Group,
  Loader,
  Pagination,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { EmptyState } from '../../app/components/EmptyState.js';
import { FormAlert } from '../../app/components/FormAlert.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import { errorMessage } from '../../lib/api-error.js';
import { formatDate } from '../../lib/format.js';
import { hasRole } from '../identity/roles.js';
import { useSignedInSession } from '../identity/use-session.js';
import { AtsBadge } from '../invitations/InvitationBadges.js';
import { InviteCandidateDialog } from '../invitations/InviteCandidateDialog.js';
import { useCandidates } from './use-candidates.js';

const PAGE_SIZE = 25;

/** Candidates: everyone invited so far; search by name or email, filter by tag. */
export function CandidatesPage() {
  const { membership } = useSignedInSession();
  const orgId = membership?.organizationId ?? '';
  const canInvite = hasRole(membership?.role, 'recruiter');
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [tag, setTag] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const candidates = useCandidates(orgId, {
    q: q || undefined,
    tag: tag ?? undefined,
    page,
    pageSize: PAGE_SIZE,
  });
  const [inviteOpen, inviteDialog] = useDisclosure();
  const filtered = q !== '' || tag !== null;
  const total = candidates.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));

  return (
    <>
      <PageHeader
        title="Candidates"
        description="Everyone you have assessed, with every invitation and their ATS profile."
        actions={canInvite ? <Button onClick={inviteDialog.open}>Invite candidate</Button> : undefined}
      />
      <Group mb="md" align="flex-end" gap="sm">
        <TextInput
          label="Search"
          placeholder="Name or email"
          w={280}
          value={search}
          onChange={(e) => {
            setSearch(e.currentTarget.value);
            setPage(1);
          }}
        />
        {tag ? (
          <Button
            variant="light"
            size="sm"
            onClick={() => setTag(null)}
            aria-label={`Remove the tag filter ${tag}`}
          >
            Tag: {tag} ×
          </Button>
        ) : null}
      </Group>
      {candidates.isPending ? (
        <Loader aria-label="Loading candidates" />
      ) : candidates.isError ? (
        <FormAlert message={errorMessage(candidates.error)} />
      ) : candidates.data.items.length === 0 ? (
        <EmptyState
          title={filtered ? 'No matching candidates' : 'No candidates yet'}
          action={
            canInvite && !filtered ? (
              <Button variant="light" onClick={inviteDialog.open}>
                Invite candidate
              </Button>
            ) : undefined
          }
        >
          {filtered ? 'Try another search or tag.' : 'Candidates appear here after their first invitation.'}
        </EmptyState>
      ) : (
        <Stack>
          <Paper withBorder radius="lg">
            <Table.ScrollContainer minWidth={680}>
              <Table verticalSpacing="sm" horizontalSpacing="md" aria-label="Candidates">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>Email</Table.Th>
                    <Table.Th>Tags</Table.Th>
                    <Table.Th>ATS</Table.Th>
                    <Table.Th>Added</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {candidates.data.items.map((c) => (
                    <Table.Tr key={c.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/candidates/${c.id}`} fw={600}>
                          {c.name}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{c.email}</Table.Td>
                      <Table.Td>
                        <Group gap={4}>
                          {c.tags.map((t) => (
                            <Badge
                              key={t}
                              component="button"
                              type="button"
                              variant="default"
                              tt="none"
                              style={{ cursor: 'pointer' }}
                              onClick={() => {
                                setTag(t);
                                setPage(1);
                              }}
                              aria-label={`Show candidates tagged ${t}`}
                            >
                              {t}
                            </Badge>
                          ))}
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        <AtsBadge badge={c.atsLink} />
                      </Table.Td>
                      <Table.Td>{formatDate(c.createdAt)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
          <Group justify="space-between">
            <Text size="sm" c="dimmed">
              {total} candidate{total === 1 ? '' : 's'}
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
