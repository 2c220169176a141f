import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildZip, folderEntries } from './zip-writer.js';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../../../..');
const CLI = join(ROOT, 'apps/server/src/main/cli.ts');

describe('assay challenge import (embedded SQLite, from the sources)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'assay-cli-challenges-'));
  const work = mkdtempSync(join(tmpdir(), 'assay-cli-packages-'));
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  /** Runs the CLI like `npx assay` does without a build (tsx, `source` condition). */
  const assay = (...args: string[]) =>
    spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', CLI, ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
      timeout: 120_000,
    });

  it('imports a folder and a zip, prints the problems naming the file and exits 1 on a broken package', () => {
    const setup = assay('setup', '--org', 'Acme', '--email', 'owner@acme.test', '--password', 'correct horse battery staple');
    expect(setup.status, setup.stderr).toBe(0);

    const imported = assay('challenge', 'import', join(ROOT, 'challenges/even-pairs'), '--org', 'acme');
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('Imported algorithmic challenge "Even Pairs" (even-pairs) v1');

    const zipPath = join(work, 'signup.zip');
    writeFileSync(zipPath, buildZip(folderEntries(join(ROOT, 'challenges/python-signup-cleaning'))));
    const zipped = assay('challenge', 'import', zipPath, '--org', 'acme');
    expect(zipped.status, zipped.stderr).toBe(0);
    expect(zipped.stdout).toContain('(python-signup-cleaning) v1');

    const broken = join(work, 'broken');
    cpSync(join(ROOT, 'challenges/python-signup-cleaning'), broken, { recursive: true });
    const manifest = readFileSync(join(broken, 'challenge.json'), 'utf8').replace('"difficulty": "medium"', '"difficulty": "extreme"');
    writeFileSync(join(broken, 'challenge.json'), manifest);
    const refused = assay('challenge', 'import', broken, '--org', 'acme');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/challenge\.json:\d+: difficulty: /);

    expect(assay('challenge', 'import', broken, '--org', 'nobody').status).toBe(1);
    expect(assay('challenge', 'import', broken).status).toBe(2);
  });
});
