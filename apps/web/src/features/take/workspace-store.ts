import type { AttemptState, DraftChange, WorkspaceEntry } from '@assay/contracts';
import { errorMessage, isApiError } from '../../lib/api-error.js';
import { candidateApi, isTransient } from './candidate-api.js';
import { applyStructural, hashText, pathProblem } from './workspace-paths.js';

/** Save after this long without typing… */
export const SAVE_DEBOUNCE_MS = 1_000;
/** …and at least this often while typing (at most ~2 s of work at risk). */
export const SAVE_MAX_WAIT_MS = 2_000;
/** Drafts become a commit after this long without typing (and when the window loses focus). */
export const IDLE_COMMIT_MS = 60_000;
const RETRY_MIN_MS = 2_000;
const RETRY_MAX_MS = 15_000;
const MAX_CHANGES = 100;

export type SaveStatus =
  | { kind: 'saved' }
  | { kind: 'saving' }
  | { kind: 'offline' }
  | { kind: 'error'; message: string }
  | { kind: 'closed' };

export interface OpenFile {
  /** What the server holds (head + drafts) as far as this tab knows; null for a binary file. */
  saved: string | null;
  /** What the editor shows. Differs from `saved` while there are unsaved changes. */
  current: string | null;
}

/** An external change (a push, another tab) to a file with unsaved edits here. */
export interface FileConflict {
  path: string;
  mine: string;
  /** Null when the other change deleted the file. */
  theirs: string | null;
}

export interface WorkspaceSnapshot {
  loading: boolean;
  loadError: string | null;
  baseCommit: string | null;
  entries: WorkspaceEntry[];
  files: ReadonlyMap<string, OpenFile>;
  tabs: string[];
  activePath: string | null;
  status: SaveStatus;
  conflicts: FileConflict[];
  lastSavedAt: string | null;
  /** Number of files with unsaved changes plus pending creations/renames/deletions. */
  unsaved: number;
}

interface Persisted {
  files: Record<string, { content: string; baseHash: string | null }>;
  structural: DraftChange[];
}

type Api = typeof candidateApi;

/**
 * The IDE's working copy of one attempt: open files, unsaved edits, autosave (debounced PUT
 * drafts with `baseCommit`), idle/blur commits, reload on external pushes with per-file
 * conflicts, localStorage backup (a reload loses nothing) and a BroadcastChannel to other tabs.
 */
export class WorkspaceStore {
  private listeners = new Set<() => void>();
  private snapshot: WorkspaceSnapshot;
  private files = new Map<string, OpenFile>();
  private serverEntries: WorkspaceEntry[] = [];
  private structural: DraftChange[] = [];
  private known = new Set<string>();
  private debounceTimer: number | null = null;
  private maxWaitTimer: number | null = null;
  private retryTimer: number | null = null;
  private idleTimer: number | null = null;
  private persistTimer: number | null = null;
  private retryDelay = RETRY_MIN_MS;
  private inFlight: Promise<void> | null = null;
  private flushAgain = false;
  private savedSinceCommit = false;
  private resyncing: Promise<void> | null = null;
  private channel: BroadcastChannel | null = null;
  private readonly tabId = Math.random().toString(36).slice(2);
  private disposed = false;

  constructor(
    readonly attemptId: string,
    private readonly api: Api = candidateApi,
    private readonly onClosed: () => void = () => undefined,
  ) {
    this.snapshot = {
      loading: true,
      loadError: null,
      baseCommit: null,
      entries: [],
      files: new Map(),
      tabs: [],
      activePath: null,
      status: { kind: 'saved' },
      conflicts: [],
      lastSavedAt: null,
      unsaved: 0,
    };
  }

