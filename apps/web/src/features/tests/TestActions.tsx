import type { Test } from '@assay/contracts';
import { notifications } from '@mantine/notifications';
import { useNavigate } from 'react-router-dom';
import { ConfirmDialog } from '../../app/components/ConfirmDialog.js';
import { errorMessage } from '../../lib/api-error.js';
import { useTestAction, type TestAction } from './use-tests.js';

/** Which lifecycle actions a test offers in its state. */
export function availableTestActions(test: Test): TestAction[] {
  if (test.status === 'archived') return ['unarchive', 'duplicate'];
  const publish: TestAction[] = test.status === 'draft' || test.hasUnpublishedChanges ? ['publish'] : [];
  return [...publish, 'duplicate', 'archive'];
}

export const testActionLabel: Record<TestAction, string> = {
  publish: 'Publish',
  archive: 'Archive',
  unarchive: 'Restore',
  duplicate: 'Duplicate',
};

/**
 * The confirmation for one test action; on success it notifies and (for duplicate) opens
 * the new draft. Render it when an action was chosen; `onClose` clears the choice.
 */
export function TestActionDialog({
  orgId,
  test,
  action,
  onClose,
}: {
  orgId: string;
  test: Test;
  action: TestAction;
  onClose: () => void;
}) {
  const act = useTestAction(orgId);
  const navigate = useNavigate();
  const confirm = () =>
    act.mutate(
      { testId: test.id, action },
      {
        onSuccess: (result) => {
          notifications.show({ color: 'green', message: doneMessage(action, result) });
          onClose();
          if (action === 'duplicate') void navigate(`/tests/${result.id}`);
        },
        onError: (err) => notifications.show({ color: 'red', message: errorMessage(err) }),
      },
    );
  const common = { opened: true, onClose, onConfirm: confirm, loading: act.isPending };
  switch (action) {
    case 'publish':
      return (
        <ConfirmDialog {...common} title={`Publish “${test.name}”?`} confirmLabel="Publish">
          {test.publishedVersion === null
            ? 'Candidates can be invited to it once it is published. The challenges are pinned at their current versions.'
            : 'New invitations will use this new version; candidates already invited keep the version they were sent.'}
        </ConfirmDialog>
      );
    case 'archive':
      return (
        <ConfirmDialog {...common} title={`Archive “${test.name}”?`} confirmLabel="Archive" color="red">
          No one can be invited to an archived test, and it cannot be edited. Candidates already invited can
          still take it. You can restore it later.
        </ConfirmDialog>
      );
    case 'unarchive':
      return (
        <ConfirmDialog {...common} title={`Restore “${test.name}”?`} confirmLabel="Restore">
          The test can be edited and sent again.
        </ConfirmDialog>
      );
    case 'duplicate':
      return (
        <ConfirmDialog {...common} title={`Duplicate “${test.name}”?`} confirmLabel="Duplicate">
          A new draft with the same challenges and settings is created and opened.
        </ConfirmDialog>
      );
  }
}

function doneMessage(action: TestAction, result: Test): string {
  switch (action) {
    case 'publish':
      return `“${result.name}” is published (version ${String(result.publishedVersion ?? 1)}).`;
    case 'archive':
      return `“${result.name}” is archived.`;
    case 'unarchive':
      return `“${result.name}” is restored.`;
    case 'duplicate':
      return `“${result.name}” was created as a draft.`;
  }
}
