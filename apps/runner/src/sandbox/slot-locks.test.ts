import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { processStartTime } from './box-files.js';
import { SlotLocks } from './slot-locks.js';

describe('slot lock files', () => {
  let dir: string;
  let locks: SlotLocks;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-locks-'));
    locks = new SlotLocks(dir);
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('claims exclusively and records pid and start time', () => {
    expect(locks.tryLock(0)).toEqual({ ok: true });
    expect(fs.readFileSync(locks.lockPath(0), 'utf8')).toBe(
      `${String(process.pid)} ${processStartTime(process.pid) ?? ''}\n`,
    );
    const again = locks.tryLock(0);
    expect(again.ok).toBe(false);
    if (!again.ok) {
      expect(again.holder).toBe(process.pid);
      expect(again.stale).toBe(false);
    }
    expect(locks.tryLock(1)).toEqual({ ok: true });
    locks.unlock(0);
    expect(locks.tryLock(0)).toEqual({ ok: true });
  });

  it('detects a dead owner (or a reused pid) and takes the lock over once', () => {
    // pid 1 exists, but not with this start time: a reused pid counts as dead.
    fs.writeFileSync(locks.lockPath(2), '1 1\n');
    const attempt = locks.tryLock(2);
    expect(attempt.ok).toBe(false);
    if (attempt.ok) return;
    expect(attempt.stale).toBe(true);
    expect(locks.takeOver(2, attempt.token)).toBe(true);
    expect(locks.tryLock(2).ok).toBe(false);
    // A second taker with the old token must not steal the fresh claim.
    expect(locks.takeOver(2, attempt.token)).toBe(false);
    const now = locks.tryLock(2);
    expect(!now.ok && now.holder === process.pid && !now.stale).toBe(true);
    expect(fs.readdirSync(dir).sort()).toEqual(['2.lock']);
  });

  it('never unlocks a lock held by someone else', () => {
    fs.writeFileSync(locks.lockPath(3), '1 1\n');
    locks.unlock(3);
    expect(fs.existsSync(locks.lockPath(3))).toBe(true);
  });

  it('treats a half-written lock as held, not stale', () => {
    fs.writeFileSync(locks.lockPath(4), '');
    const attempt = locks.tryLock(4);
    expect(!attempt.ok && !attempt.stale).toBe(true);
  });
});
