import { execFileSync } from 'node:child_process';
import { mkdtemp, mkdir, readFile, readdir, rm, stat, writeFile, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SubmissionLimits } from '@assay/contracts';
import { makeTar } from '../../test/project/tar-fixture.js';
import {
  ArchiveError,
  normalizeArchivePath,
  readDirectoryMembers,
  readTarArchive,
  unpackTarArchive,
  writeMembers,
} from './index.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'assay-archive-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('normalizeArchivePath', () => {
  it('normalizes harmless forms', () => {
    expect(normalizeArchivePath('./a//b/')).toBe('a/b');
    expect(normalizeArchivePath('.')).toBe('');
  });

  it('never yields a path that escapes, is absolute or has a ".." segment', () => {
    const segment = fc.oneof(
      fc.constantFrom('..', '.', '', 'a', '...', '..a', '/', '\\'),
      fc.string({ maxLength: 6 }),
    );
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 8 }), (segments) => {
        const raw = segments.join('/');
        let out: string;
        try {
          out = normalizeArchivePath(raw);
        } catch (error) {
          expect(error).toBeInstanceOf(ArchiveError);
          return;
        }
        expect(out.startsWith('/')).toBe(false);
        expect(out.split('/')).not.toContain('..');
        expect(out.split('/')).not.toContain('.');
        expect(out).not.toContain('\0');
        // A path that had ".." as a segment must have been rejected, not silently rewritten.
        expect(raw.split('/')).not.toContain('..');
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects absolute, parent, NUL and backslash names with the path in the message', () => {
    for (const bad of ['/etc/passwd', 'a/../../b', '..', 'a\0b', 'a\\..\\b']) {
      expect(() => normalizeArchivePath(bad)).toThrow(ArchiveError);
    }
    expect(() => normalizeArchivePath('src/../../x')).toThrow(/src\/\.\.\/\.\.\/x/);
  });
});

describe('readTarArchive', () => {
  it('reads files and directories, keeping the executable bit', () => {
    const members = readTarArchive(
      makeTar([
        { name: 'src/', type: '5' },
        { name: 'src/main.js', data: 'console.log(1)' },
        { name: 'run.sh', data: '#!/bin/sh', mode: 0o755 },
      ]),
    );
    expect(members).toEqual([
      { kind: 'directory', path: 'src' },
      { kind: 'file', path: 'src/main.js', executable: false, data: Buffer.from('console.log(1)') },
      { kind: 'file', path: 'run.sh', executable: true, data: Buffer.from('#!/bin/sh') },
    ]);
  });

  it('reads long names from pax headers', () => {
    const long = `${'d'.repeat(80)}/${'f'.repeat(90)}.txt`;
    const [, file] = readTarArchive(makeTar([{ name: long, data: 'x' }]));
    expect(file?.path).toBe(long);
  });

  it('reads what git archive writes (pax global header included)', async () => {
    const repo = join(dir, 'repo');
    await mkdir(join(repo, 'src'), { recursive: true });
    await writeFile(join(repo, 'src', 'index.js'), 'export {}\n');
    await writeFile(join(repo, `${'n'.repeat(120)}.md`), '# hi\n');
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.email=a@b', '-c', 'user.name=a', ...args], { cwd: repo });
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'x');
    const members = readTarArchive(git('archive', '--format=tar', 'HEAD'));
    expect(
      members
        .filter((m) => m.kind === 'file')
        .map((m) => m.path)
        .sort(),
    ).toEqual([`${'n'.repeat(120)}.md`, 'src/index.js']);
  });

  it.each([
    [
      'symlink',
      { name: 'link', type: '2', linkname: '/etc/passwd' },
      /"link": symbolic links are not allowed/,
    ],
    ['hard link', { name: 'hard', type: '1', linkname: 'a' }, /"hard": hard links are not allowed/],
    ['char device', { name: 'dev', type: '3' }, /"dev": character devices/],
    ['FIFO', { name: 'fifo', type: '6' }, /"fifo": FIFOs/],
    ['absolute path', { name: '/etc/cron.d/x', data: 'x' }, /absolute/],
    ['parent path', { name: '../escape', data: 'x' }, /"\.\."/],
  ])('rejects a %s', (_label, entry, message) => {
    expect(() => readTarArchive(makeTar([entry]))).toThrow(message);
  });

  it('rejects a file under a file and duplicate entries', () => {
    expect(() =>
      readTarArchive(
        makeTar([
          { name: 'a', data: '1' },
          { name: 'a/b', data: '2' },
        ]),
      ),
    ).toThrow(/"a\/b": its parent "a" is a file/);
    expect(() =>
      readTarArchive(
        makeTar([
          { name: 'a', data: '1' },
          { name: './a', data: '2' },
        ]),
      ),
    ).toThrow(/"a": appears more than once/);
  });

  it('enforces the per-file, file-count and total limits naming the path', () => {
    const big = Buffer.alloc(SubmissionLimits.maxFileBytes + 1);
    expect(() => readTarArchive(makeTar([{ name: 'big.bin', data: big }]))).toThrow(
      /"big.bin": 1048577 bytes is over the 1 MiB/,
    );
    const many = Array.from({ length: SubmissionLimits.maxFiles + 1 }, (_, i) => ({
      name: `f${i}`,
      data: 'x',
    }));
    expect(() => readTarArchive(makeTar(many))).toThrow(/"f500": more than 500 files/);
    const limits = { maxFileBytes: 10, maxFiles: 10, maxTotalBytes: 15 };
    expect(() =>
      readTarArchive(
        makeTar([
          { name: 'a', data: '12345678' },
          { name: 'b', data: '12345678' },
        ]),
        limits,
      ),
    ).toThrow(/"b": total size is over the/);
  });

  it('rejects garbage and truncated archives', () => {
    expect(() => readTarArchive(Buffer.from('hello'.repeat(200)))).toThrow(ArchiveError);
    const tar = makeTar([{ name: 'a', data: 'x'.repeat(2000) }]);
    expect(() => readTarArchive(tar.subarray(0, 1024))).toThrow(/truncated/);
  });

  it('never throws anything but ArchiveError on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => {
        try {
          readTarArchive(Buffer.from(bytes));
        } catch (error) {
          expect(error).toBeInstanceOf(ArchiveError);
        }
      }),
    );
  });

  it('only ever yields safe relative paths for arbitrary entry names', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ minLength: 1, maxLength: 30 }), { minLength: 1, maxLength: 5 }),
        (names) => {
          try {
            for (const member of readTarArchive(makeTar(names.map((name) => ({ name, data: 'x' }))))) {
              expect(member.path).not.toMatch(/^\/|(^|\/)\.\.?(\/|$)/);
            }
          } catch (error) {
            expect(error).toBeInstanceOf(ArchiveError);
          }
        },
      ),
    );
  });
});

