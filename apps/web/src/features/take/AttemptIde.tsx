import type { AttemptState, RunBody, RunResult, SubmissionReceipt } from '@assay/contracts';
import {
  ActionIcon,
  Alert,
  Box,
  Button,
  Group,
  Loader,
  ScrollArea,
  Stack,
  Tabs,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { ConfirmDialog } from '../../app/components/ConfirmDialog.js';
import { CodeEditor } from '../../editor/CodeEditor.js';
import { errorMessage } from '../../lib/api-error.js';
import { MarkdownStatement } from '../challenges/MarkdownStatement.js';
import { candidateApi } from './candidate-api.js';
import { accent, CandidateShell } from './CandidateShell.js';
import { ConflictDialog } from './ConflictDialog.js';
import { Countdown } from './Countdown.js';
import { FileTree } from './FileTree.js';
import { GitPanel } from './GitPanel.js';
import { RunPanel, type RunChoice } from './RunPanel.js';
import { useSubmitAttempt } from './use-attempt.js';
import { WorkspaceStore, type SaveStatus, type WorkspaceSnapshot } from './workspace-store.js';

interface IdeProps {
  state: AttemptState;
  remainingMs: number | null;
  onSubmitted: (receipt: SubmissionReceipt) => void;
}

/** The attempt's browser IDE (lazy-loaded: CodeMirror lives in this chunk). */
export default function AttemptIde(props: IdeProps) {
  const attemptId = props.state.attemptId;
  const [store, setStore] = useState<WorkspaceStore | null>(null);
  useEffect(() => {
    const s = new WorkspaceStore(attemptId);
    setStore(s);
    void s.init();
    return () => s.dispose();
  }, [attemptId]);
  if (!store) return null;
  return <Ide {...props} store={store} />;
}

function Ide({ state, remainingMs, onSubmitted, store }: IdeProps & { store: WorkspaceStore }) {
  const ws = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const attemptId = state.attemptId;
  const closed = ws.status.kind === 'closed';

  // Each poll: external pushes (head moved), submission at the deadline.
  useEffect(() => store.onState(state), [store, state]);

  // Leaving the window commits the drafts (and saves first); leaving the page keeps a local copy.
  useEffect(() => {
    const onBlur = () => void store.commitNow();
    const onHide = () => store.persistNow();
    window.addEventListener('blur', onBlur);
    window.addEventListener('pagehide', onHide);
    return () => {
      window.removeEventListener('blur', onBlur);
      window.removeEventListener('pagehide', onHide);
    };
  }, [store]);

  // ---- Run ----
  const [choice, setChoice] = useState<RunChoice>(() => ({
    problem: state.test.problems[0]?.slug ?? null,
    language: state.test.languages[0] ?? null,
    input: '',
  }));
  const [result, setResult] = useState<RunResult | null>(null);
  const run = useMutation({
    mutationFn: async (kind: 'default' | 'custom') => {
      await store.settle();
      const body: RunBody =
        state.test.kind === 'problems'
          ? {
              ...(choice.problem ? { problem: choice.problem } : {}),
              ...(choice.language ? { language: choice.language } : {}),
              ...(kind === 'custom' ? { input: choice.input } : {}),
            }
          : {};
      return candidateApi.run(attemptId, body);
    },
    onSuccess: (r) => {
      store.noteCommit(r.commit);
      setResult(r);
    },
  });
  const [sideTab, setSideTab] = useState<string | null>('statement');
  const startRun = (kind: 'default' | 'custom' = 'default') => {
    if (run.isPending || closed) return;
    setSideTab('run');
    run.mutate(kind);
  };

  // ---- Submit ----
  const submit = useSubmitAttempt(attemptId);
  const [confirmSubmit, setConfirmSubmit] = useState(false);
  // Double clicks submit once (the server's submit is idempotent too).
  const submitting = useRef(false);
  const doSubmit = async () => {
    if (submitting.current) return;
    submitting.current = true;
    await store.settle();
    submit.mutate(undefined, {
      onSuccess: (receipt) => {
        store.close();
        setConfirmSubmit(false);
        onSubmitted(receipt);
      },
      onSettled: () => {
        submitting.current = false;
      },
    });
  };

  // Ctrl/Cmd+S saves now and Ctrl/Cmd+Enter runs, anywhere on the page.
  const keys = useRef({ save: () => void store.saveNow(), run: () => startRun() });
  keys.current = { save: () => void store.saveNow(), run: () => startRun() };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey)) return;
      if (e.key === 's' || e.key === 'S') {
        e.preventDefault();
        keys.current.save();
      } else if (e.key === 'Enter') {
        e.preventDefault();
        keys.current.run();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const unsavedPaths = useMemo(() => {
    const out = new Set<string>();
    for (const [path, f] of ws.files) if (f.current !== f.saved) out.add(path);
    return out;
  }, [ws.files]);
  const active = ws.activePath ? ws.files.get(ws.activePath) : undefined;
  const color = accent(state.organization);
  const uncommitted = Math.max(state.pendingDrafts, 0) + ws.unsaved;
  const fileCount = ws.entries.length;

  return (
    <CandidateShell
      branding={state.organization}
      title={state.test.name}
      fullHeight
      actions={
        <>
          <SaveStatusText status={ws.status} />
          <Countdown remainingMs={remainingMs} extensionMinutes={state.extensionMinutes} />
          <Button color={color} onClick={() => setConfirmSubmit(true)} disabled={closed}>
            Submit
          </Button>
        </>
      }
    >
      <Group
        px="md"
        py={6}
        justify="space-between"
        wrap="nowrap"
        style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
      >
        <Title order={1} fz="md" lineClamp={1}>
          {state.test.name}
        </Title>
        <Text size="xs" c="dimmed">
          Ctrl/Cmd+S saves · Ctrl/Cmd+Enter runs · Escape then Tab leaves the editor
        </Text>
      </Group>
      {ws.loadError ? (
        <Alert color="red" m="md" title="Your files could not be loaded">
          {ws.loadError}{' '}
          <Button size="compact-sm" variant="light" onClick={() => window.location.reload()}>
            Reload
          </Button>
        </Alert>
      ) : null}
      <Box
        style={{ flex: 1, minHeight: 0, display: 'grid', gridTemplateColumns: '240px minmax(0, 1fr) 420px' }}
      >
        <Box style={{ borderRight: '1px solid var(--mantine-color-default-border)', minHeight: 0 }}>
          {ws.loading ? (
            <Loader size="sm" m="md" aria-label="Loading files" />
          ) : (
            <FileTree
              entries={ws.entries}
              activePath={ws.activePath}
              unsavedPaths={unsavedPaths}
              readOnly={closed}
              onOpen={(p) => void store.open(p)}
              onCreate={(p) => store.createFile(p)}
              onRename={(from, to) => store.renameFile(from, to)}
              onDelete={(p) => store.deleteFile(p)}
            />
          )}
        </Box>
        <Box style={{ display: 'flex', flexDirection: 'column', minHeight: 0, minWidth: 0 }}>
          <EditorTabs
            ws={ws}
            unsavedPaths={unsavedPaths}
            onSelect={(p) => void store.open(p)}
            onClose={(p) => store.closeTab(p)}
          />
          <Box style={{ flex: 1, minHeight: 0 }}>
            {ws.activePath && active ? (
              active.current === null ? (
                <Text c="dimmed" p="md">
                  {ws.activePath} is a binary file: it cannot be edited here.
                </Text>
              ) : (
                <CodeEditor
                  path={ws.activePath}
                  value={active.current}
                  readOnly={closed}
                  onChange={(content) => ws.activePath && store.edit(ws.activePath, content)}
                  onSave={() => void store.saveNow()}
                  onRun={() => startRun()}
                />
              )
            ) : ws.activePath ? (
              <Loader size="sm" m="md" aria-label={`Loading ${ws.activePath}`} />
            ) : (
              <Text c="dimmed" p="md">
                Open a file from the list.
              </Text>
            )}
          </Box>
        </Box>
        <Box
          style={{
            borderLeft: '1px solid var(--mantine-color-default-border)',
            minHeight: 0,
            display: 'flex',
            flexDirection: 'column',
          }}
        >
          <Tabs
            value={sideTab}
            onChange={setSideTab}
            style={{ display: 'flex', flexDirection: 'column', minHeight: 0, flex: 1 }}
          >
            <Tabs.List>
              <Tabs.Tab value="statement">
                {state.test.kind === 'problems' ? 'Problem' : 'Instructions'}
              </Tabs.Tab>
              <Tabs.Tab value="run">Run</Tabs.Tab>
              <Tabs.Tab value="git">Git</Tabs.Tab>
            </Tabs.List>
            <ScrollArea style={{ flex: 1 }} p="md">
              <Tabs.Panel value="statement">
                <StatementPanel
                  state={state}
                  problem={choice.problem}
                  onProblem={(problem) => setChoice({ ...choice, problem })}
                />
              </Tabs.Panel>
              <Tabs.Panel value="run">
                <RunPanel
                  state={state}
                  choice={choice}
                  onChoice={setChoice}
                  onRun={startRun}
                  running={run.isPending}
                  result={result}
                  error={run.error}
                  disabled={closed}
                />
              </Tabs.Panel>
              <Tabs.Panel value="git">
                <GitPanel state={state} />
              </Tabs.Panel>
            </ScrollArea>
          </Tabs>
        </Box>
      </Box>
      <ConflictDialog
        conflict={ws.conflicts[0]}
        onKeepMine={(p) => store.keepMine(p)}
        onTakeTheirs={(p) => store.takeTheirs(p)}
      />
      <ConfirmDialog
        opened={confirmSubmit}
        title="Submit your work?"
        confirmLabel="Submit now"
        cancelLabel="Keep working"
        color={color}
        loading={submit.isPending}
        onConfirm={() => void doSubmit()}
        onClose={() => setConfirmSubmit(false)}
      >
        <Stack gap="xs">
          <Text>
            Your repository has {fileCount} {fileCount === 1 ? 'file' : 'files'}.
            {uncommitted > 0
              ? ` Your ${uncommitted} uncommitted ${uncommitted === 1 ? 'change is' : 'changes are'} saved and included.`
              : ''}
          </Text>
          <Text>You cannot change your work after submitting.</Text>
          {submit.isError ? <Alert color="red">{errorMessage(submit.error)}</Alert> : null}
        </Stack>
      </ConfirmDialog>
    </CandidateShell>
  );
}

