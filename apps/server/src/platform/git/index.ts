export {
  RepoConflictError,
  RepoExistsError,
  RepoLimitError,
  RepoNotFoundError,
  type CommitAuthor,
  type GitAccess,
  type RepoChange,
  type RepoDiffFile,
  type RepoEntry,
  type RepoFile,
  type RepoStore,
  type ServedRepoStore,
} from './git.types.js';
export { createRepoStore, type RepoStoreOptions } from './repo-store.js';
export { registerGitHttp, type GitHttpOptions } from './git-http.js';
export { GitCommandError } from './git-exec.js';
export { formatSize } from './repo-limits.js';
