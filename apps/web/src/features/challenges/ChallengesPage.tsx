import { ChallengeKindSchema, type ChallengeKind } from '@assay/contracts';
import { Anchor, Badge, Button, Group, Loader, Paper, SegmentedControl, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { EmptyState } from '../../app/components/EmptyState.js';
import { FormAlert } from '../../app/components/FormAlert.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import { errorMessage } from '../../lib/api-error.js';
import { hasRole } from '../identity/roles.js';
import { useSignedInSession } from '../identity/use-session.js';
import {
  challengeKindLabel,
  difficultyColor,
  difficultyLabel,
  formatMinutes,
  languageLabel,
} from './challenge-labels.js';
import { ImportChallengeDialog } from './ImportChallengeDialog.js';
import { useChallenges } from './use-challenges.js';

/** Challenges: the built-in library and the organization's imports; filter by kind, search, import. */
export function ChallengesPage() {
  const { membership } = useSignedInSession();
  const orgId = membership?.organizationId ?? '';
  const canImport = hasRole(membership?.role, 'recruiter');
  const [kind, setKind] = useState<ChallengeKind | undefined>(undefined);
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const challenges = useChallenges(orgId, { kind, q: q || undefined });
  const [importOpen, importDialog] = useDisclosure();

  return (
    <>
      <PageHeader
        title="Challenges"
        description="Project challenges and algorithmic problem packages that tests are built from."
        actions={canImport ? <Button onClick={importDialog.open}>Import challenge</Button> : undefined}
      />
      <Group mb="md" align="flex-end" wrap="wrap">
        <TextInput
          label="Search"
          placeholder="Title, tag or slug"
          w={280}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
        />
        <SegmentedControl
          aria-label="Kind"
          value={kind ?? 'all'}
          onChange={(v) => {
            const parsed = ChallengeKindSchema.safeParse(v);
            setKind(parsed.success ? parsed.data : undefined);
          }}
          data={[
            { value: 'all', label: 'All' },
            ...ChallengeKindSchema.options.map((k) => ({ value: k, label: challengeKindLabel[k] })),
          ]}
        />
      </Group>
      {challenges.isPending ? (
        <Loader aria-label="Loading challenges" />
      ) : challenges.isError ? (
        <FormAlert message={errorMessage(challenges.error)} />
      ) : challenges.data.items.length === 0 ? (
        <EmptyState
          title={q || kind ? 'No matching challenges' : 'No challenges yet'}
          action={
            canImport && !q && !kind ? (
              <Button variant="light" onClick={importDialog.open}>
                Import challenge
              </Button>
            ) : undefined
          }
        >
          {q || kind
            ? 'Try another search or kind.'
            : 'Import a challenge.json folder or a Kattis problem package as a zip.'}
        </EmptyState>
      ) : (
        <Paper withBorder radius="lg">
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="sm" horizontalSpacing="md" aria-label="Challenges">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Challenge</Table.Th>
                  <Table.Th>Kind</Table.Th>
                  <Table.Th>Difficulty</Table.Th>
                  <Table.Th>Languages</Table.Th>
                  <Table.Th>Suggested time</Table.Th>
                  <Table.Th>Source</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {challenges.data.items.map((c) => (
                  <Table.Tr key={c.id}>
                    <Table.Td maw={360}>
                      <Anchor component={Link} to={`/challenges/${c.id}`} fw={600}>
                        {c.title}
                      </Anchor>
                      <Text size="sm" c="dimmed" lineClamp={2}>
                        {c.summary}
                      </Text>
                    </Table.Td>
                    <Table.Td>{challengeKindLabel[c.kind]}</Table.Td>
                    <Table.Td>
                      {c.difficulty ? (
                        <Badge color={difficultyColor[c.difficulty]} variant="light" tt="none">
                          {difficultyLabel[c.difficulty]}
                        </Badge>
                      ) : (
                        <Text c="dimmed">—</Text>
                      )}
                    </Table.Td>
                    <Table.Td maw={200}>
                      <Text size="sm">{languagesSummary(c.kind, c.languages)}</Text>
                    </Table.Td>
                    <Table.Td>{formatMinutes(c.suggestedMinutes)}</Table.Td>
                    <Table.Td>
                      <Badge variant={c.builtIn ? 'outline' : 'light'} color={c.builtIn ? 'indigo' : 'gray'} tt="none">
                        {c.builtIn ? 'Built-in' : 'Imported'}
                      </Badge>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      {canImport ? <ImportChallengeDialog orgId={orgId} opened={importOpen} onClose={importDialog.close} /> : null}
    </>
  );
}

/** Algorithmic problems accept every language: say so instead of listing nine. */
export function languagesSummary(kind: ChallengeKind, languages: string[]): string {
  if (kind === 'algorithmic' && languages.length > 3) return 'Any supported language';
  return languages.map(languageLabel).join(', ') || '—';
}
