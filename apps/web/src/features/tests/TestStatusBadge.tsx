import type { Test, TestStatus } from '@assay/contracts';
import { Badge, Group } from '@mantine/core';

const color: Record<TestStatus, string> = { draft: 'gray', published: 'green', archived: 'dark' };
const label: Record<TestStatus, string> = { draft: 'Draft', published: 'Published', archived: 'Archived' };

/** Draft / Published vN / Archived, plus "Unpublished changes" on an edited published test. */
export function TestStatusBadge({ test }: { test: Test }) {
  return (
    <Group gap={6} wrap="nowrap" component="span">
      <Badge component="span" color={color[test.status]} variant="light" tt="none">
        {label[test.status]}
        {test.status === 'published' && test.publishedVersion !== null ? ` v${test.publishedVersion}` : ''}
      </Badge>
      {test.status === 'published' && test.hasUnpublishedChanges ? (
        <Badge component="span" color="yellow" variant="outline" tt="none">
          Unpublished changes
        </Badge>
      ) : null}
    </Group>
  );
}
