import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/index.js';
import { bundleWriter, inspect, runAssay, SOAK, startWriter } from './crash-harness.js';

// reliability.md D1–D3 on SQLite (the embedded default). Sizes: CI / ASSAY_SOAK=1.
const D1_KILLS = SOAK ? 500 : 50;
const D2_WRITERS = 4;
const D2_WRITES_EACH = SOAK ? 2500 : 500;
const D3_ROUNDS = SOAK ? 10 : 1;

const randomInt = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('SQLite reliability', () => {
  let script: string;
  const dirs: string[] = [];
  const tempDir = (prefix: string) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
  beforeAll(async () => {
    script = await bundleWriter();
  });
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    rmSync(script, { force: true });
  });

  it(
    `D1: every acknowledged write survives kill -9 (×${D1_KILLS})`,
    { timeout: SOAK ? 1_800_000 : 120_000 },
    async () => {
      const dbPath = join(tempDir('assay-d1-'), 'assay.db');
      const acknowledged: number[] = [];
      let nextId = 1;
      for (let round = 0; round < D1_KILLS; round++) {
        const writer = startWriter(script, dbPath, 'd1', nextId);
        await writer.waitForAcks(1);
        // Kill at a random point of the write loop: mid-transaction, mid-commit or between.
        await sleep(randomInt(0, 40));
        writer.child.kill('SIGKILL');
        await writer.exited;
        acknowledged.push(...writer.acked);
        const { ids, integrity } = inspect(dbPath);
        expect(integrity, `round ${round}`).toBe('ok');
        const lost = writer.acked.filter((id) => !ids.has(id));
        expect(lost, `round ${round}: acknowledged rows missing after kill -9`).toEqual([]);
        nextId = Math.max(nextId, ...ids) + 1;
      }
      const { ids } = inspect(dbPath);
      expect(acknowledged.filter((id) => !ids.has(id))).toEqual([]);
      expect(acknowledged.length).toBeGreaterThanOrEqual(D1_KILLS);
    },
  );

  it(
    `D2: settings asserted; ${D2_WRITERS * D2_WRITES_EACH} concurrent writes from ${D2_WRITERS} processes, 0 SQLITE_BUSY`,
    { timeout: SOAK ? 600_000 : 120_000 },
    async () => {
      const dbPath = join(tempDir('assay-d2-'), 'assay.db');
      const handle = createDb({ dialect: 'sqlite', path: dbPath });
      try {
        const pragma = async (name: string) =>
          Object.values(
            (await sql.raw<Record<string, unknown>>(`pragma ${name}`).execute(handle.db)).rows[0] ?? {},
          )[0];
        expect(await pragma('journal_mode')).toBe('wal');
        expect(await pragma('foreign_keys')).toBe(1);
        expect(await pragma('synchronous')).toBe(2); // FULL
        expect(await pragma('busy_timeout')).toBe(5000);
      } finally {
        await handle.close();
      }
      const writers = Array.from({ length: D2_WRITERS }, (_, i) =>
        startWriter(script, dbPath, `w${i}`, i * 1_000_000 + 1, D2_WRITES_EACH),
      );
      const codes = await Promise.all(writers.map((w) => w.exited));
      expect(codes).toEqual(writers.map(() => 0));
      const errors = writers.flatMap((w) => w.errors);
      expect(errors.filter((e) => e.startsWith('SQLITE_BUSY'))).toEqual([]);
      expect(errors).toEqual([]);
      const { ids, integrity } = inspect(dbPath);
      expect(integrity).toBe('ok');
      expect(ids.size).toBe(D2_WRITERS * D2_WRITES_EACH);
    },
  );

  it(
    `D3: assay backup under load, then assay restore into a fresh data dir (×${D3_ROUNDS})`,
    { timeout: SOAK ? 600_000 : 120_000 },
    async () => {
      for (let round = 0; round < D3_ROUNDS; round++) {
        const liveDir = tempDir('assay-d3-live-');
        const writer = startWriter(script, join(liveDir, 'assay.db'), 'd3', 1);
        try {
          await writer.waitForAcks(50);
          const committedBefore = [...writer.acked];
          const backupFile = join(tempDir('assay-d3-backups-'), 'backup.db');
          const backup = await runAssay(['backup', backupFile], { DATA_DIR: liveDir });
          expect(backup.code, backup.stderr).toBe(0);
          expect(backup.stdout).toContain('integrity_check ok');
          // The writer kept writing during the backup.
          expect(writer.acked.length).toBeGreaterThan(committedBefore.length);

          const freshDir = tempDir('assay-d3-fresh-');
          // A live server on the target data dir makes restore refuse.
          writeFileSync(join(freshDir, 'assay.pid'), `${process.pid}\n`);
          const refused = await runAssay(['restore', backupFile], { DATA_DIR: freshDir });
          expect(refused.code).not.toBe(0);
          expect(refused.stderr).toMatch(/Stop it/);
          rmSync(join(freshDir, 'assay.pid'));

          const restore = await runAssay(['restore', backupFile], { DATA_DIR: freshDir });
          expect(restore.code, restore.stderr).toBe(0);
          const { ids, integrity } = inspect(join(freshDir, 'assay.db'));
          expect(integrity).toBe('ok');
          expect(committedBefore.filter((id) => !ids.has(id))).toEqual([]);
        } finally {
          writer.child.kill('SIGKILL');
          await writer.exited;
        }
      }
    },
  );
});
