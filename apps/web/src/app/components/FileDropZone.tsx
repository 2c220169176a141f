import { Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useId, useRef, useState, type DragEvent } from 'react';

/**
 * Choose one file with a real `<input type="file">` (keyboard and screen readers) or by
 * dropping it on the zone. `accept` filters the picker and dropped files alike.
 */
export function FileDropZone({
  label,
  description,
  accept,
  file,
  onFile,
  error,
}: {
  label: string;
  description?: string;
  /** Comma-separated extensions or MIME types, as for `<input accept>` (e.g. ".zip"). */
  accept: string;
  file: File | null;
  onFile: (file: File | null) => void;
  error?: string | null;
}) {
  const inputId = useId();
  const errorId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [rejected, setRejected] = useState<string | null>(null);

  const take = (candidate: File | undefined) => {
    if (!candidate) return;
    if (!accepts(accept, candidate)) {
      setRejected(`${candidate.name} is not a ${accept} file.`);
      return;
    }
    setRejected(null);
    onFile(candidate);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    take(event.dataTransfer.files[0]);
  };
  const message = rejected ?? error ?? null;

  return (
    <Paper
      withBorder
      radius="md"
      p="lg"
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
      style={{
        borderStyle: 'dashed',
        borderColor: message
          ? 'var(--mantine-color-red-6)'
          : dragging
            ? 'var(--mantine-primary-color-filled)'
            : undefined,
        background: dragging ? 'var(--mantine-primary-color-light)' : undefined,
      }}
    >
      <Stack gap="xs" align="center" ta="center">
        <Text fw={600} component="label" htmlFor={inputId}>
          {label}
        </Text>
        {description ? (
          <Text size="sm" c="dimmed">
            {description}
          </Text>
        ) : null}
        <input
          id={inputId}
          ref={inputRef}
          type="file"
          accept={accept}
          // The visible button below opens it; the input stays labelled for assistive tech.
          style={{ display: 'none' }}
          aria-invalid={message ? true : undefined}
          onChange={(e) => {
            take(e.currentTarget.files?.[0]);
            // Choosing the same file again must fire onChange again.
            e.currentTarget.value = '';
          }}
        />
        <Group gap="sm">
          <Button
            variant="default"
            onClick={() => inputRef.current?.click()}
            aria-label={`${label}: choose file`}
            aria-describedby={message ? errorId : undefined}
          >
            Choose file…
          </Button>
          {file ? (
            <Text size="sm">
              {file.name} ({formatBytes(file.size)})
            </Text>
          ) : (
            <Text size="sm" c="dimmed">
              or drop it here
            </Text>
          )}
        </Group>
        {message ? (
          <Text size="sm" c="red" role="alert" id={errorId}>
            {message}
          </Text>
        ) : null}
      </Stack>
    </Paper>
  );
}

function accepts(accept: string, file: File): boolean {
  const name = file.name.toLowerCase();
  return accept
    .split(',')
    .map((a) => a.trim().toLowerCase())
    .some((a) => (a.startsWith('.') ? name.endsWith(a) : file.type === a));
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
