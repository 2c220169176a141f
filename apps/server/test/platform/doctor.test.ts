import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { formatDoctorReport, runDoctor } from '../../src/main/doctor.js';
import type { SandboxProbe } from '../../src/main/sandbox-probe.js';

const readySandbox: SandboxProbe = () =>
  Promise.resolve({
    ready: true,
    checks: [{ name: 'bwrap', ok: true }],
    languages: [
      { name: 'python 3', installed: true, version: '3.11.2' },
      { name: 'kotlin 1.9', installed: false, version: null },
    ],
  });

const brokenSandbox: SandboxProbe = () =>
  Promise.resolve({
    ready: false,
    checks: [{ name: 'tools', ok: false, detail: 'bwrap is missing', fix: 'apt-get install -y bubblewrap' }],
    languages: [],
  });

const tempDataDir = () => mkdtempSync(join(tmpdir(), 'assay-doctor-'));

describe('assay doctor', () => {
  it('names the SQLite database and passes when everything is in place', async () => {
    const dataDir = tempDataDir();
    const report = await runDoctor({ config: loadConfig({ DATA_DIR: dataDir }), sandbox: readySandbox });
    expect(report.ok).toBe(true);
    expect(report.database).toBe(`SQLite at ${join(dataDir, 'assay.db')}`);
    const text = formatDoctorReport(report);
    expect(text).toContain(`Database: SQLite at ${join(dataDir, 'assay.db')}`);
    expect(text).toMatch(/mail: kept in the database/);
    expect(text).toMatch(/python 3 \(3\.11\.2\)/);
    expect(text).toMatch(/kotlin 1\.9 — not installed/);
    expect(text).toContain('Assay can run.');
  });

  it('fails with the fixing command when the sandbox is not ready', async () => {
    const report = await runDoctor({
      config: loadConfig({ DATA_DIR: tempDataDir() }),
      sandbox: brokenSandbox,
    });
    expect(report.ok).toBe(false);
    const text = formatDoctorReport(report);
    expect(text).toMatch(/FAIL {2}sandbox: tools: bwrap is missing\n {6}fix: apt-get install -y bubblewrap/);
    expect(text).toMatch(/FAIL {2}languages: 0 of 0 installed/);
  });

  it('names PostgreSQL and says how to fix it when it does not answer', async () => {
    const config = loadConfig({
      DATA_DIR: tempDataDir(),
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/assay',
      ASSAY_SECRET_KEY: Buffer.alloc(32, 7).toString('base64'),
    });
    const report = await runDoctor({ config, sandbox: readySandbox });
    expect(report.ok).toBe(false);
    expect(report.database).toBe('PostgreSQL at 127.0.0.1:1/assay');
    const database = report.checks.find((c) => c.name === 'database');
    expect(database).toMatchObject({
      ok: false,
      fix: expect.stringMatching(/PostgreSQL|DATABASE_URL/) as unknown,
    });
  });

  it('fails when the data directory is not writable', async () => {
    // A regular file where the directory should be.
    const notADirectory = join(tempDataDir(), 'file');
    writeFileSync(notADirectory, '');
    const report = await runDoctor({
      config: loadConfig({ DATA_DIR: notADirectory }),
      sandbox: readySandbox,
    });
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => c.name === 'data directory')).toMatchObject({
      ok: false,
      fix: expect.stringContaining('mkdir') as unknown,
    });
  });
});