function EditorTabs({
  ws,
  unsavedPaths,
  onSelect,
  onClose,
}: {
  ws: WorkspaceSnapshot;
  unsavedPaths: ReadonlySet<string>;
  onSelect: (path: string) => void;
  onClose: (path: string) => void;
}) {
  if (ws.tabs.length === 0) return null;
  return (
    <Group
      gap={0}
      wrap="nowrap"
      role="tablist"
      aria-label="Open files"
      style={{ overflowX: 'auto', borderBottom: '1px solid var(--mantine-color-default-border)' }}
    >
      {ws.tabs.map((path) => {
        const selected = path === ws.activePath;
        const name = path.slice(path.lastIndexOf('/') + 1);
        return (
          <Group
            key={path}
            gap={2}
            wrap="nowrap"
            px={6}
            style={{
              borderRight: '1px solid var(--mantine-color-default-border)',
              borderBottom: selected
                ? '2px solid var(--mantine-primary-color-filled)'
                : '2px solid transparent',
            }}
          >
            <Button
              variant="subtle"
              color="gray"
              size="compact-sm"
              role="tab"
              aria-selected={selected}
              title={path}
              onClick={() => onSelect(path)}
              data-testid="editor-tab"
              data-path={path}
            >
              {name}
              {unsavedPaths.has(path) ? ' ●' : ''}
            </Button>
            <Tooltip label={`Close ${path}`}>
              <ActionIcon
                size="sm"
                variant="subtle"
                color="gray"
                aria-label={`Close ${path}`}
                onClick={() => onClose(path)}
              >
                ×
              </ActionIcon>
            </Tooltip>
          </Group>
        );
      })}
    </Group>
  );
}

