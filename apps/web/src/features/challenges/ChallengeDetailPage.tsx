import { Anchor, Badge, Breadcrumbs, Grid, Group, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import { FormAlert } from '../../app/components/FormAlert.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import { usePageTitle } from '../../app/use-page-title.js';
import { errorMessage } from '../../lib/api-error.js';
import { formatDate } from '../../lib/format.js';
import { useOrgId } from '../identity/use-session.js';
import {
  challengeKindLabel,
  difficultyColor,
  difficultyLabel,
  formatMinutes,
  languageLabel,
} from './challenge-labels.js';
import { MarkdownStatement } from './MarkdownStatement.js';
import { useChallenge } from './use-challenges.js';

/** One challenge: its statement (Markdown, no raw HTML) and metadata, with every version. */
export function ChallengeDetailPage() {
  const orgId = useOrgId();
  const { challengeId = '' } = useParams();
  const challenge = useChallenge(orgId, challengeId);
  usePageTitle(challenge.data?.title ?? 'Challenge');

  if (challenge.isPending) return <Loader aria-label="Loading the challenge" />;
  if (challenge.isError) {
    return (
      <>
        <PageHeader title="Challenge" />
        <FormAlert message={errorMessage(challenge.error)} />
      </>
    );
  }
  const c = challenge.data;
  return (
    <>
      <Breadcrumbs mb="xs" aria-label="Breadcrumb">
        <Anchor component={Link} to="/challenges" size="sm">
          Challenges
        </Anchor>
        <Text size="sm">{c.title}</Text>
      </Breadcrumbs>
      <PageHeader title={c.title} description={c.summary} />
      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Paper withBorder radius="lg" p="lg" component="section" aria-label="Statement">
            <MarkdownStatement source={c.statementMarkdown} />
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack>
            <Paper withBorder radius="lg" p="lg" component="section" aria-labelledby="challenge-details">
              <Title order={2} fz="md" mb="sm" id="challenge-details">
                Details
              </Title>
              <Table variant="vertical" withRowBorders={false} verticalSpacing={6}>
                <Table.Tbody>
                  <Row label="Kind">{challengeKindLabel[c.kind]}</Row>
                  <Row label="Difficulty">
                    {c.difficulty ? (
                      <Badge color={difficultyColor[c.difficulty]} variant="light" tt="none">
                        {difficultyLabel[c.difficulty]}
                      </Badge>
                    ) : (
                      '—'
                    )}
                  </Row>
                  <Row label="Languages">{c.languages.map(languageLabel).join(', ') || '—'}</Row>
                  <Row label="Suggested time">{formatMinutes(c.suggestedMinutes)}</Row>
                  <Row label="Version">{`v${c.latestVersion.number}`}</Row>
                  <Row label="Source">{c.builtIn ? 'Built-in library' : 'Imported by your organization'}</Row>
                  <Row label="Slug">{c.slug}</Row>
                </Table.Tbody>
              </Table>
              {c.tags.length > 0 ? (
                <Group gap={6} mt="sm" aria-label="Tags">
                  {c.tags.map((t) => (
                    <Badge key={t} variant="default" tt="none">
                      {t}
                    </Badge>
                  ))}
                </Group>
              ) : null}
            </Paper>
            <Paper withBorder radius="lg" p="lg" component="section" aria-labelledby="challenge-versions">
              <Title order={2} fz="md" mb="sm" id="challenge-versions">
                Versions
              </Title>
              <Stack gap={4}>
                {c.versions.map((v) => (
                  <Group key={v.id} justify="space-between">
                    <Text size="sm" fw={v.id === c.latestVersion.id ? 600 : undefined}>
                      v{v.number}
                      {v.id === c.latestVersion.id ? ' (latest)' : ''}
                    </Text>
                    <Text size="sm" c="dimmed">
                      {formatDate(v.createdAt)}
                    </Text>
                  </Group>
                ))}
              </Stack>
            </Paper>
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th w={130} fw={500} c="dimmed">
        {label}
      </Table.Th>
      <Table.Td>{children}</Table.Td>
    </Table.Tr>
  );
}
