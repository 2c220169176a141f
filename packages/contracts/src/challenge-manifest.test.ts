import { describe, expect, it } from 'vitest';
import { ChallengeManifestSchema } from './challenge-manifest.js';

const valid = {
  format: 1,
  kind: 'project',
  slug: 'python-stats',
  title: 'Statistics',
  summary: 'Implement mean and median.',
  difficulty: 'easy',
  suggestedMinutes: 45,
  language: { id: 'python3', runtime: 'Python 3.11' },
  readOnly: ['run_tests.py'],
  test: ['/usr/bin/python3', '-B', 'run_tests.py'],
  results: 'junit',
  criteria: [{ id: 'mean', name: 'Mean', weight: 1, tests: ['tests.hidden.MeanTest.test_mean'] }],
};

const issues = (input: unknown): string[] => {
  const result = ChallengeManifestSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
};

describe('ChallengeManifestSchema', () => {
  it('accepts a minimal manifest and fills the folder defaults', () => {
    const manifest = ChallengeManifestSchema.parse(valid);
    expect(manifest).toMatchObject({
      statement: 'README.md',
      starter: 'starter',
      solution: 'solution',
      tests: { sample: 'tests/sample', hidden: 'tests/hidden' },
      tags: [],
    });
  });

  it('refuses paths that leave the challenge or project', () => {
    expect(issues({ ...valid, readOnly: ['../etc/passwd'] })).toEqual(['readOnly.0']);
    expect(issues({ ...valid, starter: '/abs' })).toEqual(['starter']);
    expect(issues({ ...valid, tests: { sample: 'tests//sample' } })).toEqual(['tests.sample']);
  });

  it('refuses an argv command that does not start with an absolute path', () => {
    expect(issues({ ...valid, test: ['python3', 'run_tests.py'] })).not.toEqual([]);
    expect(issues({ ...valid, test: 'python3 run_tests.py' })).toEqual([]);
  });

  it('refuses duplicate criteria, duplicate tests and empty criteria', () => {
    const criterion = valid.criteria[0];
    expect(issues({ ...valid, criteria: [criterion, criterion] })).toEqual(['criteria.1.id']);
    expect(issues({ ...valid, criteria: [{ ...criterion, tests: ['a', 'a'] }] })).toEqual([
      'criteria.0.tests',
    ]);
    expect(issues({ ...valid, criteria: [] })).toEqual(['criteria']);
    expect(issues({ ...valid, criteria: [{ ...criterion, weight: 0 }] })).toEqual(['criteria.0.weight']);
  });

  it('refuses unknown keys and an env without its requirements', () => {
    expect(issues({ ...valid, hidden: 'tests/hidden' })).toEqual(['']);
    expect(issues({ ...valid, env: { kind: 'debian', packages: [] } })).toEqual(['env.packages']);
    expect(issues({ ...valid, env: { kind: 'npm' } })).toEqual([]);
  });
});
