import { Alert, Button, Code, CopyButton, Group, Stack, Text } from '@mantine/core';

/** A secret the server will never show again, with a copy button. */
export function ShownOnceSecret({ label, value }: { label: string; value: string }) {
  return (
    <Alert color="yellow" title={label}>
      <Stack gap="xs">
        <Text size="sm">Copy it now: it is shown only once and cannot be retrieved later.</Text>
        <Group gap="xs" wrap="nowrap" align="center">
          <Code style={{ wordBreak: 'break-all' }} data-testid="shown-once-secret">
            {value}
          </Code>
          <CopyButton value={value}>
            {({ copied, copy }) => (
              <Button size="xs" variant="light" color={copied ? 'green' : undefined} onClick={copy}>
                {copied ? 'Copied' : 'Copy'}
              </Button>
            )}
          </CopyButton>
        </Group>
      </Stack>
    </Alert>
  );
}
