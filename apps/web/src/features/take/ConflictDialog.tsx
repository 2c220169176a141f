import { Button, Code, Group, Modal, ScrollArea, SimpleGrid, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { FileConflict } from './workspace-store.js';

/** A file changed elsewhere (a push, another tab) while it had unsaved edits here: the candidate decides. */
export function ConflictDialog({
  conflict,
  onKeepMine,
  onTakeTheirs,
}: {
  conflict: FileConflict | undefined;
  onKeepMine: (path: string) => void;
  onTakeTheirs: (path: string) => void;
}) {
  const [showBoth, setShowBoth] = useState(false);
  if (!conflict) return null;
  const deleted = conflict.theirs === null;
  return (
    <Modal
      opened
      onClose={() => undefined}
      withCloseButton={false}
      closeOnClickOutside={false}
      closeOnEscape={false}
      centered
      size={showBoth ? 'xl' : 'md'}
      title={`${conflict.path} changed outside this editor`}
    >
      <Stack>
        <Text size="sm">
          {deleted
            ? 'The file was deleted by a push (or in another tab) while you had unsaved changes to it.'
            : 'A push (or another tab) changed this file while you had unsaved changes to it.'}{' '}
          Nothing was overwritten. Which version do you want to keep?
        </Text>
        {showBoth ? (
          <SimpleGrid cols={2}>
            <Stack gap={4}>
              <Text fw={600} size="sm">
                Mine (unsaved)
              </Text>
              <ScrollArea h={300}>
                <Code block>{conflict.mine}</Code>
              </ScrollArea>
            </Stack>
            <Stack gap={4}>
              <Text fw={600} size="sm">
                Theirs (in the repository)
              </Text>
              <ScrollArea h={300}>
                <Code block>{conflict.theirs ?? '(deleted)'}</Code>
              </ScrollArea>
            </Stack>
          </SimpleGrid>
        ) : null}
        <Group justify="flex-end">
          <Button variant="subtle" onClick={() => setShowBoth((s) => !s)}>
            {showBoth ? 'Hide versions' : 'View both'}
          </Button>
          <Button variant="default" onClick={() => onTakeTheirs(conflict.path)}>
            {deleted ? 'Accept the deletion' : 'Take theirs'}
          </Button>
          <Button onClick={() => onKeepMine(conflict.path)} data-autofocus>
            Keep mine
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
