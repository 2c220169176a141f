import { mkdtemp, mkdir, rm, symlink, writeFile, link } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseJUnit, ResultFileError } from './junit-parser.js';
import { readResultsDir } from './results-reader.js';
import { parseTap } from './tap-parser.js';

const NODE_TAP = `TAP version 13
# Subtest: math
    # Subtest: adds
    ok 1 - adds
      ---
      duration_ms: 1.494474
      ...
    # Subtest: fails \\# sometimes
    not ok 2 - fails \\# sometimes
      ---
      duration_ms: 1.8
      failureType: 'testCodeFailure'
      error: '2 == 3'
      code: 'ERR_ASSERTION'
      ...
    # Subtest: skipped
    ok 3 - skipped # SKIP
      ---
      duration_ms: 0.29
      ...
    1..3
not ok 1 - math
  ---
  duration_ms: 6.1
  type: 'suite'
  failureType: 'subtestsFailed'
  error: '1 subtest failed'
  ...
# Subtest: hooks
    # Subtest: inner
    ok 1 - inner
      ---
      duration_ms: 0.3
      ...
    1..1
not ok 2 - hooks
  ---
  duration_ms: 2
  failureType: 'hookFailure'
  error: 'after hook failed'
  ...
PASSED
ok 3 - top level
1..3
# pass 3
`;

describe('parseTap', () => {
  it('reads node --test TAP with nesting, escapes, skips and hook failures', () => {
    expect(parseTap(NODE_TAP)).toEqual([
      { id: 'math > adds', status: 'passed', ms: 1.494 },
      { id: 'math > fails # sometimes', status: 'failed', ms: 1.8, message: '2 == 3' },
      { id: 'math > skipped', status: 'skipped', ms: 0.29 },
      { id: 'hooks > inner', status: 'passed', ms: 0.3 },
      { id: 'hooks', status: 'error', ms: 2, message: 'after hook failed' },
      { id: 'top level', status: 'passed', ms: 0 },
    ]);
  });

  it('keeps the ancestry of subtests whose parent line never came (killed run)', () => {
    const cut = NODE_TAP.slice(0, NODE_TAP.indexOf('    1..3'));
    expect(parseTap(cut).map((c) => c.id)).toEqual([
      'math > adds',
      'math > fails # sometimes',
      'math > skipped',
    ]);
  });

  it('reads plain TAP 14 with indented subtests and stops at Bail out!', () => {
    const tap =
      'TAP version 14\n    ok 1 - child\n    1..1\nok 1 - parent\nnot ok 2 - plain # TODO later\nBail out! db down\nok 3 - after\n';
    expect(parseTap(tap)).toEqual([
      { id: 'parent > child', status: 'passed', ms: 0 },
      { id: 'plain', status: 'skipped', ms: 0 },
    ]);
  });

  it('matches what the real node --test TAP reporter writes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'assay-tap-'));
    try {
      await writeFile(
        join(dir, 'a.test.mjs'),
        "import { test, describe } from 'node:test';\ndescribe('s', () => { test('ok', () => {}); test('bad', () => { throw new Error('x'); }); });\ntest('t', async (t) => { await t.test('sub', () => {}); });\n",
      );
      let out = '';
      try {
        execFileSync(process.execPath, ['--test', '--test-reporter=tap', 'a.test.mjs'], {
          cwd: dir,
          env: {},
        });
      } catch (error) {
        out = String((error as { stdout: Buffer }).stdout);
      }
      expect(parseTap(out).map(({ id, status }) => ({ id, status }))).toEqual([
        { id: 's > ok', status: 'passed' },
        { id: 's > bad', status: 'failed' },
        { id: 't > sub', status: 'passed' },
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.constantFrom(
            'ok 1 - a',
            'not ok 2 - b',
            '    ok 1 - c',
            '  ---',
            '  ...',
            'x: [',
            '# Subtest: d',
            'Bail out!',
            '',
          ),
          { maxLength: 30 },
        ),
        (lines) => {
          expect(Array.isArray(parseTap(lines.join('\n')))).toBe(true);
        },
      ),
    );
  });
});

