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
      { name: 'Python 3', installed: true, available: true, optional: false, version: '3.11.2' },
      {
        name: 'Kotlin',
        installed: false,
        available: false,
        optional: true,
        version: null,
        reason: 'not installed',
        fix: 'apt-get install -y kotlin',
      },
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
    expect(text).toMatch(/ok {4}Python 3 3\.11\.2\n/);
    expect(text).toMatch(/-- {4}Kotlin — not installed \(fix: apt-get install -y kotlin\)/);
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
    expect(text).toMatch(/FAIL {2}languages: 0 of 0 offered/);
  });

  it('warns with the install command when a standard language is missing, and runs while one works', async () => {
    const report = await runDoctor({
      config: loadConfig({ DATA_DIR: tempDataDir() }),
      sandbox: () =>
        Promise.resolve({
          ready: true,
          checks: [],
          languages: [
            { name: 'C', installed: true, available: true, optional: false, version: '12.2.0' },
            {
              name: 'Java',
              installed: false,
              available: false,
              optional: false,
              version: null,
              reason: 'not installed',
              fix: 'apt-get install -y openjdk-17-jdk-headless',
            },
          ],
        }),
    });
    expect(report.ok).toBe(true);
    const text = formatDoctorReport(report);
    expect(text).toMatch(
      /warn {2}languages: 1 of 2 offered; missing: Java\n {6}fix: apt-get install -y openjdk-17-jdk-headless/,
    );
    expect(text).toMatch(/FAIL {2}Java — not installed/);
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
