import type { Report } from '@assay/contracts';
import { Button, Group, Paper, Stack, Text, Textarea } from '@mantine/core';
import { useState, type SyntheticEvent } from 'react';
import { FormAlert } from '../../app/components/FormAlert.js';
import { formatDateTime } from '../../lib/format.js';
import { useFormErrors } from '../../lib/use-form-errors.js';
import { useAddReportNote } from './use-reports.js';

/** Reviewer notes: the list (oldest first) and a form to add one. */
export function ReviewerNotes({
  orgId,
  invitationId,
  notes,
}: {
  orgId: string;
  invitationId: string;
  notes: Report['notes'];
}) {
  const add = useAddReportNote(orgId, invitationId);
  const errors = useFormErrors();
  const [body, setBody] = useState('');
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    errors.clear();
    add.mutate({ body }, { onSuccess: () => setBody(''), onError: errors.capture });
  };
  return (
    <Stack gap="sm">
      {notes.length === 0 ? (
        <Text c="dimmed">No notes yet.</Text>
      ) : (
        <Stack
          gap="xs"
          component="ul"
          style={{ listStyle: 'none', padding: 0, margin: 0 }}
          aria-label="Notes"
        >
          {notes.map((n) => (
            <Paper key={n.id} withBorder radius="md" p="sm" component="li">
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {n.body}
              </Text>
              <Text size="xs" c="dimmed" mt={4}>
                {n.by} · <time dateTime={n.at}>{formatDateTime(n.at)}</time>
              </Text>
            </Paper>
          ))}
        </Stack>
      )}
      <form onSubmit={submit} noValidate className="report-no-print">
        <Stack gap="xs">
          <FormAlert message={errors.form} />
          <Textarea
            label="Add a note"
            placeholder="What stood out? Visible to everyone in your organization."
            autosize
            minRows={2}
            maxLength={5000}
            value={body}
            onChange={(e) => setBody(e.currentTarget.value)}
            error={errors.fields.body}
          />
          <Group justify="flex-end">
            <Button type="submit" size="sm" loading={add.isPending} disabled={body.trim() === ''}>
              Add note
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
