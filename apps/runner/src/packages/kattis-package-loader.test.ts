import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { flattenTestCases, KATTIS_DEFAULT_MEMORY_MIB, loadKattisPackage } from './kattis-package-loader.js';
import { PackageError } from './package-files.js';
import type { TestGroup } from './package-types.js';

const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/problems');
const temps: string[] = [];

/** Writes a package from a map of relative path → content (null = folder). */
function makePackage(files: Record<string, string | null>): string {
  const root = mkdtempSync(join(tmpdir(), 'assay-pkg-'));
  temps.push(root);
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path);
    if (content === null) mkdirSync(full, { recursive: true });
    else {
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
    }
  }
  return root;
}

const minimal = { 'problem.yaml': 'name: Minimal\n', 'data/secret/1.in': '1\n', 'data/secret/1.ans': '1\n' };

function loadError(root: string): PackageError {
  try {
    loadKattisPackage(root);
  } catch (error) {
    if (error instanceof PackageError) return error;
    throw error;
  }
  throw new Error('expected a PackageError');
}

afterEach(() => {
  for (const t of temps.splice(0)) rmSync(t, { recursive: true, force: true });
});

describe('loadKattisPackage', () => {
  it('loads a legacy package: defaults, samples, symlinked test cases, submissions', () => {
    const pkg = loadKattisPackage(join(FIXTURES, 'sum'));
    expect(pkg.formatVersion).toBe('legacy');
    expect(pkg.name).toBe('Sum');
    expect(pkg.limits.timeLimitSec).toBeUndefined();
    expect(pkg.limits.memoryMiB).toBe(256);
    const cases = flattenTestCases(pkg.data);
    expect(cases.map((c) => [c.id, c.sample])).toEqual([
      ['sample/1', true],
      ['secret/01', false],
      ['secret/02', false],
      ['secret/03', false],
    ]);
    // secret/03 is a link to the sample, followed because it stays inside the package.
    expect(cases[3]?.inputPath).toBe(cases[0]?.inputPath);
    expect(pkg.submissions.filter((s) => s.expected === 'accepted').length).toBeGreaterThanOrEqual(5);
    expect(pkg.statementFiles).toEqual(['problem_statement/problem.en.tex']);
  });

  it('gives the Kattis default memory limit when none is set', () => {
    expect(loadKattisPackage(makePackage(minimal)).limits.memoryMiB).toBe(KATTIS_DEFAULT_MEMORY_MIB);
  });

  it('loads a 2023-07-draft package with output_validator_args in testdata.yaml', () => {
    const pkg = loadKattisPackage(join(FIXTURES, 'average'));
    expect(pkg.formatVersion).toBe('2023-07-draft');
    expect(pkg.name).toBe('Average');
    expect(pkg.limits.timeLimitSec).toBe(1);
    expect(flattenTestCases(pkg.data)[0]?.settings.outputValidatorFlags).toEqual(['float_tolerance', '1e-6']);
    expect(pkg.statementFiles).toEqual(['statement/problem.en.md']);
  });

  it('detects custom (legacy output_validators/) and interactive (draft output_validator/) problems', () => {
    const pair = loadKattisPackage(join(FIXTURES, 'pair'));
    expect(pair.outputValidator?.path).toBe('output_validators/pair_checker');
    expect(pair.interactive).toBe(false);
    const guess = loadKattisPackage(join(FIXTURES, 'guess'));
    expect(guess.interactive).toBe(true);
    expect(guess.outputValidator?.files.map((f) => f.name)).toEqual(['validate.py']);
  });

  it('reads scoring groups with inherited and own testdata.yaml', () => {
    const pkg = loadKattisPackage(join(FIXTURES, 'subtasks'));
    expect(pkg.scoring).toBe(true);
    const secret = pkg.data.children.find((c): c is TestGroup => c.kind === 'group' && c.id === 'secret');
    expect(secret?.settings).toMatchObject({ onReject: 'continue', aggregation: 'sum', ignoreSample: true });
    const group1 = secret?.children[0];
    expect(group1).toMatchObject({
      id: 'secret/group1',
      settings: { aggregation: 'min', acceptScore: 30, onReject: 'break' },
    });
  });

  it('names the file and line of malformed YAML', () => {
    const error = loadError(makePackage({ ...minimal, 'problem.yaml': 'name: X\nlimits:\n  memory: [1\n' }));
    expect(error.file).toBe('problem.yaml');
    expect(error.line).toBeGreaterThanOrEqual(3);
    expect(error.message).toMatch(/^problem\.yaml:\d+: invalid YAML/);
  });

  it('names the file and line of a wrongly typed value', () => {
    const error = loadError(
      makePackage({ ...minimal, 'problem.yaml': 'name: X\nlimits:\n  memory: lots\n' }),
    );
    expect(error.message).toMatch(/^problem\.yaml:3: limits\.memory/);
    const td = loadError(makePackage({ ...minimal, 'data/secret/testdata.yaml': 'on_reject: maybe\n' }));
    expect(td.message).toMatch(/^data\/secret\/testdata\.yaml:1: on_reject/);
  });

  it('rejects unknown types, a missing answer, a missing validator and missing data', () => {
    expect(loadError(makePackage({ ...minimal, 'problem.yaml': 'type: multi-pass\n' })).message).toMatch(
      /unsupported type/,
    );
    expect(loadError(makePackage({ 'problem.yaml': '', 'data/secret/1.in': '1' })).message).toBe(
      'data/secret/1.ans: missing answer for 1.in',
    );
    expect(loadError(makePackage({ ...minimal, 'problem.yaml': 'validation: custom\n' })).message).toMatch(
      /^output_validators\/: missing/,
    );
    expect(loadError(makePackage({ 'problem.yaml': '' })).file).toBe('data/');
    expect(loadError(makePackage({ 'data/secret/1.in': '' })).file).toBe('problem.yaml');
  });

  it('lets interactive problems leave out answer files', () => {
    const pkg = loadKattisPackage(
      makePackage({
        'problem.yaml': 'problem_format_version: 2023-07-draft\ntype: interactive\nname: I\n',
        'output_validators/v/validate.py': 'import sys\nsys.exit(42)\n',
        'data/secret/1.in': 'fixed 5\n',
      }),
    );
    expect(pkg.outputValidator?.path).toBe('output_validators/v');
    expect(flattenTestCases(pkg.data)[0]?.answerPath).toBe('');
  });

  it('refuses symbolic links that leave the package', () => {
    const outside = makePackage({ 'secret.txt': 'x' });
    const root = makePackage(minimal);
    symlinkSync(join(outside, 'secret.txt'), join(root, 'data/secret/2.in'));
    writeFileSync(join(root, 'data/secret/2.ans'), '1');
    expect(loadError(root).message).toBe('data/secret/2.in: symbolic link points outside the package');
  });
});
