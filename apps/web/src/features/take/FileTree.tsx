import type { WorkspaceEntry } from '@assay/contracts';
import {
  Badge,
  Box,
  Button,
  Group,
  Menu,
  Modal,
  Stack,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { useState, type SyntheticEvent } from 'react';
import { ConfirmDialog } from '../../app/components/ConfirmDialog.js';
import { RowMenuButton } from '../../app/components/RowMenuButton.js';
import { buildTree, type TreeNode } from './workspace-paths.js';

export interface FileTreeProps {
  entries: WorkspaceEntry[];
  activePath: string | null;
  /** Paths with unsaved edits in this tab. */
  unsavedPaths: ReadonlySet<string>;
  readOnly: boolean;
  onOpen: (path: string) => void;
  /** Each returns a sentence naming the problem, or null when done. */
  onCreate: (path: string) => string | null;
  onRename: (from: string, to: string) => string | null;
  onDelete: (path: string) => void;
}

type Dialog =
  | { kind: 'create'; folder: string }
  | { kind: 'rename'; path: string }
  | { kind: 'delete'; path: string }
  | null;

/** The repository's files: open, create, rename, delete (every action is a button: keyboard reachable). */
export function FileTree(props: FileTreeProps) {
  const [dialog, setDialog] = useState<Dialog>(null);
  const tree = buildTree(props.entries);
  return (
    <Stack gap="xs" h="100%">
      <Group justify="space-between" px="xs" pt="xs" wrap="nowrap">
        <Text fw={600} size="sm" id="files-heading">
          Files
        </Text>
        <Button
          size="compact-xs"
          variant="light"
          disabled={props.readOnly}
          onClick={() => setDialog({ kind: 'create', folder: '' })}
        >
          New file
        </Button>
      </Group>
      <Box
        component="nav"
        aria-labelledby="files-heading"
        style={{ overflow: 'auto', flex: 1 }}
        px={4}
        pb="xs"
      >
        <TreeList nodes={tree} depth={0} props={props} setDialog={setDialog} />
      </Box>
      <PathDialog
        key={
          dialog?.kind === 'create'
            ? `c:${dialog.folder}`
            : dialog?.kind === 'rename'
              ? `r:${dialog.path}`
              : 'none'
        }
        opened={dialog?.kind === 'create' || dialog?.kind === 'rename'}
        title={dialog?.kind === 'rename' ? `Rename ${dialog.path}` : 'New file'}
        initial={dialog?.kind === 'rename' ? dialog.path : dialog?.kind === 'create' ? dialog.folder : ''}
        submitLabel={dialog?.kind === 'rename' ? 'Rename' : 'Create'}
        onSubmit={(value) =>
          dialog?.kind === 'rename' ? props.onRename(dialog.path, value) : props.onCreate(value)
        }
        onClose={() => setDialog(null)}
      />
      <ConfirmDialog
        opened={dialog?.kind === 'delete'}
        title={dialog?.kind === 'delete' ? `Delete ${dialog.path}?` : 'Delete'}
        confirmLabel="Delete"
        color="red"
        onConfirm={() => {
          if (dialog?.kind === 'delete') props.onDelete(dialog.path);
          setDialog(null);
        }}
        onClose={() => setDialog(null)}
      >
        The file is removed from your repository (you can create it again).
      </ConfirmDialog>
    </Stack>
  );
}

function TreeList({
  nodes,
  depth,
  props,
  setDialog,
}: {
  nodes: TreeNode[];
  depth: number;
  props: FileTreeProps;
  setDialog: (d: Dialog) => void;
}) {
  return (
    <Box component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {nodes.map((node) =>
        node.entry === null ? (
          <li key={`d:${node.path}`}>
            <Text size="sm" c="dimmed" pl={depth * 12 + 6} py={2} fw={500}>
              {node.name}/
            </Text>
            <TreeList nodes={node.children} depth={depth + 1} props={props} setDialog={setDialog} />
          </li>
        ) : (
          <FileRow
            key={node.path}
            node={node}
            entry={node.entry}
            depth={depth}
            props={props}
            setDialog={setDialog}
          />
        ),
      )}
    </Box>
  );
}

function FileRow({
  node,
  entry,
  depth,
  props,
  setDialog,
}: {
  node: TreeNode;
  entry: WorkspaceEntry;
  depth: number;
  props: FileTreeProps;
  setDialog: (d: Dialog) => void;
}) {
  const active = props.activePath === entry.path;
  const unsaved = props.unsavedPaths.has(entry.path);
  return (
    <Group
      component="li"
      gap={2}
      wrap="nowrap"
      style={{ borderRadius: 6, background: active ? 'var(--mantine-primary-color-light)' : undefined }}
    >
      <UnstyledButton
        onClick={() => props.onOpen(entry.path)}
        data-testid="file-item"
        data-path={entry.path}
        aria-current={active ? 'true' : undefined}
        aria-label={`${entry.path}${unsaved ? ' (unsaved changes)' : ''}${entry.binary ? ' (binary)' : ''}`}
        style={{ flex: 1, minWidth: 0, padding: `3px 6px 3px ${depth * 12 + 6}px` }}
      >
        <Group gap={4} wrap="nowrap">
          <Text size="sm" truncate="end" c={entry.binary ? 'dimmed' : undefined}>
            {node.name}
          </Text>
          {unsaved ? (
            <Text size="sm" c="orange" aria-hidden="true">
              ●
            </Text>
          ) : null}
          {entry.draft === 'added' ? (
            <Badge size="xs" variant="light" aria-hidden="true">
              new
            </Badge>
          ) : null}
        </Group>
      </UnstyledButton>
      {props.readOnly ? null : (
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <RowMenuButton label={`Actions for ${entry.path}`} />
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item onClick={() => setDialog({ kind: 'rename', path: entry.path })}>Rename…</Menu.Item>
            <Menu.Item
              onClick={() =>
                setDialog({
                  kind: 'create',
                  folder: entry.path.includes('/')
                    ? entry.path.slice(0, entry.path.lastIndexOf('/') + 1)
                    : '',
                })
              }
            >
              New file in this folder…
            </Menu.Item>
            <Menu.Item color="red" onClick={() => setDialog({ kind: 'delete', path: entry.path })}>
              Delete…
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      )}
    </Group>
  );
}

function PathDialog({
  opened,
  title,
  initial,
  submitLabel,
  onSubmit,
  onClose,
}: {
  opened: boolean;
  title: string;
  initial: string;
  submitLabel: string;
  onSubmit: (value: string) => string | null;
  onClose: () => void;
}) {
  const [value, setValue] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    const problem = onSubmit(value);
    if (problem) setError(problem);
    else onClose();
  };
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered>
      <form onSubmit={submit}>
        <Stack>
          <TextInput
            label="Path"
            description="Relative to the repository, e.g. src/util.py (folders are created as needed)."
            value={value}
            onChange={(e) => {
              setValue(e.currentTarget.value);
              setError(null);
            }}
            error={error}
            data-autofocus
            spellCheck={false}
            autoComplete="off"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit">{submitLabel}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