describe('unpacking', () => {
  it('unpacks into a directory and writes nothing when any entry is bad', async () => {
    const out = join(dir, 'out');
    await mkdir(out);
    await unpackTarArchive(
      makeTar([
        { name: 'a/b.txt', data: 'hi' },
        { name: 'x.sh', data: '', mode: 0o755 },
      ]),
      out,
    );
    expect(await readFile(join(out, 'a/b.txt'), 'utf8')).toBe('hi');
    expect((await stat(join(out, 'x.sh'))).mode & 0o777).toBe(0o755);

    const clean = join(dir, 'clean');
    await mkdir(clean);
    await expect(
      unpackTarArchive(
        makeTar([
          { name: 'ok.txt', data: 'x' },
          { name: 'l', type: '2', linkname: '/' },
        ]),
        clean,
      ),
    ).rejects.toThrow(ArchiveError);
    expect(await readdir(clean)).toEqual([]);
  });

  it('overlays replace files and directories at the same paths', async () => {
    const out = join(dir, 'out');
    await mkdir(out);
    await unpackTarArchive(
      makeTar([
        { name: 'test/hidden.test.js/', type: '5' },
        { name: 'cfg', data: 'mine' },
      ]),
      out,
    );
    await writeMembers(
      [
        { kind: 'file', path: 'test/hidden.test.js', executable: false, data: Buffer.from('hidden') },
        { kind: 'file', path: 'cfg', executable: false, data: Buffer.from('original') },
      ],
      out,
      { replace: true },
    );
    expect(await readFile(join(out, 'test/hidden.test.js'), 'utf8')).toBe('hidden');
    expect(await readFile(join(out, 'cfg'), 'utf8')).toBe('original');
  });

  it('reads a trusted directory and refuses links in it', async () => {
    const src = join(dir, 'src');
    await mkdir(join(src, 'sub'), { recursive: true });
    await writeFile(join(src, 'sub', 'a.txt'), 'a');
    expect((await readDirectoryMembers(src)).map((m) => m.path)).toEqual(['sub', 'sub/a.txt']);
    await symlink('/etc/passwd', join(src, 'link'));
    await expect(readDirectoryMembers(src)).rejects.toThrow(/"link": only regular files/);
  });
});
