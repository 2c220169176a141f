import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SubmissionLimits } from '@assay/contracts';
import {
  createRepoStore,
  RepoConflictError,
  RepoExistsError,
  RepoLimitError,
  RepoNotFoundError,
  type RepoFile,
  type ServedRepoStore,
} from '../../../src/platform/git/index.js';

const run = promisify(execFile);
const AUTHOR = { name: 'Assay', email: 'assay@example.test' };
const AT = new Date('2026-03-01T09:00:00.000Z');
const MiB = 1024 * 1024;

function file(path: string, content: string | Buffer, executable = false): RepoFile {
  return { path, data: Buffer.isBuffer(content) ? content : Buffer.from(content), executable };
}

const STARTER: RepoFile[] = [
  file('README.md', '# Starter\n'),
  file('src/index.js', 'export const answer = 41;\n'),
  file('scripts/test.sh', '#!/bin/sh\necho ok\n', true),
];

let counter = 0;
const nextId = () => `repo-${process.pid}-${++counter}`;

async function expectLimit(promise: Promise<unknown>, path: string | null, message: RegExp): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RepoLimitError);
  expect((error as RepoLimitError).path).toBe(path);
  expect((error as RepoLimitError).message).toMatch(message);
}

describe('repository store (system git)', () => {
  let root: string;
  let store: ServedRepoStore;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'assay-repos-'));
    store = createRepoStore({ root });
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('creates a bare repository with one commit on main, without a working tree', async () => {
    const id = nextId();
    const commit = await store.create(id, STARTER, { message: 'Starter files', author: AUTHOR, at: AT });
    expect(commit).toMatch(/^[0-9a-f]{40}$/);
    expect(await store.exists(id)).toBe(true);
    expect(await store.head(id)).toEqual({ commit, committedAt: AT.toISOString() });
    expect(await store.listTree(id, commit)).toEqual([
      { path: 'README.md', size: 10, executable: false },
      { path: 'scripts/test.sh', size: 18, executable: true },
      { path: 'src/index.js', size: 26, executable: false },
    ]);
    expect((await store.readFile(id, commit, 'src/index.js'))?.toString()).toBe(
      'export const answer = 41;\n',
    );
    expect(await store.readFile(id, commit, 'src/missing.js')).toBeUndefined();
    expect(await store.readFile(id, commit, 'src')).toBeUndefined();
    expect(await store.readFile(id, commit, '../etc/passwd')).toBeUndefined();

    const dir = store.pathOf(id);
    const git = (...args: string[]) =>
      run('git', ['--git-dir', dir, ...args], { env: { PATH: process.env.PATH, GIT_CONFIG_NOSYSTEM: '1' } });
    expect((await git('rev-parse', '--is-bare-repository')).stdout.trim()).toBe('true');
    expect((await git('symbolic-ref', 'HEAD')).stdout.trim()).toBe('refs/heads/main');
    expect((await git('config', 'receive.denyNonFastForwards')).stdout.trim()).toBe('true');
    expect((await git('config', 'receive.denyDeletes')).stdout.trim()).toBe('true');
    expect((await git('config', 'http.receivepack')).stdout.trim()).toBe('true');
    expect((await git('config', 'core.hooksPath')).stdout.trim()).toBe(join(store.root, '.hooks'));
    expect(Number((await git('config', 'receive.maxInputSize')).stdout.trim())).toBeGreaterThan(
      SubmissionLimits.maxTotalBytes,
    );
    expect((await git('log', '-1', '--format=%an <%ae> %aI|%cn <%ce> %cI|%s', 'main')).stdout.trim()).toBe(
      'Assay <assay@example.test> 2026-03-01T09:00:00+00:00|Assay <assay@example.test> 2026-03-01T09:00:00+00:00|Starter files',
    );
    await expect(stat(join(dir, 'hooks'))).rejects.toThrow(); // no sample hooks from templates
    await expect(stat(join(store.root, '.hooks', 'pre-receive'))).resolves.toBeTruthy();
  });

  it('is deterministic: the same files, author and date give the same commit', async () => {
    const a = await store.create(nextId(), STARTER, { message: 'Starter files', author: AUTHOR, at: AT });
    const b = await store.create(nextId(), [...STARTER].reverse(), {
      message: 'Starter files',
      author: AUTHOR,
      at: AT,
    });
    expect(a).toBe(b);
  });

  it('refuses to create over an existing repository and leaves it unchanged', async () => {
    const id = nextId();
    const commit = await store.create(id, STARTER, { message: 'one', author: AUTHOR, at: AT });
    await expect(
      store.create(id, [file('x', 'y')], { message: 'two', author: AUTHOR, at: AT }),
    ).rejects.toThrow(RepoExistsError);
    expect((await store.head(id)).commit).toBe(commit);
  });

  it('refuses invalid ids everywhere (no "..", "/", dots or empty)', async () => {
    for (const bad of ['..', '../x', 'a/b', 'a.b', '', 'x'.repeat(65), 'a b', '.hooks']) {
      expect(() => store.pathOf(bad)).toThrow(/invalid repository id/);
      await expect(store.create(bad, STARTER, { message: 'm', author: AUTHOR, at: AT })).rejects.toThrow(
        /invalid repository id/,
      );
      await expect(store.remove(bad)).rejects.toThrow(/invalid repository id/);
      await expect(store.head(bad)).rejects.toThrow(/invalid repository id/);
    }
    await expect(stat(join(store.root, '..', 'x.git'))).rejects.toThrow();
  });

  it('enforces the limits and safe paths on create, naming the file, and creates nothing', async () => {
    const options = { message: 'm', author: AUTHOR, at: AT };
    const id = nextId();
    await expectLimit(
      store.create(id, [file('ok.txt', 'ok'), file('src/big.bin', Buffer.alloc(2 * MiB))], options),
      'src/big.bin',
      /src\/big\.bin is 2 MiB; files may be at most 1 MiB/,
    );
    await expectLimit(
      store.create(id, [file('edge.bin', Buffer.alloc(MiB + 1))], options),
      'edge.bin',
      /edge\.bin is 1\.1 MiB/,
    );
    const many = Array.from({ length: SubmissionLimits.maxFiles + 1 }, (_, i) =>
      file(`f/${String(i).padStart(3, '0')}.txt`, 'x'),
    );
    await expectLimit(store.create(id, many, options), 'f/500.txt', /501 files; at most 500/);
    const heavy = Array.from({ length: 21 }, (_, i) =>
      file(`h/${String(i).padStart(2, '0')}.bin`, Buffer.alloc(MiB)),
    );
    await expectLimit(store.create(id, heavy, options), 'h/20.bin', /total 21 MiB; at most 20 MiB in all/);
    for (const bad of ['../escape', '/abs', '.git/config', 'a/.GIT/x', 'a\\b', 'a//b', './a', 'a\nb', '']) {
      await expectLimit(store.create(id, [file(bad, 'x')], options), bad, /is not a valid file path/);
    }
    await expectLimit(store.create(id, [file('a', 'x'), file('a/b', 'y')], options), 'a/b', /a is a file/);
    await expectLimit(store.create(id, [file('a', 'x'), file('a', 'y')], options), 'a', /listed twice/);
    expect(await store.exists(id)).toBe(false);
    // Exactly at the limits is fine.
    const full = Array.from({ length: 20 }, (_, i) =>
      file(`h/${String(i).padStart(2, '0')}.bin`, Buffer.alloc(MiB, i)),
    );
    const commit = await store.create(id, full, options);
    expect((await store.listTree(id, commit)).length).toBe(20);
  });

  it('commits changes on top of the parent (compare-and-swap on main)', async () => {
    const id = nextId();
    const first = await store.create(id, STARTER, { message: 'Starter files', author: AUTHOR, at: AT });
    const later = new Date(AT.getTime() + 60_000);
    const second = await store.commit(id, {
      parent: first,
      changes: [
        { path: 'src/index.js', data: Buffer.from('export const answer = 42;\n') },
        { path: 'scripts/test.sh', data: Buffer.from('#!/bin/sh\necho changed\n') },
        { path: 'README.md', data: null },
        { path: 'src/new/file.ts', data: Buffer.from('new\n') },
      ],
      message: 'Draft',
      author: { name: 'Candidate <x>', email: 'cand@example.test' },
      at: later,
    });
    expect(second).not.toBe(first);
    expect(await store.head(id)).toEqual({ commit: second, committedAt: later.toISOString() });
    expect(await store.listTree(id, second)).toEqual([
      { path: 'scripts/test.sh', size: 23, executable: true },
      { path: 'src/index.js', size: 26, executable: false },
      { path: 'src/new/file.ts', size: 4, executable: false },
    ]);
    // The parent's files are still readable at the parent.
    expect((await store.readFile(id, first, 'README.md'))?.toString()).toBe('# Starter\n');

    // A stale parent: main moved, nothing is written.
    const stale = store.commit(id, {
      parent: first,
      changes: [{ path: 'src/index.js', data: Buffer.from('lost\n') }],
      message: 'Stale',
      author: AUTHOR,
      at: later,
    });
    await expect(stale).rejects.toThrow(RepoConflictError);
    await expect(stale).rejects.toMatchObject({ head: second });
    expect((await store.head(id)).commit).toBe(second);

    // No change: no new commit (still checks the parent is main).
    const same = await store.commit(id, {
      parent: second,
      changes: [{ path: 'src/new/file.ts', data: Buffer.from('new\n') }],
      message: 'Nothing',
      author: AUTHOR,
      at: later,
    });
    expect(same).toBe(second);
    await expect(
      store.commit(id, {
        parent: first,
        changes: [{ path: 'nope', data: null }],
        message: 'x',
        author: AUTHOR,
        at: later,
      }),
    ).rejects.toMatchObject({ name: 'RepoConflictError', head: second });
  });

  it('lets exactly one of two concurrent commits on the same parent win', async () => {
    const id = nextId();
    const base = await store.create(id, STARTER, { message: 'Starter files', author: AUTHOR, at: AT });
    const attempts = await Promise.allSettled(
      ['a', 'b', 'c'].map((name) =>
        store.commit(id, {
          parent: base,
          changes: [{ path: `${name}.txt`, data: Buffer.from(name) }],
          message: name,
          author: AUTHOR,
          at: AT,
        }),
      ),
    );
    const won = attempts.filter((a) => a.status === 'fulfilled');
    const lost = attempts.filter((a) => a.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(2);
    const head = (await store.head(id)).commit;
    expect((won[0] as PromiseFulfilledResult<string>).value).toBe(head);
    for (const l of lost) expect(l.reason).toMatchObject({ name: 'RepoConflictError', head });
  });

  it('enforces the limits on commit, naming the file, and leaves main alone', async () => {
    const id = nextId();
    const base = await store.create(id, STARTER, { message: 'Starter files', author: AUTHOR, at: AT });
    const options = { parent: base, message: 'm', author: AUTHOR, at: AT };
    await expectLimit(
      store.commit(id, {
        ...options,
        changes: [{ path: 'assets/big.bin', data: Buffer.alloc(3 * MiB + 300 * 1024) }],
      }),
      'assets/big.bin',
      /assets\/big\.bin is 3\.3 MiB; files may be at most 1 MiB/,
    );
    const many = Array.from({ length: SubmissionLimits.maxFiles - 2 }, (_, i) => ({
      path: `m/${String(i).padStart(3, '0')}`,
      data: Buffer.from('x'),
    }));
    await expectLimit(store.commit(id, { ...options, changes: many }), 'src/index.js', /501 files/);
    await expectLimit(
      store.commit(id, { ...options, changes: [{ path: 'src/index.js/inner', data: Buffer.from('x') }] }),
      'src/index.js/inner',
      /src\/index\.js is a file/,
    );
    await expectLimit(
      store.commit(id, { ...options, changes: [{ path: '.git/hooks/post-update', data: Buffer.from('x') }] }),
      '.git/hooks/post-update',
      /not a valid file path/,
    );
    expect((await store.head(id)).commit).toBe(base);
    // Deleting makes room: 497 + 3 starter files - README = 499.
    const ok = await store.commit(id, {
      ...options,
      changes: [...many.slice(0, 497), { path: 'README.md', data: null }],
    });
    expect((await store.listTree(id, ok)).length).toBe(499);
  });

  it('archives every committed file whatever the candidate’s .gitattributes says (export-ignore)', async () => {
    const id = nextId();
    const first = await store.create(id, STARTER, { message: 'm', author: AUTHOR, at: AT });
    const commit = await store.commit(id, {
      parent: first,
      changes: [
        { path: '.gitattributes', data: Buffer.from('src/* export-ignore\nREADME.md export-subst\n') },
        { path: 'README.md', data: Buffer.from('$Format:%H$\n') },
      ],
      message: 'hide my sources from grading',
      author: AUTHOR,
      at: AT,
    });
    const out = await mkdtemp(join(tmpdir(), 'assay-untar-'));
    try {
      const tarFile = join(out, 'repo.tar');
      await writeFile(tarFile, await store.archive(id, commit));
      const listing = (await run('tar', ['-tf', tarFile])).stdout.split('\n');
      expect(listing).toContain('src/index.js');
      await run('tar', ['-xf', tarFile, '-C', out, 'README.md']);
      expect(await readFile(join(out, 'README.md'), 'utf8')).toBe('$Format:%H$\n');
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it('archives a commit as a tar that round-trips', async () => {
    const id = nextId();
    const binary = Buffer.from([0, 1, 2, 255, 254, 10, 13]);
    const commit = await store.create(id, [...STARTER, file('data/blob.bin', binary)], {
      message: 'm',
      author: AUTHOR,
      at: AT,
    });
    const tar = await store.archive(id, commit);
    const out = await mkdtemp(join(tmpdir(), 'assay-untar-'));
    try {
      const tarFile = join(out, 'repo.tar');
      await writeFile(tarFile, tar);
      const listing = (await run('tar', ['-tf', tarFile])).stdout.split('\n').filter(Boolean).sort();
      expect(listing).toEqual([
        'README.md',
        'data/',
        'data/blob.bin',
        'scripts/',
        'scripts/test.sh',
        'src/',
        'src/index.js',
      ]);
      await run('tar', ['-xf', tarFile, '-C', out]);
      expect(await readFile(join(out, 'src/index.js'), 'utf8')).toBe('export const answer = 41;\n');
      expect(await readFile(join(out, 'data/blob.bin'))).toEqual(binary);
      expect((await stat(join(out, 'scripts/test.sh'))).mode & 0o111).not.toBe(0);
      expect((await stat(join(out, 'README.md'))).mode & 0o111).toBe(0);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it('diffs two commits (added, modified, deleted) with a capped patch, and logs between them', async () => {
    const id = nextId();
    const first = await store.create(id, STARTER, { message: 'Starter files', author: AUTHOR, at: AT });
    const second = await store.commit(id, {
      parent: first,
      changes: [
        { path: 'src/index.js', data: Buffer.from('export const answer = 42;\n') },
        { path: 'README.md', data: null },
        { path: 'NOTES.md', data: Buffer.from('line\n'.repeat(2000)) },
      ],
      message: 'Second\n\nWith a body',
      author: AUTHOR,
      at: new Date(AT.getTime() + 1000),
    });
    const third = await store.commit(id, {
      parent: second,
      changes: [{ path: 'scripts/test.sh', data: null }],
      message: 'Third',
      author: AUTHOR,
      at: new Date(AT.getTime() + 2000),
    });
    const diff = await store.diff(id, first, third);
    expect(diff.truncated).toBe(false);
    expect(diff.files).toEqual([
      { path: 'NOTES.md', status: 'added' },
      { path: 'README.md', status: 'deleted' },
      { path: 'scripts/test.sh', status: 'deleted' },
      { path: 'src/index.js', status: 'modified' },
    ]);
    expect(diff.patch).toContain('-export const answer = 41;\n+export const answer = 42;');
    expect(diff.patch).toContain('diff --git a/README.md b/README.md');

    const capped = await store.diff(id, first, third, { maxBytes: 2000 });
    expect(capped.truncated).toBe(true);
    expect(Buffer.byteLength(capped.patch)).toBeLessThanOrEqual(2000);
    expect(capped.patch.endsWith('\n')).toBe(true);
    expect(diff.patch.startsWith(capped.patch)).toBe(true);
    expect(capped.files).toHaveLength(4);

    expect(await store.log(id, first, third)).toEqual([
      { commit: second, committedAt: new Date(AT.getTime() + 1000).toISOString(), subject: 'Second' },
      { commit: third, committedAt: new Date(AT.getTime() + 2000).toISOString(), subject: 'Third' },
    ]);
    expect(await store.log(id, third, third)).toEqual([]);
  });

  it('refuses commit ids that are not full hex ids (no option injection)', async () => {
    const id = nextId();
    await store.create(id, STARTER, { message: 'm', author: AUTHOR, at: AT });
    await expect(store.archive(id, '--output=/tmp/x')).rejects.toThrow(/full commit id/);
    await expect(store.listTree(id, 'main')).rejects.toThrow(/full commit id/);
    await expect(store.diff(id, 'HEAD~1', 'HEAD')).rejects.toThrow(/full commit id/);
  });

  it('removes a repository; a missing one answers RepoNotFoundError', async () => {
    const id = nextId();
    const commit = await store.create(id, STARTER, { message: 'm', author: AUTHOR, at: AT });
    await store.remove(id);
    expect(await store.exists(id)).toBe(false);
    await expect(stat(store.pathOf(id))).rejects.toThrow();
    await expect(store.head(id)).rejects.toThrow(RepoNotFoundError);
    await expect(store.listTree(id, commit)).rejects.toThrow(RepoNotFoundError);
    await expect(store.readFile(id, commit, 'README.md')).rejects.toThrow(RepoNotFoundError);
    await store.remove(id); // idempotent
    // Other repositories and the hooks survive.
    await expect(stat(join(store.root, '.hooks', 'pre-receive'))).resolves.toBeTruthy();
  });
});
