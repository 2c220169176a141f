/**
 * The git platform: a store of bare repositories (one per attempt) driven with the system `git`,
 * and the smart-HTTP bridge to `git http-backend`. No product rules: the attempts module decides
 * who may read or push and until when.
 */

/** A file to write into a repository: bytes and the executable bit. */
export interface RepoFile {
  path: string;
  data: Buffer;
  executable?: boolean;
}

/** A blob in a commit's tree. */
export interface RepoEntry {
  path: string;
  size: number;
  executable: boolean;
}

export interface CommitAuthor {
  name: string;
  email: string;
}

/** A change on top of a parent commit: new content, or `null` to delete the path. */
export interface RepoChange {
  path: string;
  data: Buffer | null;
}

export interface RepoDiffFile {
  path: string;
  status: 'added' | 'modified' | 'deleted';
}

/** Thrown by `commit` when `main` is no longer `parent` (a push moved it). */
export class RepoConflictError extends Error {
  override readonly name = 'RepoConflictError';
  constructor(readonly head: string) {
    super(`main moved to ${head}`);
  }
}

/** Thrown when files break the shared limits (SubmissionLimits) or paths are unsafe; `path` names the file. */
export class RepoLimitError extends Error {
  override readonly name = 'RepoLimitError';
  constructor(
    message: string,
    readonly path: string | null,
  ) {
    super(message);
  }
}

export interface RepoStore {
  /** `<root>/<id>.git` (ids are `[A-Za-z0-9_-]{1,64}`; anything else throws). */
  pathOf(id: string): string;
  exists(id: string): Promise<boolean>;
  /** Create the bare repository with one commit of `files` on `main`; returns the commit id. */
  create(id: string, files: readonly RepoFile[], options: { message: string; author: CommitAuthor; at: Date }): Promise<string>;
  /** The commit `main` points at, and its committer date (ISO). */
  head(id: string): Promise<{ commit: string; committedAt: string }>;
  /** Every blob in `commit`'s tree (recursive), sorted by path. */
  listTree(id: string, commit: string): Promise<RepoEntry[]>;
  /** One file's bytes at `commit`, or undefined when absent. */
  readFile(id: string, commit: string, path: string): Promise<Buffer | undefined>;
  /**
   * Commit `changes` on top of `parent` and move `main` from `parent` to it atomically
   * (compare-and-swap). @throws RepoConflictError when main moved, RepoLimitError over the limits.
   */
  commit(
    id: string,
    options: { parent: string; changes: readonly RepoChange[]; message: string; author: CommitAuthor; at: Date },
  ): Promise<string>;
  /** `git archive --format=tar` of `commit`. */
  archive(id: string, commit: string): Promise<Buffer>;
  /** Unified diff `from..to` (capped at `maxBytes`) and the changed files. */
  diff(
    id: string,
    from: string,
    to: string,
    options?: { maxBytes?: number },
  ): Promise<{ patch: string; truncated: boolean; files: RepoDiffFile[] }>;
  /** Commits reachable from `to` and not from `from` (oldest first). */
  log(id: string, from: string, to: string): Promise<{ commit: string; committedAt: string; subject: string }[]>;
  /** Delete the repository (erasure, retention). */
  remove(id: string): Promise<void>;
}

/** What the bridge asks the product before running git for a request. */
export interface GitAccess {
  /**
   * Check HTTP Basic credentials for repository `id`. Undefined → 404 (the same answer as an
   * unknown repository: never reveal which exist). `push: false` makes the repository read-only;
   * `pushCutoff` is the last moment a push's hook may accept (deadline + 30 s grace).
   */
  authorize(
    id: string,
    credentials: { username: string; password: string },
    request: { service: 'upload-pack' | 'receive-pack'; startedAt: Date },
  ): Promise<{ push: boolean; pushCutoff: Date | null; refusal?: string } | undefined>;
  /** After a push that moved `main` (called once per accepted push). */
  onPush(id: string, push: { before: string; after: string }): Promise<void>;
  /** A push the hook or the bridge refused (timeline, with the reason shown to the candidate). */
  onPushRefused?(id: string, reason: string): Promise<void>;
}
