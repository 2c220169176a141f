import { describe, expect, it } from 'vitest';
import { scoreCriteria, type ManifestCriterion } from './criteria-scoring.js';

const criteria: ManifestCriterion[] = [
  { id: 'api', name: 'API', weight: 3, tests: ['api > lists', 'api > creates'] },
  { id: 'edge', name: 'Edge cases', weight: 1, tests: ['edge > empty'] },
];
const passed = (id: string) => ({ id, status: 'passed' });

describe('scoreCriteria', () => {
  it('gives full marks when every expected case passed, ignoring unknown cases', () => {
    const score = scoreCriteria(criteria, {
      buildPassed: true,
      cases: [
        passed('api > lists'),
        passed('api > creates'),
        passed('edge > empty'),
        { id: 'extra', status: 'failed' },
      ],
    });
    expect(score.total).toBe(100);
    expect(score.criteria.map((c) => c.points)).toEqual([3, 1]);
    expect(score.criteria[0]?.passed).toEqual(['api > lists', 'api > creates']);
  });

  it('fails missing, duplicated and non-passing cases, with messages', () => {
    const score = scoreCriteria(criteria, {
      buildPassed: true,
      cases: [passed('api > lists'), passed('api > lists'), { id: 'api > creates', status: 'skipped' }],
    });
    expect(score.total).toBe(0);
    expect(score.criteria[0]).toMatchObject({
      points: 0,
      passed: [],
      failed: ['api > lists', 'api > creates'],
      messages: ['api > lists: reported 2 times', 'api > creates: skipped'],
    });
    expect(score.criteria[1]).toMatchObject({
      missing: ['edge > empty'],
      messages: ['edge > empty: not reported'],
    });
  });

  it('scores a criterion in proportion to its passing cases', () => {
    const score = scoreCriteria(criteria, {
      buildPassed: true,
      cases: [
        passed('api > lists'),
        { id: 'api > creates', status: 'failed', message: 'expected 201\nstack' },
        passed('edge > empty'),
      ],
    });
    expect(score.criteria[0]?.points).toBe(1.5);
    expect(score.criteria[0]?.messages).toEqual(['api > creates: failed: expected 201']);
    expect(score.total).toBe(62.5);
  });

  it('fails everything when the build failed', () => {
    const score = scoreCriteria(criteria, {
      buildPassed: false,
      cases: [passed('api > lists'), passed('edge > empty')],
    });
    expect(score.total).toBe(0);
    expect(score.criteria.every((c) => c.passed.length === 0 && c.messages[0] === 'build failed')).toBe(true);
    expect(score.criteria[0]?.failed).toEqual(['api > lists', 'api > creates']);
  });

  it('handles no criteria and criteria without tests', () => {
    expect(scoreCriteria([], { buildPassed: true, cases: [] }).total).toBe(0);
    expect(
      scoreCriteria([{ id: 'x', name: 'x', weight: 1, tests: [] }], { buildPassed: true, cases: [] }).total,
    ).toBe(0);
  });
});