  // ---- React glue ------------------------------------------------------------------------

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): WorkspaceSnapshot => this.snapshot;

  private update(patch: Partial<WorkspaceSnapshot> = {}): void {
    const unsaved = this.dirtyPaths().length + this.structural.length;
    this.snapshot = {
      ...this.snapshot,
      ...patch,
      files: new Map(this.files),
      entries: applyStructural(this.serverEntries, this.structural),
      unsaved,
    };
    for (const l of this.listeners) l();
  }

  // ---- Lifecycle ---------------------------------------------------------------------------

  /** Load the tree, restore unsaved work from localStorage, open a first file. */
  async init(): Promise<void> {
    if (typeof BroadcastChannel !== 'undefined') {
      this.channel = new BroadcastChannel(`assay-attempt-${this.attemptId}`);
      this.channel.onmessage = (e: MessageEvent) => void this.onBroadcast(e.data);
    }
    try {
      const tree = await this.api.tree(this.attemptId);
      this.serverEntries = tree.entries;
      this.known.add(tree.headCommit);
      this.update({ baseCommit: tree.headCommit });
      const restored = this.readPersisted();
      this.structural = restored?.structural ?? [];
      const restoredPaths = Object.keys(restored?.files ?? {});
      for (const path of restoredPaths) {
        const saved = restored?.files[path];
        if (!saved) continue;
        const theirs = await this.fetchContent(path);
        if (theirs === undefined && !this.isLocallyCreated(path)) {
          this.files.set(path, { saved: null, current: saved.content });
          this.addConflict({ path, mine: saved.content, theirs: null });
        } else if (theirs === saved.content) {
          this.files.set(path, { saved: theirs, current: theirs });
        } else if (theirs === undefined || theirs === null || saved.baseHash === hashText(theirs)) {
          // Unchanged on the server since the edit (or created here): the edit is still on top.
          this.files.set(path, { saved: theirs ?? '', current: saved.content });
        } else {
          this.files.set(path, { saved: theirs, current: saved.content });
          this.addConflict({ path, mine: saved.content, theirs });
        }
      }
      const tabs = restoredPaths.filter((p) => this.files.has(p));
      this.update({ loading: false, tabs, activePath: tabs[0] ?? null });
      if (tabs.length === 0) {
        const first = pickFirstFile(this.snapshot.entries);
        if (first) await this.open(first);
      }
      if (this.dirtyPaths().length > 0 || this.structural.length > 0) this.scheduleSave(0);
    } catch (err) {
      if (isApiError(err, 'attempts.closed')) this.close();
      this.update({ loading: false, loadError: errorMessage(err) });
    }
  }

  dispose(): void {
    this.persistNow();
    this.disposed = true;
    for (const t of [
      this.debounceTimer,
      this.maxWaitTimer,
      this.retryTimer,
      this.idleTimer,
      this.persistTimer,
    ]) {
      if (t !== null) window.clearTimeout(t);
    }
    this.channel?.close();
    this.listeners.clear();
  }

  // ---- Files and tabs ----------------------------------------------------------------------

  async open(path: string): Promise<void> {
    const tabs = this.snapshot.tabs.includes(path) ? this.snapshot.tabs : [...this.snapshot.tabs, path];
    this.update({ tabs, activePath: path });
    if (this.files.has(path)) return;
    try {
      const content = await this.fetchContent(path);
      if (content === undefined) throw new Error(`${path} no longer exists.`);
      if (!this.files.has(path)) this.files.set(path, { saved: content, current: content });
      this.update();
    } catch (err) {
      this.update({ status: { kind: 'error', message: `Could not open ${path}: ${errorMessage(err)}` } });
    }
  }

  closeTab(path: string): void {
    const tabs = this.snapshot.tabs.filter((p) => p !== path);
    const activePath =
      this.snapshot.activePath === path
        ? (tabs[Math.max(0, this.snapshot.tabs.indexOf(path) - 1)] ?? null)
        : this.snapshot.activePath;
    this.update({ tabs, activePath });
  }

  edit(path: string, content: string): void {
    const file = this.files.get(path);
    if (!file || file.current === content || this.snapshot.status.kind === 'closed') return;
    this.files.set(path, { ...file, current: content });
    this.update();
    this.persistSoon();
    this.scheduleSave();
    this.resetIdle();
  }

  /** Create an empty file; returns a sentence naming the problem, or null. */
  createFile(path: string): string | null {
    const p = path.trim();
    const problem = pathProblem(
      p,
      this.snapshot.entries.map((e) => e.path),
    );
    if (problem) return problem;
    this.structural.push({ op: 'write', path: p, content: '' });
    this.files.set(p, { saved: '', current: '' });
    this.update({ tabs: [...this.snapshot.tabs, p], activePath: p });
    this.afterStructuralChange();
    return null;
  }

  renameFile(from: string, to: string): string | null {
    const p = to.trim();
    if (p === from) return null;
    const others = this.snapshot.entries.map((e) => e.path).filter((e) => e !== from);
    const problem = pathProblem(p, others);
    if (problem) return problem;
    this.structural.push({ op: 'rename', from, path: p });
    const file = this.files.get(from);
    if (file) {
      this.files.delete(from);
      this.files.set(p, file);
    }
    const rename = (x: string) => (x === from ? p : x);
    this.update({
      tabs: this.snapshot.tabs.map(rename),
      activePath: this.snapshot.activePath && rename(this.snapshot.activePath),
    });
    this.afterStructuralChange();
    return null;
  }

  deleteFile(path: string): void {
    this.structural.push({ op: 'delete', path });
    this.files.delete(path);
    this.closeTab(path);
    this.dropConflict(path);
    this.afterStructuralChange();
  }

  private afterStructuralChange(): void {
    this.update();
    this.persistSoon();
    this.scheduleSave(0);
    this.resetIdle();
  }

  // ---- Saving ------------------------------------------------------------------------------

  private dirtyPaths(): string[] {
    const conflicted = new Set(this.snapshot.conflicts.map((c) => c.path));
    const out: string[] = [];
    for (const [path, f] of this.files) {
      if (f.current !== null && f.current !== f.saved && !conflicted.has(path)) out.push(path);
    }
    return out;
  }

  private scheduleSave(delay?: number): void {
    if (this.disposed) return;
    if (delay === 0) {
      this.clearSaveTimers();
      this.debounceTimer = window.setTimeout(() => void this.flush(), 0);
      this.update({
        status: this.snapshot.status.kind === 'offline' ? this.snapshot.status : { kind: 'saving' },
      });
      return;
    }
    if (this.debounceTimer !== null) window.clearTimeout(this.debounceTimer);
    this.debounceTimer = window.setTimeout(() => void this.flush(), SAVE_DEBOUNCE_MS);
    this.maxWaitTimer ??= window.setTimeout(() => void this.flush(), SAVE_MAX_WAIT_MS);
    if (this.snapshot.status.kind !== 'saving' && this.snapshot.status.kind !== 'offline') {
      this.update({ status: { kind: 'saving' } });
    }
  }

  private clearSaveTimers(): void {
    if (this.debounceTimer !== null) window.clearTimeout(this.debounceTimer);
    if (this.maxWaitTimer !== null) window.clearTimeout(this.maxWaitTimer);
    this.debounceTimer = null;
    this.maxWaitTimer = null;
  }

  /** Save now (Ctrl/Cmd+S). Resolves when this round is done. */
  saveNow(): Promise<void> {
    return this.flush();
  }

  private flush(): Promise<void> {
    this.clearSaveTimers();
    if (this.retryTimer !== null) window.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (this.inFlight) {
      this.flushAgain = true;
      return this.inFlight;
    }
    if (this.disposed || this.snapshot.status.kind === 'closed') return Promise.resolve();
    this.inFlight = this.saveRound().finally(() => {
      this.inFlight = null;
      if (this.flushAgain) {
        this.flushAgain = false;
        if (this.hasPending()) this.scheduleSave(0);
      }
    });
    return this.inFlight;
  }

  private hasPending(): boolean {
    return this.structural.length > 0 || this.dirtyPaths().length > 0;
  }

  private async saveRound(): Promise<void> {
    const baseCommit = this.snapshot.baseCommit;
    const structural = this.structural.slice(0, MAX_CHANGES);
    const writes = this.dirtyPaths()
      .slice(0, MAX_CHANGES - structural.length)
      .map((path) => ({ path, content: this.files.get(path)?.current ?? '' }));
    if (!baseCommit || (structural.length === 0 && writes.length === 0)) {
      if (this.snapshot.status.kind !== 'error') this.update({ status: { kind: 'saved' } });
      return;
    }
    this.update({ status: { kind: 'saving' } });
    const changes: DraftChange[] = [
      ...structural,
      ...writes.map((w) => ({ op: 'write' as const, path: w.path, content: w.content })),
    ];
    try {
      const result = await this.api.saveDrafts(this.attemptId, baseCommit, changes);
      this.structural.splice(0, structural.length);
      for (const w of writes) {
        const file = this.files.get(w.path);
        if (file) this.files.set(w.path, { ...file, saved: w.content });
      }
      this.known.add(result.headCommit);
      this.savedSinceCommit = result.committed === null;
      this.retryDelay = RETRY_MIN_MS;
      this.persistNow();
      this.channel?.postMessage({
        type: 'saved',
        from: this.tabId,
        headCommit: result.headCommit,
        writes,
        structural: structural.length > 0,
      } satisfies Broadcast);
      const more = this.hasPending();
      this.update({
        baseCommit: result.headCommit,
        lastSavedAt: result.savedAt,
        status: more ? { kind: 'saving' } : { kind: 'saved' },
      });
      if (more) this.flushAgain = true;
    } catch (err) {
      if (isApiError(err, 'attempts.head_moved')) {
        await this.resync();
        this.flushAgain = true;
      } else if (isApiError(err, 'attempts.closed')) {
        this.close();
      } else if (isTransient(err)) {
        this.update({ status: { kind: 'offline' } });
        this.retryTimer = window.setTimeout(() => void this.flush(), this.retryDelay);
        this.retryDelay = Math.min(this.retryDelay * 2, RETRY_MAX_MS);
      } else {
        // A change the server refuses (path, size, binary): say which; the edit stays here.
        this.update({ status: { kind: 'error', message: errorMessage(err) } });
        // Structural changes it refused would block every later save: drop them (the message says why).
        if (structural.length > 0) {
          this.structural.splice(0, structural.length);
          void this.resync();
        }
      }
    }
  }

  /** Save, then turn the drafts into a commit (idle, window blur). */
  async commitNow(): Promise<void> {
    await this.flush();
    if (!this.savedSinceCommit || this.hasPending() || this.snapshot.status.kind === 'closed') return;
    try {
      const result = await this.api.commit(this.attemptId);
      this.known.add(result.headCommit);
      this.savedSinceCommit = false;
      this.update({ baseCommit: result.headCommit });
    } catch (err) {
      if (isApiError(err, 'attempts.closed')) this.close();
      // Otherwise: the drafts stay drafts; the next save or Run commits them.
    }
  }

  /** Save everything pending (before Run and Submit). False when something could not be saved. */
  async settle(): Promise<boolean> {
    for (let i = 0; i < 5; i++) {
      await this.flush();
      if (this.inFlight) await this.inFlight;
      if (!this.hasPending()) return this.snapshot.conflicts.length === 0;
      if (this.snapshot.status.kind === 'error' || this.snapshot.status.kind === 'offline') return false;
    }
    return !this.hasPending();
  }

  private resetIdle(): void {
    if (this.idleTimer !== null) window.clearTimeout(this.idleTimer);
    this.idleTimer = window.setTimeout(() => void this.commitNow(), IDLE_COMMIT_MS);
  }

  /** A commit the IDE made (Run commits drafts first). */
  noteCommit(commit: string): void {
    this.known.add(commit);
    this.savedSinceCommit = false;
    this.update({ baseCommit: commit });
  }

  /** Time is up or the attempt was submitted: nothing more is saved. */
  close(): void {
    if (this.snapshot.status.kind === 'closed') return;
    this.clearSaveTimers();
    this.update({ status: { kind: 'closed' } });
    this.onClosed();
  }

  // ---- External changes ----------------------------------------------------------------------

  /** Each state poll: a head the IDE did not make means a push (or another tab's commit). */
  onState(state: AttemptState): void {
    if (state.status === 'submitted') {
      this.close();
      return;
    }
    const head = state.head.commit;
    if (this.known.has(head) || this.snapshot.loading) return;
    // A save in flight may be what made this commit: decide once it answered.
    if (this.inFlight) {
      void this.inFlight.then(() => {
        if (!this.known.has(head)) void this.resync();
      });
      return;
    }
    void this.resync();
  }

  /** Reload the tree and every loaded file; unsaved edits to changed files become conflicts. */
  resync(): Promise<void> {
    this.resyncing ??= this.doResync().finally(() => {
      this.resyncing = null;
    });
    return this.resyncing;
  }

  private async doResync(): Promise<void> {
    try {
      const tree = await this.api.tree(this.attemptId);
      this.serverEntries = tree.entries;
      this.known.add(tree.headCommit);
      const exists = new Set(tree.entries.filter((e) => e.draft !== 'deleted').map((e) => e.path));
      for (const [path, file] of [...this.files]) {
        if (this.isLocallyCreated(path)) continue;
        const dirty = file.current !== file.saved;
        const theirs = exists.has(path) ? await this.fetchContent(path) : undefined;
        if (theirs === undefined) {
          if (dirty && file.current !== null) {
            this.addConflict({ path, mine: file.current, theirs: null });
          } else {
            this.files.delete(path);
            this.snapshot = { ...this.snapshot, tabs: this.snapshot.tabs.filter((p) => p !== path) };
          }
          continue;
        }
        if (theirs === file.saved) continue;
        if (!dirty || theirs === file.current) this.files.set(path, { saved: theirs, current: theirs });
        else {
          this.files.set(path, { saved: theirs, current: file.current });
          if (file.current !== null) this.addConflict({ path, mine: file.current, theirs });
        }
      }
      const activePath =
        this.snapshot.activePath && this.files.has(this.snapshot.activePath)
          ? this.snapshot.activePath
          : (this.snapshot.tabs[0] ?? null);
      this.update({ baseCommit: tree.headCommit, activePath });
      this.persistSoon();
    } catch (err) {
      if (isApiError(err, 'attempts.closed')) this.close();
      else if (isTransient(err)) this.update({ status: { kind: 'offline' } });
    }
  }

  private isLocallyCreated(path: string): boolean {
    return this.structural.some((op) => op.path === path && op.op !== 'delete');
  }

  private async fetchContent(path: string): Promise<string | null | undefined> {
    try {
      const file = await this.api.file(this.attemptId, path);
      return file.content;
    } catch (err) {
      if (err instanceof Error && 'status' in err && err.status === 404) return undefined;
      throw err;
    }
  }

  private addConflict(conflict: FileConflict): void {
    const conflicts = [...this.snapshot.conflicts.filter((c) => c.path !== conflict.path), conflict];
    this.snapshot = { ...this.snapshot, conflicts };
    this.update();
  }

  private dropConflict(path: string): void {
    this.snapshot = { ...this.snapshot, conflicts: this.snapshot.conflicts.filter((c) => c.path !== path) };
  }

  /** Keep my version: it is saved over theirs. */
  keepMine(path: string): void {
    const conflict = this.snapshot.conflicts.find((c) => c.path === path);
    if (!conflict) return;
    this.dropConflict(path);
    if (conflict.theirs === null) {
      // The file was deleted elsewhere: write it back.
      this.structural.push({ op: 'write', path, content: conflict.mine });
      this.files.set(path, { saved: conflict.mine, current: conflict.mine });
    } else {
      this.files.set(path, { saved: conflict.theirs, current: conflict.mine });
    }
    this.update();
    this.persistSoon();
    this.scheduleSave(0);
  }

  /** Take their version: my unsaved edit to this file is dropped. */
  takeTheirs(path: string): void {
    const conflict = this.snapshot.conflicts.find((c) => c.path === path);
    if (!conflict) return;
    this.dropConflict(path);
    if (conflict.theirs === null) {
      this.files.delete(path);
      this.snapshot = { ...this.snapshot, tabs: this.snapshot.tabs.filter((p) => p !== path) };
      if (this.snapshot.activePath === path)
        this.snapshot = { ...this.snapshot, activePath: this.snapshot.tabs[0] ?? null };
    } else {
      this.files.set(path, { saved: conflict.theirs, current: conflict.theirs });
    }
    this.update();
    this.persistSoon();
  }

  private async onBroadcast(data: unknown): Promise<void> {
    const msg = data as Broadcast;
    if (msg?.type !== 'saved' || msg.from === this.tabId) return;
    this.known.add(msg.headCommit);
    if (msg.structural) {
      await this.resync();
      return;
    }
    for (const w of msg.writes) {
      const file = this.files.get(w.path);
      if (!file) continue;
      const dirty = file.current !== file.saved;
      if (!dirty || file.current === w.content)
        this.files.set(w.path, { saved: w.content, current: w.content });
      else {
        this.files.set(w.path, { saved: w.content, current: file.current });
        if (file.current !== null) this.addConflict({ path: w.path, mine: file.current, theirs: w.content });
      }
    }
    this.update({ baseCommit: msg.headCommit });
  }

  // ---- localStorage backup -------------------------------------------------------------------

  private get storageKey(): string {
    return `assay.attempt.${this.attemptId}.unsaved`;
  }

  private persistSoon(): void {
    if (this.persistTimer !== null) return;
    this.persistTimer = window.setTimeout(() => {
      this.persistTimer = null;
      this.persistNow();
    }, 300);
  }

  /** Unsaved edits (and what they were based on) survive a reload or a crash. */
  persistNow(): void {
    if (this.persistTimer !== null) window.clearTimeout(this.persistTimer);
    this.persistTimer = null;
    const files: Persisted['files'] = {};
    for (const [path, f] of this.files) {
      if (f.current !== null && f.current !== f.saved) {
        files[path] = { content: f.current, baseHash: f.saved === null ? null : hashText(f.saved) };
      }
    }
    try {
      if (Object.keys(files).length === 0 && this.structural.length === 0)
        localStorage.removeItem(this.storageKey);
      else
        localStorage.setItem(
          this.storageKey,
          JSON.stringify({ files, structural: this.structural } satisfies Persisted),
        );
    } catch {
      // Storage full or disabled: the edits are still in memory and being saved.
    }
  }

  private readPersisted(): Persisted | null {
    try {
      const raw = localStorage.getItem(this.storageKey);
      if (!raw) return null;
      const parsed = JSON.parse(raw) as Partial<Persisted>;
      return {
        files: parsed.files ?? {},
        structural: Array.isArray(parsed.structural) ? parsed.structural : [],
      };
    } catch {
      return null;
    }
  }
}

interface Broadcast {
  type: 'saved';
  from: string;
  headCommit: string;
  writes: { path: string; content: string }[];
  structural: boolean;
}

/** README first, then the first text file in a `src/` folder, then any file. */
function pickFirstFile(entries: readonly WorkspaceEntry[]): string | null {
  const text = entries.filter((e) => !e.binary && e.draft !== 'deleted');
  return (
    text.find((e) => /^readme(\.md)?$/i.test(e.path))?.path ??
    text.find((e) => e.path.startsWith('src/'))?.path ??
    text[0]?.path ??
    null
  );
}
