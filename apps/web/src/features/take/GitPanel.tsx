import { PUSH_GRACE_MS, SubmissionLimits, type AttemptState } from '@assay/contracts';
import { Button, Code, CopyButton, Group, List, Stack, Text, Title } from '@mantine/core';

function CopyField({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600}>
        {label}
      </Text>
      <Group gap="xs" wrap="nowrap" align="center">
        <Code data-testid={testId} style={{ wordBreak: 'break-all', flex: 1 }}>
          {value}
        </Code>
        <CopyButton value={value}>
          {({ copied, copy }) => (
            <Button
              size="xs"
              variant="light"
              color={copied ? 'green' : undefined}
              onClick={copy}
              aria-label={`Copy ${label.toLowerCase()}`}
            >
              {copied ? 'Copied' : 'Copy'}
            </Button>
          )}
        </CopyButton>
      </Group>
    </Stack>
  );
}

const mib = (bytes: number) => `${bytes / (1024 * 1024)} MiB`;

/** Working with git: clone (the credential is never in the URL), push to main, the deadline rule, limits. */
export function GitPanel({ state }: { state: AttemptState }) {
  const { cloneUrl, username, password } = state.git;
  return (
    <Stack gap="md">
      <Title order={2} fz="lg">
        Work with git
      </Title>
      <Text size="sm">
        You can also work in your own editor. The browser IDE and git share one repository: what you push
        appears here, and what you write here is committed to the same branch.
      </Text>
      <CopyField label="Clone command" value={`git clone ${cloneUrl}`} testId="git-clone-command" />
      <Text size="sm">Git will ask for a username and password: use these.</Text>
      <CopyField label="Username" value={username} testId="git-username" />
      <CopyField label="Password" value={password} testId="git-password" />
      <Text size="sm" c="dimmed">
        Never put the password in the URL: such clones are refused. To skip any saved credential helper, run{' '}
        <Code>git -c credential.helper= clone {cloneUrl}</Code>.
      </Text>
      <List size="sm" spacing={4}>
        <List.Item>
          Push to <Code>main</Code> (<Code>git push origin main</Code>); only fast-forward pushes are
          accepted.
        </List.Item>
        <List.Item>
          The deadline is the deadline: a push that began before it may finish within {PUSH_GRACE_MS / 1000}{' '}
          seconds after it; later pushes are refused.
        </List.Item>
        <List.Item>
          Limits: {mib(SubmissionLimits.maxFileBytes)} per file, {SubmissionLimits.maxFiles} files,{' '}
          {mib(SubmissionLimits.maxTotalBytes)} in total.
        </List.Item>
        {state.test.testCommand ? (
          <List.Item>
            Run the visible tests locally with <Code>{state.test.testCommand}</Code>.
          </List.Item>
        ) : null}
      </List>
    </Stack>
  );
}