function SaveStatusText({ status }: { status: SaveStatus }) {
  const text =
    status.kind === 'saved'
      ? 'Saved'
      : status.kind === 'saving'
        ? 'Saving…'
        : status.kind === 'offline'
          ? 'Offline — retrying'
          : status.kind === 'closed'
            ? 'Closed'
            : `Not saved: ${status.message}`;
  const color =
    status.kind === 'saved'
      ? 'dimmed'
      : status.kind === 'saving'
        ? undefined
        : status.kind === 'closed'
          ? 'dimmed'
          : 'red';
  return (
    <Text
      size="sm"
      c={color}
      role="status"
      aria-live="polite"
      data-testid="save-status"
      maw={320}
      truncate="end"
    >
      {text}
    </Text>
  );
}

function StatementPanel({
  state,
  problem,
  onProblem,
}: {
  state: AttemptState;
  problem: string | null;
  onProblem: (slug: string) => void;
}) {
  if (state.test.kind === 'project') {
    return (
      <Stack gap="md" aria-label="Statement">
        {state.test.instructions ? <MarkdownStatement source={state.test.instructions} /> : null}
        {state.test.statementMarkdown ? <MarkdownStatement source={state.test.statementMarkdown} /> : null}
      </Stack>
    );
  }
  const current = state.test.problems.find((p) => p.slug === problem) ?? state.test.problems[0];
  return (
    <Stack gap="md" aria-label="Statement">
      {state.test.instructions ? <MarkdownStatement source={state.test.instructions} /> : null}
      {state.test.problems.length > 1 ? (
        <Group gap="xs" role="group" aria-label="Problems">
          {state.test.problems.map((p) => (
            <Button
              key={p.slug}
              size="compact-sm"
              variant={p.slug === current?.slug ? 'filled' : 'default'}
              onClick={() => onProblem(p.slug)}
            >
              {p.title}
            </Button>
          ))}
        </Group>
      ) : null}
      {current ? (
        <>
          <Text size="xs" c="dimmed">
            Folder <code>{current.slug}/</code>
            {current.timeLimitMs ? ` · time limit ${current.timeLimitMs / 1000} s per test` : ''}
          </Text>
          <MarkdownStatement source={current.statementMarkdown} />
          {current.samples.map((s) => (
            <Stack key={s.name} gap={4}>
              <Text fw={600} size="sm">
                Sample {s.name}
              </Text>
              <Group grow align="flex-start">
                <Box>
                  <Text size="xs" c="dimmed">
                    Input
                  </Text>
                  <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{s.input}</pre>
                </Box>
                <Box>
                  <Text size="xs" c="dimmed">
                    Output
                  </Text>
                  <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{s.output}</pre>
                </Box>
              </Group>
            </Stack>
          ))}
        </>
      ) : null}
    </Stack>
  );
}
