/**
 * Cross-process slot claims (sandbox.md §2): `/run/assay/slots/<N>.lock`, created with O_EXCL and
 * holding "<pid> <start time>". A lock whose owner is gone is taken over after the slot is cleaned.
 */
import fs from 'node:fs';
import path from 'node:path';
import { processStartTime } from './box-files.js';

export const DEFAULT_SLOTS_DIR = '/run/assay/slots';

const ownStart = processStartTime(process.pid) ?? '0';
const ownToken = `${String(process.pid)} ${ownStart}\n`;

export type LockAttempt = { ok: true } | { ok: false; holder: number | null; stale: boolean; token: string };

/** Lock files for one slots directory. */
export class SlotLocks {
  constructor(readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  lockPath(index: number): string {
    return path.join(this.dir, `${String(index)}.lock`);
  }

  /** Tries to take the lock of slot `index`. */
  tryLock(index: number): LockAttempt {
    const file = this.lockPath(index);
    try {
      const fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600);
      try {
        fs.writeSync(fd, ownToken);
      } finally {
        fs.closeSync(fd);
      }
      return { ok: true };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let token = '';
    try {
      token = fs.readFileSync(file, 'utf8');
    } catch {
      return { ok: false, holder: null, stale: false, token: '' }; // released meanwhile: retry soon
    }
    const [pidText, start] = token.trim().split(' ');
    const pid = Number(pidText);
    // An empty or half-written file is a claim in progress, not a stale one.
    if (!Number.isInteger(pid) || pid <= 0 || start === undefined)
      return { ok: false, holder: null, stale: false, token };
    const alive = processStartTime(pid) === start;
    return { ok: false, holder: pid, stale: !alive, token };
  }

  /**
   * Takes over slot `index` whose lock holds the dead owner's `token`. Serialised by a
   * `<N>.break` guard file, so two processes taking over at once cannot both win. Returns true
   * when this process now holds the lock (the caller must clean the slot before use).
   */
  takeOver(index: number, token: string): boolean {
    const guard = path.join(this.dir, `${String(index)}.break`);
    try {
      fs.writeFileSync(guard, ownToken, { flag: 'wx', mode: 0o600 });
    } catch {
      // Someone else is taking over; if that someone died, drop its guard for the next round.
      try {
        const [pid, start] = fs.readFileSync(guard, 'utf8').trim().split(' ');
        if (start !== undefined && processStartTime(Number(pid)) !== start) fs.rmSync(guard, { force: true });
      } catch {
        // gone already
      }
      return false;
    }
    try {
      this.breakStale(index, token);
      return this.tryLock(index).ok;
    } finally {
      fs.rmSync(guard, { force: true });
    }
  }

  /** Removes the lock if it still holds `token`: renamed away first, put back if it changed meanwhile. */
  private breakStale(index: number, token: string): void {
    const file = this.lockPath(index);
    const aside = `${file}.stale-${String(process.pid)}-${String(Date.now())}`;
    try {
      fs.renameSync(file, aside);
    } catch {
      return;
    }
    let moved = '';
    try {
      moved = fs.readFileSync(aside, 'utf8');
    } catch {
      // unreadable: treat as not ours
    }
    if (moved !== token) {
      // Someone else's fresh claim: put it back (link fails if a newer one exists, which is fine too).
      try {
        fs.linkSync(aside, file);
      } catch {
        // ignore
      }
    }
    fs.rmSync(aside, { force: true });
  }

  /** Releases a lock this process holds. */
  unlock(index: number): void {
    const file = this.lockPath(index);
    try {
      if (fs.readFileSync(file, 'utf8') === ownToken) fs.unlinkSync(file);
    } catch {
      // already gone
    }
  }
}
