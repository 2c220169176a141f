import { mkdirSync } from 'node:fs';
import { access, appendFile, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { SubmissionLimits } from '@assay/contracts';
import { baseGitEnv, GitCommandError, runGit } from './git-exec.js';
import {
  RepoConflictError,
  RepoExistsError,
  RepoLimitError,
  RepoNotFoundError,
  type CommitAuthor,
  type RepoDiffFile,
  type RepoEntry,
  type ServedRepoStore,
} from './git.types.js';
import { installHooks } from './pre-receive-hook.js';
import { checkRepoPath, checkTree, COMMIT_ID, REPO_ID } from './repo-limits.js';

export interface RepoStoreOptions {
  /** Directory of the repositories (`<root>/<id>.git`); created if missing. */
  root: string;
  /** The git executable (default `git` on a fixed PATH). */
  gitBinary?: string;
  /** The node that runs the pre-receive hook (default: this process's, `process.execPath`). */
  nodeBinary?: string;
}

const MAIN = 'refs/heads/main';
/** A push may carry a bit more than the files themselves (pack headers, history). */
const MAX_RECEIVE_BYTES = SubmissionLimits.maxTotalBytes + 4 * 1024 * 1024;
const DEFAULT_DIFF_BYTES = 1024 * 1024;
const ZERO_ID = '0'.repeat(40);

interface TreeEntry {
  mode: string;
  object: string;
  size: number;
}

/** A tree entry still to be written: new bytes, or an existing object. */
type PendingEntry = { mode: string; data: Buffer } | TreeEntry;

function gitDate(at: Date): string {
  const ms = at.getTime();
  if (!Number.isFinite(ms)) throw new TypeError('the commit date is not a valid Date');
  return `@${Math.floor(ms / 1000)} +0000`;
}

/** git refuses "<", ">" and newlines in identities; an empty name or email is not allowed either. */
function ident(value: string, fallback: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are removed on purpose
  const clean = value.replace(/[<>\u0000-\u001f\u007f]/g, '').trim();
  return clean === '' ? fallback : clean;
}

function checkCommit(commit: string, what: string): void {
  if (!COMMIT_ID.test(commit))
    throw new TypeError(`${what} must be a full commit id (got ${JSON.stringify(commit)})`);
}

/** Written into every repository's config, and forced on every git process of the store and bridge. */
function repoSettings(hooksDir: string): [string, string][] {
  return [
    ['core.hooksPath', hooksDir],
    ['core.symlinks', 'false'],
    ['core.logAllRefUpdates', 'false'],
    ['gc.auto', '0'],
    ['http.receivepack', 'true'],
    ['http.uploadpack', 'true'],
    ['receive.denyNonFastForwards', 'true'],
    ['receive.denyDeletes', 'true'],
    ['receive.denyDeleteCurrent', 'refuse'],
    ['receive.fsckObjects', 'true'],
    ['receive.maxInputSize', String(MAX_RECEIVE_BYTES)],
    ['receive.advertisePushOptions', 'false'],
    ['uploadpack.allowFilter', 'false'],
  ];
}

/** `[section] key = "value"` lines for the repository's config file. */
function configText(settings: readonly (readonly [string, string])[]): string {
  const sections = new Map<string, string[]>();
  for (const [key, value] of settings) {
    const dot = key.lastIndexOf('.');
    const lines = sections.get(key.slice(0, dot)) ?? [];
    lines.push(`\t${key.slice(dot + 1)} = "${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`);
    sections.set(key.slice(0, dot), lines);
  }
  return [...sections].map(([section, lines]) => `[${section}]\n${lines.join('\n')}\n`).join('');
}

function isoFromSeconds(seconds: string): string {
  return new Date(Number(seconds) * 1000).toISOString();
}

/**
 * The repository store: bare repositories under `root`, written only with git plumbing (no
 * working tree), with a fixed environment. Writes `<root>/.hooks` (the pre-receive hook every
 * repository points at), `<root>/.home` (an empty HOME) and uses `<root>/.tmp` for scratch.
 */
export function createRepoStore(options: RepoStoreOptions): ServedRepoStore {
  const root = resolve(options.root);
  const git = options.gitBinary ?? 'git';
  const hooksDir = join(root, '.hooks');
  const home = join(root, '.home');
  const scratch = join(root, '.tmp');
  for (const dir of [root, home, scratch]) mkdirSync(dir, { recursive: true, mode: 0o700 });
  installHooks(hooksDir, { git, node: options.nodeBinary ?? process.execPath });
  // Command-line config (GIT_CONFIG_COUNT) outranks each repository's own file: the hook and the
  // receive rules hold even if a repository's config is lost or edited.
  const forced = repoSettings(hooksDir);
  const env: NodeJS.ProcessEnv = { ...baseGitEnv(home), GIT_CONFIG_COUNT: String(forced.length) };
  forced.forEach(([key, value], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = key;
    env[`GIT_CONFIG_VALUE_${i}`] = value;
  });

  const pathOf = (id: string): string => {
    if (!REPO_ID.test(id)) throw new TypeError(`invalid repository id ${JSON.stringify(id)}`);
    return join(root, `${id}.git`);
  };

  const exec = (
    dir: string,
    args: readonly string[],
    extra: {
      input?: Buffer | string;
      env?: NodeJS.ProcessEnv;
      truncateAt?: number;
      okExitCodes?: readonly number[];
    } = {},
  ) =>
    runGit(['--git-dir', dir, ...args], {
      git,
      env: { ...env, ...extra.env },
      cwd: root,
      ...(extra.input !== undefined ? { input: extra.input } : {}),
      ...(extra.truncateAt !== undefined ? { truncateAt: extra.truncateAt } : {}),
      ...(extra.okExitCodes ? { okExitCodes: extra.okExitCodes } : {}),
    });

  const exists = async (id: string): Promise<boolean> => {
    try {
      await access(join(pathOf(id), 'HEAD'));
      return true;
    } catch {
      return false;
    }
  };

  /** Run `fn` on an existing repository; git failures on a missing one become RepoNotFoundError. */
  const withRepo = async <T>(id: string, fn: (dir: string) => Promise<T>): Promise<T> => {
    const dir = pathOf(id);
    try {
      return await fn(dir);
    } catch (error) {
      if (error instanceof GitCommandError && !(await exists(id))) throw new RepoNotFoundError(id);
      throw error;
    }
  };

  const readTree = async (dir: string, commit: string): Promise<Map<string, TreeEntry>> => {
    const { stdout } = await exec(dir, ['ls-tree', '-r', '-l', '-z', '--full-tree', commit]);
    const entries = new Map<string, TreeEntry>();
    for (const record of stdout.toString('utf8').split('\0')) {
      if (record === '') continue;
      const tab = record.indexOf('\t');
      const [mode = '', , object = '', size = '0'] = record.slice(0, tab).split(/ +/);
      entries.set(record.slice(tab + 1), { mode, object, size: size === '-' ? 0 : Number(size) });
    }
    return entries;
  };

  /** Store new blobs with one `git fast-import` (get-mark answers each id). */
  const writeBlobs = async (dir: string, blobs: readonly Buffer[]): Promise<string[]> => {
    if (blobs.length === 0) return [];
    const parts: Buffer[] = [Buffer.from('feature get-mark\nfeature done\n')];
    blobs.forEach((data, i) => {
      parts.push(
        Buffer.from(`blob\nmark :${i + 1}\ndata ${data.length}\n`),
        data,
        Buffer.from(`\nget-mark :${i + 1}\n`),
      );
    });
    parts.push(Buffer.from('done\n'));
    const { stdout } = await exec(dir, ['fast-import', '--quiet', '--done'], { input: Buffer.concat(parts) });
    const ids = stdout.toString('utf8').trim().split('\n');
    if (ids.length !== blobs.length)
      throw new Error(`fast-import answered ${ids.length} ids for ${blobs.length} blobs`);
    return ids;
  };

  /** Write blobs, build the tree in a scratch index, and make a commit object (no ref moves). */
  const writeCommit = async (
    dir: string,
    entries: ReadonlyMap<string, PendingEntry>,
    commit: { parent?: string; message: string; author: CommitAuthor; at: Date },
  ): Promise<{ commit: string; tree: string }> => {
    const pending = [...entries].filter((e): e is [string, { mode: string; data: Buffer }] => 'data' in e[1]);
    const ids = await writeBlobs(
      dir,
      pending.map(([, e]) => e.data),
    );
    const objects = new Map(pending.map(([path], i) => [path, ids[i] ?? '']));
    const work = await mkdtemp(join(scratch, 'index-'));
    try {
      const indexEnv = { GIT_INDEX_FILE: join(work, 'index') };
      const info = [...entries]
        .map(([path, e]) => `${e.mode} ${'data' in e ? (objects.get(path) ?? '') : e.object}\t${path}\0`)
        .join('');
      await exec(dir, ['update-index', '--add', '-z', '--index-info'], { input: info, env: indexEnv });
      const tree = (await exec(dir, ['write-tree'], { env: indexEnv })).stdout.toString('utf8').trim();
      const name = ident(commit.author.name, 'Assay');
      const email = ident(commit.author.email, 'assay@localhost');
      const date = gitDate(commit.at);
      const message = commit.message.endsWith('\n') ? commit.message : `${commit.message}\n`;
      const made = await exec(dir, ['commit-tree', tree, ...(commit.parent ? ['-p', commit.parent] : [])], {
        input: message,
        env: {
          GIT_AUTHOR_NAME: name,
          GIT_AUTHOR_EMAIL: email,
          GIT_AUTHOR_DATE: date,
          GIT_COMMITTER_NAME: name,
          GIT_COMMITTER_EMAIL: email,
          GIT_COMMITTER_DATE: date,
        },
      });
      return { commit: made.stdout.toString('utf8').trim(), tree };
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  };

  const headOf = async (dir: string): Promise<{ commit: string; committedAt: string }> => {
    const { stdout } = await exec(dir, ['show', '-s', '--no-show-signature', '--format=%H %ct', MAIN, '--']);
    const [commit = '', seconds = '0'] = stdout.toString('utf8').trim().split(' ');
    return { commit, committedAt: isoFromSeconds(seconds) };
  };

  return {
    root,
    gitBinary: git,
    gitEnv: () => ({ ...env }),
    pathOf,
    exists,

    async create(id, files, commitOptions) {
      const target = pathOf(id);
      const entries = new Map<string, PendingEntry>();
      for (const file of files) {
        checkRepoPath(file.path);
        if (entries.has(file.path)) throw new RepoLimitError(`${file.path} is listed twice`, file.path);
        entries.set(file.path, { mode: file.executable ? '100755' : '100644', data: file.data });
      }
      checkTree(new Map(files.map((f) => [f.path, f.data.length])));
      if (await exists(id)) throw new RepoExistsError(id);

      const work = await mkdtemp(join(scratch, 'create-'));
      try {
        const dir = join(work, 'repo.git');
        await runGit(['init', '--bare', '--quiet', '--template=', '--initial-branch=main', dir], {
          git,
          env,
        });
        const settings = repoSettings(hooksDir);
        // One write instead of a `git config` per key (same file format: later sections add keys).
        await appendFile(join(dir, 'config'), configText(settings));
        // `git archive` honours export-ignore/export-subst from the candidate's own .gitattributes:
        // info/attributes wins over the tree's, so grading always gets every committed file as is.
        await mkdir(join(dir, 'info'), { recursive: true });
        await writeFile(join(dir, 'info', 'attributes'), '* -export-ignore -export-subst\n');
        const { commit } = await writeCommit(dir, entries, commitOptions);
        await exec(dir, ['update-ref', '-m', 'create', MAIN, commit, ZERO_ID]);
        try {
          await rename(dir, target);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'ENOTEMPTY' || code === 'EEXIST') throw new RepoExistsError(id);
          throw error;
        }
        return commit;
      } finally {
        await rm(work, { recursive: true, force: true });
      }
    },

    head: (id) => withRepo(id, headOf),

    listTree: async (id, commit) => {
      checkCommit(commit, 'commit');
      return withRepo(id, async (dir) => {
        const tree = await readTree(dir, commit);
        const entries: RepoEntry[] = [];
        for (const [path, e] of tree) {
          if (e.mode === '100644' || e.mode === '100755') {
            entries.push({ path, size: e.size, executable: e.mode === '100755' });
          }
        }
        return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      });
    },

    readFile: async (id, commit, path) => {
      checkCommit(commit, 'commit');
      try {
        checkRepoPath(path);
      } catch {
        return Promise.resolve(undefined);
      }
      return withRepo(id, async (dir) => {
        const { stdout } = await exec(dir, ['cat-file', '--batch'], { input: `${commit}:${path}\n` });
        const newline = stdout.indexOf(0x0a);
        const header = stdout.subarray(0, newline).toString('utf8');
        // "<object> <type> <size>", or "<name> missing" / "<name> ambiguous".
        const match = /^[0-9a-f]{40,64} (\w+) (\d+)$/.exec(header);
        if (!match) return undefined;
        if (match[1] !== 'blob') return undefined;
        const size = Number(match[2]);
        return Buffer.from(stdout.subarray(newline + 1, newline + 1 + size));
      });
    },

    commit: async (id, commitOptions) => {
      const { parent, changes } = commitOptions;
      checkCommit(parent, 'parent');
      for (const change of changes) checkRepoPath(change.path);
      return withRepo(id, async (dir) => {
        const current = await readTree(dir, parent);
        const entries = new Map<string, PendingEntry>(current);
        for (const change of changes) {
          if (change.data === null) {
            entries.delete(change.path);
          } else {
            const mode = current.get(change.path)?.mode === '100755' ? '100755' : '100644';
            entries.set(change.path, { mode, data: change.data });
          }
        }
        checkTree(new Map([...entries].map(([path, e]) => [path, 'data' in e ? e.data.length : e.size])));
        const parentTree = (await exec(dir, ['rev-parse', '--verify', `${parent}^{tree}`])).stdout
          .toString('utf8')
          .trim();
        const made = await writeCommit(dir, entries, { ...commitOptions, parent });
        const moved = made.tree === parentTree ? null : made.commit;
        if (moved === null) {
          const head = await headOf(dir);
          if (head.commit !== parent) throw new RepoConflictError(head.commit);
          return parent;
        }
        try {
          await exec(dir, [
            'update-ref',
            '-m',
            commitOptions.message.split('\n')[0] ?? 'commit',
            MAIN,
            moved,
            parent,
          ]);
        } catch (error) {
          const head = await headOf(dir);
          if (head.commit !== parent) throw new RepoConflictError(head.commit);
          throw error;
        }
        return moved;
      });
    },

    archive: async (id, commit) => {
      checkCommit(commit, 'commit');
      return withRepo(id, async (dir) => (await exec(dir, ['archive', '--format=tar', commit])).stdout);
    },

    diff: async (id, from, to, diffOptions) => {
      checkCommit(from, 'from');
      checkCommit(to, 'to');
      const maxBytes = diffOptions?.maxBytes ?? DEFAULT_DIFF_BYTES;
      return withRepo(id, async (dir) => {
        const common = ['diff', '--no-color', '--no-ext-diff', '--no-textconv'];
        const patch = await exec(dir, [...common, '-M', from, to, '--'], { truncateAt: maxBytes });
        const names = await exec(dir, [...common, '--no-renames', '--name-status', '-z', from, to, '--']);
        const parts = names.stdout.toString('utf8').split('\0');
        const files: RepoDiffFile[] = [];
        for (let i = 0; i + 1 < parts.length; i += 2) {
          const status = parts[i] ?? '';
          const path = parts[i + 1] ?? '';
          files.push({ path, status: status === 'A' ? 'added' : status === 'D' ? 'deleted' : 'modified' });
        }
        let text = patch.stdout.toString('utf8');
        if (patch.truncated) {
          // Cut at the last whole line (and never inside a multi-byte character).
          const lastLine = text.lastIndexOf('\n');
          text = lastLine >= 0 ? text.slice(0, lastLine + 1) : '';
        }
        return { patch: text, truncated: patch.truncated, files };
      });
    },

    log: async (id, from, to) => {
      checkCommit(from, 'from');
      checkCommit(to, 'to');
      return withRepo(id, async (dir) => {
        const { stdout } = await exec(dir, [
          'log',
          '--reverse',
          '--format=%H%x00%ct%x00%s%x1e',
          `${from}..${to}`,
          '--',
        ]);
        return stdout
          .toString('utf8')
          .split('\x1e')
          .map((record) => record.trim())
          .filter((record) => record !== '')
          .map((record) => {
            const [commit = '', seconds = '0', subject = ''] = record.split('\0');
            return { commit, committedAt: isoFromSeconds(seconds), subject };
          });
      });
    },

    async remove(id) {
      const dir = pathOf(id);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
