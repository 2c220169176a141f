import type { ReportCode } from '@assay/contracts';
import {
  Alert,
  Badge,
  Group,
  Loader,
  Paper,
  ScrollArea,
  SegmentedControl,
  Stack,
  Switch,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useMemo, useState } from 'react';
import { FormAlert } from '../../app/components/FormAlert.js';
import { errorMessage } from '../../lib/api-error.js';
import { buildTree, lineDiff, parseUnifiedDiff, type DiffLine, type TreeNode } from './diff.js';
import { useReportCode, useReportFile } from './use-reports.js';

type CodeFile = ReportCode['files'][number];

const statusColor: Record<CodeFile['status'], string> = {
  added: 'green',
  modified: 'yellow',
  deleted: 'red',
  unchanged: 'gray',
};

/** The submission: file tree with change badges, a file's content or its diff, the whole diff. */
export function CodeView({
  orgId,
  invitationId,
  commit,
}: {
  orgId: string;
  invitationId: string;
  commit: string | null;
}) {
  const code = useReportCode(orgId, invitationId, commit, true);
  const [mode, setMode] = useState<'files' | 'diff'>('files');
  const [selected, setSelected] = useState<string | null>(null);
  const files = code.data?.files;
  const tree = useMemo(() => buildTree(files ?? []), [files]);
  const fileDiffs = useMemo(() => parseUnifiedDiff(code.data?.diff ?? ''), [code.data?.diff]);

  if (code.isPending) return <Loader size="sm" aria-label="Loading the code" />;
  if (code.isError) return <FormAlert message={errorMessage(code.error)} />;
  if (code.data.files.length === 0) return <Text c="dimmed">No files were submitted.</Text>;
  const changed = code.data.files.filter((f) => f.status !== 'unchanged').length;
  const current =
    selected ?? code.data.files.find((f) => f.status !== 'unchanged' && f.status !== 'deleted')?.path ?? null;

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {code.data.files.length} files, {changed} changed against the starter
          {code.data.commit ? ` · commit ${code.data.commit.slice(0, 10)}` : ''}
          {code.data.submitted ? '' : ' · live, not submitted yet'}
        </Text>
        <SegmentedControl
          size="xs"
          className="report-no-print"
          value={mode}
          onChange={(v) => setMode(v === 'diff' ? 'diff' : 'files')}
          data={[
            { value: 'files', label: 'Files' },
            { value: 'diff', label: 'All changes' },
          ]}
          aria-label="Code view"
        />
      </Group>
      {mode === 'diff' ? (
        <Stack gap="sm">
          {code.data.truncated ? (
            <Alert color="yellow" variant="light">
              The diff is too long to show in full; open single files for the rest.
            </Alert>
          ) : null}
          {fileDiffs.length === 0 ? <Text c="dimmed">No changes against the starter.</Text> : null}
          {fileDiffs.map((f, i) => (
            <Paper key={`${f.path}-${i}`} withBorder radius="md">
              <Group
                px="sm"
                py={6}
                gap="xs"
                style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
              >
                <Text size="sm" ff="monospace" fw={600}>
                  {f.path}
                </Text>
                <Text size="xs" c="green.7">
                  +{f.added}
                </Text>
                <Text size="xs" c="red.7">
                  −{f.removed}
                </Text>
              </Group>
              <DiffLines lines={f.lines.filter((l) => l.kind !== 'meta')} label={`Changes in ${f.path}`} />
            </Paper>
          ))}
        </Stack>
      ) : (
        <Group align="flex-start" gap="sm" wrap="nowrap">
          <Paper withBorder radius="md" p={4} w={260} style={{ flexShrink: 0 }}>
            <ScrollArea.Autosize mah={520}>
              <nav aria-label="Submitted files">
                <FileTree nodes={tree} selected={current} onSelect={setSelected} depth={0} />
              </nav>
            </ScrollArea.Autosize>
          </Paper>
          <div style={{ flex: 1, minWidth: 0 }}>
            {current ? (
              <FilePane
                orgId={orgId}
                invitationId={invitationId}
                commit={code.data.commit}
                file={code.data.files.find((f) => f.path === current) ?? null}
                path={current}
              />
            ) : (
              <Text c="dimmed">Choose a file.</Text>
            )}
          </div>
        </Group>
      )}
    </Stack>
  );
}

function FileTree({
  nodes,
  selected,
  onSelect,
  depth,
}: {
  nodes: TreeNode<CodeFile>[];
  selected: string | null;
  onSelect: (path: string) => void;
  depth: number;
}) {
  return (
    <ul role={depth === 0 ? 'tree' : 'group'} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {nodes.map((node) =>
        node.file ? (
          <li key={node.path} role="treeitem" aria-selected={node.path === selected}>
            <UnstyledButton
              onClick={() => onSelect(node.path)}
              w="100%"
              px={6}
              py={2}
              pl={6 + depth * 14}
              style={{
                borderRadius: 4,
                background: node.path === selected ? 'var(--mantine-color-blue-light)' : undefined,
              }}
              aria-label={`${node.path} (${node.file.status})`}
              aria-current={node.path === selected ? 'true' : undefined}
            >
              <Group gap={6} wrap="nowrap" justify="space-between">
                <Text
                  size="sm"
                  ff="monospace"
                  truncate
                  td={node.file.status === 'deleted' ? 'line-through' : undefined}
                >
                  {node.name}
                </Text>
                {node.file.status !== 'unchanged' ? (
                  <Badge size="xs" variant="light" color={statusColor[node.file.status]} tt="none">
                    {node.file.status}
                  </Badge>
                ) : null}
              </Group>
            </UnstyledButton>
          </li>
        ) : (
          <li key={node.path} role="treeitem" aria-expanded="true" aria-selected={false}>
            <Text size="sm" ff="monospace" c="dimmed" px={6} py={2} pl={6 + depth * 14}>
              {node.name}/
            </Text>
            <FileTree nodes={node.children} selected={selected} onSelect={onSelect} depth={depth + 1} />
          </li>
        ),
      )}
    </ul>
  );
}