describe('parseJUnit', () => {
  it('reads surefire-style and Node-style JUnit XML', () => {
    const xml = `<?xml version="1.0"?>
<testsuites>
  <testsuite name="com.example.CalcTest">
    <testcase name="adds()" classname="com.example.CalcTest" time="0.012"/>
    <testcase name="divides()" classname="com.example.CalcTest" time="0.003"><failure message="expected &lt;2&gt;">trace</failure></testcase>
    <testcase name="io()" classname="com.example.CalcTest"><error>boom &amp; bust</error></testcase>
    <testcase name="later()" classname="com.example.CalcTest"><skipped/></testcase>
  </testsuite>
  <testsuite name="math"><testsuite name="deep"><testcase name="adds" classname="test" time="0.001"/></testsuite></testsuite>
  <testcase name="top" classname="test"/>
</testsuites>`;
    expect(parseJUnit(xml)).toEqual([
      { id: 'top', status: 'passed', ms: 0 },
      { id: 'com.example.CalcTest.adds()', status: 'passed', ms: 12 },
      { id: 'com.example.CalcTest.divides()', status: 'failed', ms: 3, message: 'expected <2>' },
      { id: 'com.example.CalcTest.io()', status: 'error', ms: 0, message: 'boom & bust' },
      { id: 'com.example.CalcTest.later()', status: 'skipped', ms: 0 },
      { id: 'math > deep > adds', status: 'passed', ms: 1 },
    ]);
  });

  it("gives Node's junit reporter the same ids as its TAP reporter", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'assay-junit-'));
    try {
      await writeFile(
        join(dir, 'a.test.mjs'),
        "import { test, describe } from 'node:test';\ndescribe('s', () => { describe('inner', () => { test('ok', () => {}); }); test('bad', () => { throw new Error('x'); }); });\ntest('top', () => {});\n",
      );
      const report = (reporter: string): string => {
        try {
          return execFileSync(process.execPath, ['--test', `--test-reporter=${reporter}`, 'a.test.mjs'], {
            cwd: dir,
            env: {},
          }).toString();
        } catch (error) {
          return String((error as { stdout: Buffer }).stdout);
        }
      };
      const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
      const junit = parseJUnit(report('junit'))
        .map(({ id, status }) => ({ id, status }))
        .sort(byId);
      expect(junit).toEqual(
        parseTap(report('tap'))
          .map(({ id, status }) => ({ id, status }))
          .sort(byId),
      );
      expect(junit).toContainEqual({ id: 's > inner > ok', status: 'passed' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('accepts a bare <testsuite> root', () => {
    expect(parseJUnit('<testsuite name="s"><testcase name="c"/></testsuite>')).toEqual([
      { id: 's > c', status: 'passed', ms: 0 },
    ]);
  });

  it('rejects DTDs and entity bombs without expanding them', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><testsuite><testcase name="&lol2;"/></testsuite>`;
    expect(() => parseJUnit(bomb)).toThrow(ResultFileError);
  });
});

describe('readResultsDir', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-results-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads TAP and JUnit files and skips links, FIFOs, directories and huge files', async () => {
    await writeFile(join(dir, 'a.tap'), 'ok 1 - one\n');
    await writeFile(join(dir, 'b.xml'), '<testsuite name="s"><testcase name="two"/></testsuite>');
    await writeFile(join(dir, 'c.txt'), 'PASSED\n');
    await writeFile(join(dir, 'huge.tap'), Buffer.alloc(4 * 1024 * 1024 + 1, 0x20));
    await symlink('/etc/passwd', join(dir, 'link.tap'));
    await link(join(dir, 'a.tap'), join(dir, 'hard.tap'));
    await mkdir(join(dir, 'sub'));
    execFileSync('mkfifo', [join(dir, 'fifo.tap')]);
    const { cases, notes } = await readResultsDir(dir);
    expect(cases.map((c) => c.id)).toEqual(['s > two']);
    expect(notes.join('\n')).toMatch(/a\.tap: skipped, a hard link/);
    expect(notes.join('\n')).toMatch(/c\.txt: neither JUnit XML nor TAP/);
    expect(notes.join('\n')).toMatch(/fifo\.tap: skipped, not a regular file/);
    expect(notes.join('\n')).toMatch(/huge\.tap: skipped, over the 4194304 byte limit/);
    expect(notes.join('\n')).toMatch(/link\.tap: skipped, a symbolic link/);
    expect(notes.join('\n')).toMatch(/sub: skipped, not a regular file/);
  });

  it('caps files and cases', async () => {
    for (let i = 0; i < 20; i++)
      await writeFile(join(dir, `r${String(i).padStart(2, '0')}.tap`), `ok 1 - t${i}\n`);
    const { cases, notes } = await readResultsDir(dir);
    expect(cases).toHaveLength(16);
    expect(notes.filter((n) => n.includes('more than 16 result files'))).toHaveLength(4);
    await writeFile(
      join(dir, 'many.tap'),
      Array.from({ length: 6000 }, (_, i) => `ok ${i} - m${i}`).join('\n'),
    );
    await rm(join(dir, 'r00.tap'));
    const capped = await readResultsDir(dir);
    expect(capped.cases).toHaveLength(5000);
    expect(capped.truncated).toBe(true);
  });
});
