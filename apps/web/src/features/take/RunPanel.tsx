import type { AttemptState, RunResult } from '@assay/contracts';
import {
  Alert,
  Badge,
  Button,
  Code,
  Group,
  ScrollArea,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { errorMessage } from '../../lib/api-error.js';

export interface RunChoice {
  problem: string | null;
  language: string | null;
  input: string;
}

const passedVerdicts = new Set(['passed', 'AC', 'ok']);

/** Run: the visible tests (project) or the samples / a custom input (problems); verdict, cases, output. */
export function RunPanel({
  state,
  choice,
  onChoice,
  onRun,
  running,
  result,
  error,
  disabled,
}: {
  state: AttemptState;
  choice: RunChoice;
  onChoice: (choice: RunChoice) => void;
  onRun: (kind: 'default' | 'custom') => void;
  running: boolean;
  result: RunResult | null;
  error: unknown;
  disabled: boolean;
}) {
  const problems = state.test.kind === 'problems';
  return (
    <Stack gap="sm">
      <Title order={2} fz="lg">
        Run
      </Title>
      {problems ? (
        <>
          <Select
            label="Problem"
            data={state.test.problems.map((p) => ({ value: p.slug, label: p.title }))}
            value={choice.problem}
            onChange={(problem) => onChoice({ ...choice, problem })}
            allowDeselect={false}
          />
          <Select
            label="Language"
            data={state.test.languages}
            value={choice.language}
            onChange={(language) => onChoice({ ...choice, language })}
            allowDeselect={false}
          />
          <Group gap="xs">
            <Button
              data-testid="run-button"
              loading={running}
              disabled={disabled || !choice.problem}
              onClick={() => onRun('default')}
            >
              Run samples
            </Button>
            <Button
              variant="default"
              loading={running}
              disabled={disabled || !choice.problem}
              onClick={() => onRun('custom')}
            >
              Run with custom input
            </Button>
          </Group>
          <Textarea
            label="Custom input"
            autosize
            minRows={3}
            maxRows={10}
            value={choice.input}
            onChange={(e) => onChoice({ ...choice, input: e.currentTarget.value })}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          />
        </>
      ) : (
        <Group gap="xs">
          <Button
            data-testid="run-button"
            loading={running}
            disabled={disabled}
            onClick={() => onRun('default')}
          >
            Run tests
          </Button>
          {state.test.testCommand ? (
            <Text size="xs" c="dimmed">
              Runs <Code>{state.test.testCommand}</Code> on your saved work.
            </Text>
          ) : null}
        </Group>
      )}
      <Text size="xs" c="dimmed">
        Ctrl/Cmd+Enter runs. Your work is saved and committed first.
      </Text>
      {error ? <Alert color="red">{errorMessage(error)}</Alert> : null}
      {result ? <RunOutput result={result} /> : null}
    </Stack>
  );
}

function RunOutput({ result }: { result: RunResult }) {
  const ok = passedVerdicts.has(result.verdict);
  return (
    <Stack gap="xs" aria-live="polite" data-testid="run-result">
      <Group gap="xs">
        <Text fw={600}>Verdict</Text>
        <Badge color={ok ? 'green' : 'red'} data-testid="run-verdict">
          {result.verdict}
        </Badge>
        <Text size="xs" c="dimmed">
          {(result.durationMs / 1000).toFixed(1)} s · commit {result.commit.slice(0, 8)}
        </Text>
      </Group>
      {result.cases.length > 0 ? (
        <Table aria-label="Cases" withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Case</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Message</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {result.cases.map((c, i) => (
              <Table.Tr key={`${c.name}-${i}`}>
                <Table.Td>{c.name}</Table.Td>
                <Table.Td>
                  <Badge
                    size="sm"
                    variant="light"
                    color={c.status === 'passed' ? 'green' : c.status === 'skipped' ? 'gray' : 'red'}
                  >
                    {c.status}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="xs" style={{ whiteSpace: 'pre-wrap' }}>
                    {c.message ?? ''}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : null}
      {result.output ? (
        <>
          <Text fw={600} size="sm">
            {result.kind === 'custom' ? 'Program output' : 'Output'}
          </Text>
          <ScrollArea.Autosize mah={260}>
            <Code block data-testid="run-output">
              {result.output}
            </Code>
          </ScrollArea.Autosize>
        </>
      ) : null}
    </Stack>
  );
}
