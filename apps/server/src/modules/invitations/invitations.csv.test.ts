import { describe, expect, it } from 'vitest';
import { csvCell, parseBulkCsv, toCsv } from './invitations.csv.js';

describe('invitation CSV', () => {
  it('neutralizes formula-looking cells and quotes every cell', () => {
    expect(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', 'plain', 'a "q"'].map(csvCell)).toEqual([
      `"'=1+1"`,
      `"'+1"`,
      `"'-1"`,
      `"'@SUM(A1)"`,
      `"'\tx"`,
      '"plain"',
      '"a ""q"""',
    ]);
    expect(csvCell(null)).toBe('""');
    expect(
      toCsv([
        ['a', 1],
        ['b', null],
      ]),
    ).toBe('"a","1"\r\n"b",""\r\n');
  });

  it('reads the header in any order and counts lines from the header, skipping blank lines', () => {
    const rows = parseBulkCsv('\uFEFFEmail,Name\r\na@example.test,Ann\r\n\r\nb@example.test,"Bo, Jr."\r\n');
    expect(rows).toEqual([
      { line: 2, name: 'Ann', email: 'a@example.test', atsUrl: undefined },
      { line: 4, name: 'Bo, Jr.', email: 'b@example.test', atsUrl: undefined },
    ]);
  });

  it('refuses a file without name and email columns', () => {
    expect(() => parseBulkCsv('first,last\nA,B\n')).toThrow(/header/);
  });
});