function FilePane({
  orgId,
  invitationId,
  commit,
  file,
  path,
}: {
  orgId: string;
  invitationId: string;
  commit: string | null;
  file: CodeFile | null;
  path: string;
}) {
  const [showDiff, setShowDiff] = useState(false);
  const content = useReportFile(orgId, invitationId, commit, path);
  const status = content.data?.status ?? file?.status ?? null;
  const diff = useMemo(
    () =>
      content.data && !content.data.binary ? lineDiff(content.data.starterContent, content.data.content) : [],
    [content.data],
  );
  return (
    <Paper withBorder radius="md">
      <Group
        justify="space-between"
        px="sm"
        py={6}
        style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
      >
        <Group gap="xs">
          <Text size="sm" ff="monospace" fw={600}>
            {path}
          </Text>
          {status && status !== 'unchanged' ? (
            <Badge size="xs" variant="light" color={statusColor[status]} tt="none">
              {status}
            </Badge>
          ) : null}
        </Group>
        <Switch
          size="xs"
          className="report-no-print"
          label="Diff vs starter"
          checked={showDiff}
          onChange={(e) => setShowDiff(e.currentTarget.checked)}
        />
      </Group>
      {content.isPending ? (
        <Loader size="sm" m="sm" aria-label="Loading the file" />
      ) : content.isError ? (
        <FormAlert message={errorMessage(content.error)} />
      ) : content.data.binary ? (
        <Text c="dimmed" p="sm">
          Binary file ({file?.size ?? 0} bytes), not shown.
        </Text>
      ) : showDiff ? (
        diff.some((l) => l.kind !== 'ctx') ? (
          <DiffLines lines={diff} label={`${path} against the starter`} />
        ) : (
          <Text c="dimmed" p="sm">
            Same as the starter.
          </Text>
        )
      ) : content.data.content === null ? (
        <Text c="dimmed" p="sm">
          Deleted by the candidate (turn on “Diff vs starter” to see the starter’s version).
        </Text>
      ) : (
        <NumberedCode text={content.data.content} label={path} />
      )}
    </Paper>
  );
}

const codeTable = {
  width: '100%',
  borderCollapse: 'collapse' as const,
  fontFamily: 'var(--mantine-font-family-monospace)',
  fontSize: 12,
  lineHeight: 1.5,
};
const gutter = {
  width: 1,
  padding: '0 8px',
  textAlign: 'right' as const,
  color: 'var(--mantine-color-dimmed)',
  userSelect: 'none' as const,
  whiteSpace: 'nowrap' as const,
  verticalAlign: 'top' as const,
};
const cell = { padding: '0 8px', whiteSpace: 'pre' as const };

/** A file's text with line numbers. */
function NumberedCode({ text, label }: { text: string; label: string }) {
  const lines = text.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return (
    <ScrollArea.Autosize mah={640} type="auto">
      <table style={codeTable} aria-label={label} data-testid="code-lines">
        <tbody>
          {lines.map((line, i) => (
            <tr key={i}>
              <td style={gutter} aria-hidden="true">
                {i + 1}
              </td>
              <td style={cell}>{line}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollArea.Autosize>
  );
}

const lineBackground: Record<DiffLine['kind'], string | undefined> = {
  add: 'var(--mantine-color-green-light)',
  del: 'var(--mantine-color-red-light)',
  hunk: 'var(--mantine-color-blue-light)',
  ctx: undefined,
  meta: undefined,
};
const marker: Record<DiffLine['kind'], string> = { add: '+', del: '−', hunk: '', ctx: ' ', meta: '' };

/** Diff lines with both line numbers; added lines green, removed lines red. */
export function DiffLines({ lines, label }: { lines: DiffLine[]; label: string }) {
  return (
    <ScrollArea.Autosize mah={640} type="auto">
      <table style={codeTable} aria-label={label} data-testid="diff-lines">
        <tbody>
          {lines.map((l, i) => (
            <tr key={i} data-kind={l.kind} style={{ background: lineBackground[l.kind] }}>
              <td style={gutter} aria-hidden="true">
                {l.oldNo ?? ''}
              </td>
              <td style={gutter} aria-hidden="true">
                {l.newNo ?? ''}
              </td>
              <td
                style={{ ...cell, color: l.kind === 'hunk' ? 'var(--mantine-color-blue-text)' : undefined }}
              >
                {l.kind === 'add' || l.kind === 'del' ? (
                  <span aria-label={l.kind === 'add' ? 'added' : 'removed'}>{marker[l.kind]} </span>
                ) : l.kind === 'ctx' ? (
                  '  '
                ) : null}
                {l.text}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollArea.Autosize>
  );
}
