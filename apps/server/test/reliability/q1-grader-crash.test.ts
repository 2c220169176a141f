import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecutionBackend } from '@assay/runner/protocol';
import {
  buildGradingHarness,
  packageSubmission,
  type GradingHarness,
  type Submission,
} from '../grading/grading-harness.js';
import { sandboxBackendOrSkip } from '../grading/sandbox-backend.js';
import { testDialect } from '../support/test-db.js';

// reliability.md Q1 at a small CI size: the real runner is SIGKILLed in the middle of grading
// jobs (as a test case reports back, so the kill lands while a sandbox runs). Every submission
// ends with exactly one graded result, no duplicates, and no sandbox process outlives its runner.
const SUBMISSIONS = process.env.ASSAY_SOAK === '1' ? 40 : 6;
const KILL_ON_CALLS = process.env.ASSAY_SOAK === '1' ? [2, 5, 9, 14, 20] : [2, 4];
const SLOT_UID_BASE = 61000;

const { backend: real, reason } = await sandboxBackendOrSkip();

/** Pids of this process's `assay-runner` children. */
function runnerPids(): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const status = readFileSync(`/proc/${name}/status`, 'utf8');
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]);
      if (ppid !== process.pid) continue;
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').includes('assay-runner')) pids.push(Number(name));
    } catch {
      // the process exited meanwhile
    }
  }
  return pids;
}

/** The parent of every process (a snapshot of /proc). */
function parents(): Map<number, number> {
  const map = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      map.set(
        Number(name),
        Number(/^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${name}/status`, 'utf8'))?.[1]),
      );
    } catch {
      // the process exited meanwhile
    }
  }
  return map;
}

/** Every descendant of `pid` (the runner's bwrap launchers and sandboxed programs). */
function descendants(pid: number): number[] {
  const map = parents();
  const found: number[] = [];
  let frontier = [pid];
  while (frontier.length > 0) {
    const next = [...map].filter(([, ppid]) => frontier.includes(ppid)).map(([child]) => child);
    found.push(...next);
    frontier = next;
  }
  return found;
}

/** Those of `pids` still alive as a sandbox slot uid (61000+). */
function survivingSandboxes(pids: readonly number[]): number[] {
  return pids.filter((pid) => {
    try {
      const uid = Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
      return uid >= SLOT_UID_BASE && uid < SLOT_UID_BASE + 1000;
    } catch {
      return false;
    }
  });
}

describe.skipIf(real === null)(`Q1 grader crash (${testDialect})`, () => {
  let h: GradingHarness;
  let judgeCalls = 0;
  let kills = 0;
  /** Processes under the killed runners at the moment of each kill. */
  const sandboxPids: number[] = [];
  // The real runner, with a kill of its process when a chosen call reports its first test case.
  const killing: ExecutionBackend | null = real && {
    languages: () => real.languages(),
    health: () => real.health(),
    runProject: (request, options) => real.runProject(request, options),
    close: () => real.close(),
    judge(request, options) {
      const call = ++judgeCalls;
      let killed = false;
      return real.judge(request, {
        ...options,
        onTest: (test) => {
          options?.onTest?.(test);
          if (killed || !KILL_ON_CALLS.includes(call)) return;
          killed = true;
          for (const pid of runnerPids()) {
            sandboxPids.push(...descendants(pid));
            process.kill(pid, 'SIGKILL');
          }
          kills++;
        },
      });
    },
  };

  beforeAll(async () => {
    if (killing === null) throw new Error(reason);
    h = await buildGradingHarness({ execution: killing });
  }, 120_000);
  afterAll(async () => {
    await h.close();
    await real?.close();
  });

  it('every submission ends with exactly one graded result and no duplicates', async () => {
    const accepted = packageSubmission('anagram-groups', 'accepted/anagram_groups.py');
    const submissions: Submission[] = [];
    for (let i = 0; i < SUBMISSIONS; i++) {
      submissions.push(
        await h.submit({
          kind: 'problems',
          slugs: ['anagram-groups'],
          changes: new Map([
            ['anagram-groups/solution.py', Buffer.concat([accepted, Buffer.from(`\n# ${i}\n`)])],
          ]),
        }),
      );
    }
    await h.drainWithRetries(4);
    expect(kills).toBe(KILL_ON_CALLS.length);

    for (const sub of submissions) {
      const rows = await h.gradingRows(sub.invitationId);
      expect(
        rows.map((r) => [r.number, r.status, r.score]),
        rows[0]?.log,
      ).toEqual([[1, 'graded', 100]]);
      expect(await h.invitationRow(sub.invitationId)).toMatchObject({ status: 'graded', score: 100 });
      const events = await h.db
        .selectFrom('audit_events')
        .select('action')
        .where('subject_id', '=', sub.invitationId)
        .where('action', 'like', 'invitations.%')
        .execute();
      expect(events.map((e) => e.action)).toEqual(['invitations.graded']);
    }
    expect(await h.jobs.deadLetters.listDeadJobs({ organizationId: h.org.id, limit: 50 })).toEqual([]);
    // The killed runners' sandboxes did not survive them (bwrap --die-with-parent).
    expect(sandboxPids.length).toBeGreaterThan(0);
    expect(survivingSandboxes(sandboxPids)).toEqual([]);
  }, 600_000);
});
