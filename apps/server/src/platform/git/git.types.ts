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

/** Thrown by every method but `create`/`exists`/`remove` when the repository does not exist. */
export class RepoNotFoundError extends Error {
  override readonly name = 'RepoNotFoundError';
  constructor(readonly id: string) {
    super(`repository ${id} does not exist`);
  }
}

/** Thrown by `create` when the repository already exists (nothing is changed). */
export class RepoExistsError extends Error {
  override readonly name = 'RepoExistsError';
  constructor(readonly id: string) {
    super(`repository ${id} already exists`);
  }
}

export interface RepoStore {
  /** `<root>/<id>.git` (ids are `[A-Za-z0-9_-]{1,64}`; anything else throws). */
  pathOf(id: string): string;
  exists(id: string): Promise<boolean>;
  /**
   * Create the bare repository with one commit of `files` on `main`; returns the commit id.
   * Atomic: built aside and renamed into place. @throws RepoExistsError, RepoLimitError.
   */
  create(
    id: string,
    files: readonly RepoFile[],
    options: { message: string; author: CommitAuthor; at: Date },
  ): Promise<string>;
  /** The commit `main` points at, and its committer date (ISO). */
  head(id: string): Promise<{ commit: string; committedAt: string }>;
  /** Every blob in `commit`'s tree (recursive), sorted by path. */
  listTree(id: string, commit: string): Promise<RepoEntry[]>;
  /** One file's bytes at `commit`, or undefined when absent, a directory, or not a valid path. */
  readFile(id: string, commit: string, path: string): Promise<Buffer | undefined>;
  /**
   * Commit `changes` on top of `parent` and move `main` from `parent` to it atomically
   * (compare-and-swap). Changes apply in order (the last one for a path wins); a written file keeps
   * its executable bit. When the tree does not change, no commit is made and `parent` is returned
   * (still after checking that main is `parent`).
   * @throws RepoConflictError when main moved, RepoLimitError over the limits or for a bad path.
   */
  commit(
    id: string,
    options: {
      parent: string;
      changes: readonly RepoChange[];
      message: string;
      author: CommitAuthor;
      at: Date;
    },
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
  log(
    id: string,
    from: string,
    to: string,
  ): Promise<{ commit: string; committedAt: string; subject: string }[]>;
  /** Delete the repository (erasure, retention). */
  remove(id: string): Promise<void>;
}

/** What the bridge asks the product before running git for a request. */
export interface GitAccess {
  /**
   * Check HTTP Basic credentials for repository `id`. Undefined → 404 (the same answer as an
   * unknown repository: never reveal which exist). `push: false` makes the repository read-only;
   * `pushCutoff` is the last moment a push's hook may accept (deadline + 30 s grace); with
   * `push: true`, null means no time limit. `refusal` is the text shown when `push` is false.
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

/** What the HTTP bridge needs from the store besides RepoStore (createRepoStore returns it). */
export interface ServedRepoStore extends RepoStore {
  /** Absolute directory holding `<id>.git` (the CGI's GIT_PROJECT_ROOT). */
  readonly root: string;
  /** The git executable. */
  readonly gitBinary: string;
  /** The fixed environment every git process gets (no user or system config). */
  gitEnv(): NodeJS.ProcessEnv;
}
