import type { Report } from '@assay/contracts';
import { Text, Timeline } from '@mantine/core';
import { formatDateTime } from '../../lib/format.js';

type Entry = Report['timeline'][number];

const kindLabel: Record<Entry['kind'], string> = {
  invited: 'Invited',
  sent: 'Invitation sent',
  opened: 'Opened',
  started: 'Started',
  resumed: 'Resumed',
  commit: 'Saved',
  push: 'Pushed',
  push_refused: 'Push refused',
  run: 'Ran the tests',
  submitted: 'Submitted',
  graded: 'Graded',
  grading_failed: 'Grading failed',
  expired: 'Expired',
  cancelled: 'Cancelled',
  extended: 'Extended',
  note: 'Note',
  override: 'Score overridden',
  regrade: 'Re-grade requested',
};

const kindColor: Partial<Record<Entry['kind'], string>> = {
  submitted: 'violet',
  graded: 'green',
  grading_failed: 'red',
  push_refused: 'orange',
  expired: 'orange',
  cancelled: 'dark',
  override: 'grape',
};

/** Everything that happened to the invitation, oldest first. */
export function ReportTimeline({ entries }: { entries: Entry[] }) {
  if (entries.length === 0) return <Text c="dimmed">Nothing happened yet.</Text>;
  const sorted = [...entries].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <Timeline bulletSize={14} lineWidth={2} active={sorted.length - 1} aria-label="Timeline">
      {sorted.map((e, i) => (
        <Timeline.Item
          key={`${e.at}-${e.kind}-${i}`}
          title={kindLabel[e.kind]}
          color={kindColor[e.kind] ?? 'blue'}
        >
          {e.summary && e.summary !== kindLabel[e.kind] ? <Text size="sm">{e.summary}</Text> : null}
          <Text size="xs" c="dimmed">
            <time dateTime={e.at}>{formatDateTime(e.at)}</time>
          </Text>
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
