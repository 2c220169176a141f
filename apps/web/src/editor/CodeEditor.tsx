import { indentWithTab } from '@codemirror/commands';
import { Compartment, EditorState, Prec, type Extension } from '@codemirror/state';
import { oneDark } from '@codemirror/theme-one-dark';
import { EditorView, keymap } from '@codemirror/view';
import { useComputedColorScheme } from '@mantine/core';
import { basicSetup } from 'codemirror';
import { useEffect, useRef } from 'react';
import { languageFor } from './languages.js';

export interface CodeEditorProps {
  /** The file shown; switching paths keeps each file's undo history. */
  path: string;
  /** The document. A value different from what the editor holds replaces it (reload, "take theirs"). */
  value: string;
  onChange?: (value: string) => void;
  /** Ctrl/Cmd+S inside the editor. */
  onSave?: () => void;
  /** Ctrl/Cmd+Enter inside the editor. */
  onRun?: () => void;
  readOnly?: boolean;
  /** Accessible name of the editable area (default "Code editor: <path>"). */
  label?: string;
  height?: string;
}

const baseTheme = EditorView.theme({
  '&': { height: '100%', fontSize: '14px' },
  '.cm-scroller': {
    fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
  },
  '&.cm-focused': { outline: '2px solid var(--mantine-primary-color-filled)', outlineOffset: '-2px' },
});

/**
 * CodeMirror 6 with syntax modes by file extension, the Mantine color scheme (one-dark in dark
 * mode), Ctrl/Cmd+S and Ctrl/Cmd+Enter. Tab indents; Escape then Tab leaves the editor.
 */
export function CodeEditor({
  path,
  value,
  onChange,
  onSave,
  onRun,
  readOnly = false,
  label,
  height = '100%',
}: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const states = useRef(new Map<string, EditorState>());
  const currentPath = useRef(path);
  const callbacks = useRef({ onChange, onSave, onRun });
  callbacks.current = { onChange, onSave, onRun };
  const compartments = useRef({
    language: new Compartment(),
    theme: new Compartment(),
    readOnly: new Compartment(),
    label: new Compartment(),
  });
  const dark = useComputedColorScheme('light') === 'dark';
  const accessibleName = label ?? `Code editor: ${path}`;

  const makeState = (doc: string, forPath: string): EditorState => {
    const c = compartments.current;
    const extensions: Extension[] = [
      basicSetup,
      Prec.highest(
        keymap.of([
          { key: 'Mod-s', preventDefault: true, run: () => (callbacks.current.onSave?.(), true) },
          { key: 'Mod-Enter', preventDefault: true, run: () => (callbacks.current.onRun?.(), true) },
        ]),
      ),
      keymap.of([indentWithTab]),
      baseTheme,
      c.language.of(languageFor(forPath)),
      c.theme.of(dark ? oneDark : []),
      c.readOnly.of([EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)]),
      c.label.of(EditorView.contentAttributes.of({ 'aria-label': accessibleName })),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) callbacks.current.onChange?.(update.state.doc.toString());
      }),
    ];
    return EditorState.create({ doc, extensions });
  };

  // Create the view once.
  useEffect(() => {
    if (!host.current) return;
    const v = new EditorView({ state: makeState(value, path), parent: host.current });
    view.current = v;
    currentPath.current = path;
    return () => {
      v.destroy();
      view.current = null;
    };
    // The view lives as long as the component; later prop changes are applied below.
  }, []);

  // Another file: keep the old one's state (undo history), restore or create the new one's.
  useEffect(() => {
    const v = view.current;
    if (!v || currentPath.current === path) return;
    states.current.set(currentPath.current, v.state);
    currentPath.current = path;
    const cached = states.current.get(path);
    v.setState(cached && cached.doc.toString() === value ? cached : makeState(value, path));
  }, [path]);

  // A value from outside (reload, conflict resolution): replace the document.
  useEffect(() => {
    const v = view.current;
    if (!v || currentPath.current !== path) return;
    const doc = v.state.doc.toString();
    if (doc !== value) v.dispatch({ changes: { from: 0, to: doc.length, insert: value } });
  }, [value, path]);

  useEffect(() => {
    const v = view.current;
    if (!v) return;
    const c = compartments.current;
    v.dispatch({
      effects: [
        c.theme.reconfigure(dark ? oneDark : []),
        c.readOnly.reconfigure([EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)]),
        c.label.reconfigure(EditorView.contentAttributes.of({ 'aria-label': accessibleName })),
        c.language.reconfigure(languageFor(path)),
      ],
    });
  }, [dark, readOnly, accessibleName, path]);

  return <div ref={host} data-testid="code-editor" data-path={path} style={{ height, minHeight: 0 }} />;
}

export default CodeEditor;
