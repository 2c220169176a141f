import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialect } from '../support/test-db.js';
import {
  at,
  buildGradingHarness,
  packageSubmission,
  resultOf,
  solutionFiles,
  type GradingHarness,
} from './grading-harness.js';
import { sandboxBackendOrSkip } from './sandbox-backend.js';

// The whole path on the real sandbox: repository archive → grading job → runner → gradings row →
// invitation graded with the score. Under CI=true a missing sandbox fails.
const { backend, reason } = await sandboxBackendOrSkip();

describe.skipIf(backend === null)(`grading on the real sandbox (${testDialect})`, () => {
  let h: GradingHarness;

  beforeAll(async () => {
    if (backend === null) throw new Error(reason);
    h = await buildGradingHarness({ execution: backend });
  }, 120_000);
  afterAll(async () => {
    await h.close();
    await backend?.close();
  });

  it('grades the reference solution of python-signup-cleaning 100 and its starter below 30', async () => {
    const solved = await h.submit({
      kind: 'project',
      slugs: ['python-signup-cleaning'],
      changes: solutionFiles('python-signup-cleaning'),
    });
    const starter = await h.submit({
      kind: 'project',
      slugs: ['python-signup-cleaning'],
      changes: new Map(),
    });
    await h.drain();

    const solvedRow = await h.gradingRow(solved.invitationId);
    expect(solvedRow.status, solvedRow.log).toBe('graded');
    expect(solvedRow.score, solvedRow.log).toBe(100);
    expect(await h.invitationRow(solved.invitationId)).toMatchObject({ status: 'graded', score: 100 });
    const result = resultOf(solvedRow);
    expect(result.kind === 'project' && result.buildPassed).toBe(true);
    expect(result.criteria.every((c) => c.failed.length === 0 && c.points === c.weight)).toBe(true);

    const starterRow = await h.gradingRow(starter.invitationId);
    expect(starterRow.status, starterRow.log).toBe('graded');
    expect(starterRow.score).toBeLessThan(30);
    const invitation = await h.invitationRow(starter.invitationId);
    expect(invitation.status).toBe('graded');
    expect(invitation.score).toBe(starterRow.score);
  }, 300_000);

  it('grades a problems submission: an accepted solution 100, a wrong one below', async () => {
    const sub = await h.submit({
      kind: 'problems',
      slugs: ['anagram-groups', 'even-pairs'],
      changes: new Map([
        ['anagram-groups/solution.py', packageSubmission('anagram-groups', 'accepted/anagram_groups.py')],
        ['even-pairs/solution.py', packageSubmission('even-pairs', 'wrong_answer/negative_odd.py')],
      ]),
      language: 'python3',
    });
    await h.drain();
    const row = await h.gradingRow(sub.invitationId);
    expect(row.status, row.log).toBe('graded');
    const result = resultOf(row);
    if (result.kind !== 'problems') throw new Error('not a problems result');
    expect(result.problems.map((p) => [p.slug, p.verdict, p.language])).toEqual([
      ['anagram-groups', 'AC', 'python3'],
      ['even-pairs', 'WA', 'python3'],
    ]);
    expect(at(result.problems, 0).score).toBe(100);
    expect(at(result.problems, 1).score).toBeLessThan(100);
    expect(at(result.criteria, 1).failed.length).toBeGreaterThan(0);
    expect(row.score).toBeLessThan(100);
    expect(row.score).toBeGreaterThanOrEqual(50);
    expect(await h.invitationRow(sub.invitationId)).toMatchObject({ status: 'graded', score: row.score });
  }, 300_000);
});
