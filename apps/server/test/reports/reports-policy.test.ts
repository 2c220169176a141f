import { describe, expect, it } from 'vitest';
import { histogramOf, percentileOf, scaleCriteria } from '../../src/modules/reports/index.js';
import { pdfFileName, trimMessage } from '../../src/modules/reports/reports.policy.js';
import { pdfText } from '../../src/modules/reports/reports.pdf.js';

describe('report rules', () => {
  it('scales weights to 100 and applies overrides on that scale', () => {
    const criteria = [
      { id: 'a', weight: 2, points: 1 },
      { id: 'b', weight: 6, points: 6 },
    ];
    const plain = scaleCriteria(criteria, new Map());
    expect(plain.criteria.map((c) => [c.maxPoints, c.automaticPoints])).toEqual([
      [25, 12.5],
      [75, 75],
    ]);
    expect(plain).toMatchObject({ automaticTotal: 87.5, total: 87.5 });
    expect(scaleCriteria(criteria, new Map([['a', 25]]))).toMatchObject({ automaticTotal: 87.5, total: 100 });
    expect(scaleCriteria([], new Map())).toMatchObject({ criteria: [], total: 0 });
    // Points beyond the weight are clamped.
    expect(scaleCriteria([{ id: 'x', weight: 1, points: 3 }], new Map()).total).toBe(100);
  });

  it('percentile: lower plus half of the equal ones, null below two', () => {
    expect(percentileOf(80, [80])).toBeNull();
    expect(percentileOf(null, [10, 20])).toBeNull();
    expect(percentileOf(80, [60, 80])).toBe(75);
    expect(percentileOf(100, [100, 100, 100, 100])).toBe(50);
    expect(percentileOf(0, [0, 50, 60])).toBe(16.7);
  });

  it('histogram: ten buckets, 100 in the last, 9.99 in the first', () => {
    expect(histogramOf([0, 9.99, 10, 55, 89.99, 90, 100])).toEqual([2, 1, 0, 0, 0, 1, 0, 0, 1, 2]);
  });

  it('trims messages, names PDFs safely and keeps PDF text drawable', () => {
    expect(trimMessage('  short  ')).toBe('short');
    expect(trimMessage('x'.repeat(10), 5)).toBe('xxxx…');
    expect(trimMessage(null)).toBeNull();
    expect(pdfFileName('Zoë "D" ../../etc', 'Backend / API')).toBe('report-zoe-d-etc-backend-api.pdf');
    expect(pdfFileName('李小龍', '')).toBe('report.pdf');
    expect(pdfText('Zoë — 李\u0007')).toBe('Zoë — ?');
  });
});
