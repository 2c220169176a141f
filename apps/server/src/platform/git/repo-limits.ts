import { SubmissionLimits } from '@assay/contracts';
import { RepoLimitError } from './git.types.js';

/** Repository ids: what `<root>/<id>.git` may be named. */
export const REPO_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Full commit ids (SHA-1 or SHA-256); anything else is refused before git sees it. */
export const COMMIT_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

const MAX_PATH_LENGTH = 1024;
// eslint-disable-next-line no-control-regex -- control characters are exactly what we refuse
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Sizes as people read them: "512 bytes", "3.2 KiB", "1 MiB", "20.1 MiB". Values over a limit are
 * rounded up, so a file one byte over 1 MiB reads "1.1 MiB", never "1.0 MiB".
 * (The pre-receive hook carries a copy of this function: keep them the same.)
 */
export function formatSize(bytes: number): string {
  const units: [number, string][] = [
    [1024 * 1024, 'MiB'],
    [1024, 'KiB'],
  ];
  for (const [unit, name] of units) {
    if (bytes >= unit) {
      const value = bytes / unit;
      return Number.isInteger(value)
        ? `${value} ${name}`
        : `${(Math.ceil(value * 10) / 10).toFixed(1)} ${name}`;
    }
  }
  return `${bytes} bytes`;
}

/** Refuse a path that is not a plain relative file path inside the repository. */
export function checkRepoPath(path: string): void {
  const problem =
    path.length === 0
      ? 'the path is empty'
      : path.length > MAX_PATH_LENGTH
        ? `the path is longer than ${MAX_PATH_LENGTH} characters`
        : path.startsWith('/')
          ? 'the path must be relative (no leading "/")'
          : path.includes('\\')
            ? 'the path must use "/" (no "\\")'
            : CONTROL.test(path)
              ? 'the path contains a control character'
              : path.split('/').some((part) => part === '' || part === '.' || part === '..')
                ? 'the path has an empty, "." or ".." segment'
                : path.split('/').some((part) => part.toLowerCase() === '.git')
                  ? 'the path has a ".git" segment'
                  : undefined;
  if (problem !== undefined) {
    throw new RepoLimitError(`"${path}" is not a valid file path: ${problem}`, path);
  }
}

/**
 * Check a whole tree (path → size) against SubmissionLimits, and that no file is also a
 * directory ("a" and "a/b"). @throws RepoLimitError naming the first offending file.
 */
export function checkTree(files: ReadonlyMap<string, number>): void {
  const paths = [...files.keys()].sort();
  for (const path of paths) {
    const size = files.get(path) ?? 0;
    if (size > SubmissionLimits.maxFileBytes) {
      throw new RepoLimitError(
        `${path} is ${formatSize(size)}; files may be at most ${formatSize(SubmissionLimits.maxFileBytes)}`,
        path,
      );
    }
  }
  if (paths.length > SubmissionLimits.maxFiles) {
    const extra = paths[SubmissionLimits.maxFiles] ?? null;
    throw new RepoLimitError(
      `the repository would have ${paths.length} files; at most ${SubmissionLimits.maxFiles} are allowed (${extra ?? ''} is one too many)`,
      extra,
    );
  }
  const total = paths.reduce((sum, path) => sum + (files.get(path) ?? 0), 0);
  if (total > SubmissionLimits.maxTotalBytes) {
    let running = 0;
    const crossing =
      paths.find((path) => (running += files.get(path) ?? 0) > SubmissionLimits.maxTotalBytes) ?? null;
    throw new RepoLimitError(
      `the files total ${formatSize(total)}; at most ${formatSize(SubmissionLimits.maxTotalBytes)} in all (the limit is passed at ${crossing ?? ''})`,
      crossing,
    );
  }
  const fileSet = new Set(paths);
  for (const path of paths) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (fileSet.has(dir)) {
        throw new RepoLimitError(`${dir} is a file, so ${path} cannot be inside it`, path);
      }
    }
  }
}
