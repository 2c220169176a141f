import { describe, expect, it } from 'vitest';
import { jsonErrorOffset } from './json-error-offset.js';
import { texToMarkdown } from './tex-markdown.js';

describe('texToMarkdown', () => {
  it('converts the Kattis statement subset', () => {
    const tex = [
      '\\problemname{Meeting Rooms}',
      '% a comment',
      'Find the \\textbf{minimum} number of rooms for $n \\le 10^5$ meetings (100\\% sure).',
      '',
      '\\section*{Input}',
      '\\begin{enumerate}',
      '\\item the count, \\emph{then}',
      '\\item the \\texttt{start end} pairs',
      '\\end{enumerate}',
      '$$\\sum_i x_i$$',
      '\\begin{verbatim}',
      '2',
      '1 3',
      '\\end{verbatim}',
      'See \\href{https://example.com}{the site}.',
    ].join('\n');
    const md = texToMarkdown(tex);
    expect(md).toContain('# Meeting Rooms');
    expect(md).not.toContain('a comment');
    expect(md).toContain('**minimum**');
    expect(md).toContain('$n \\le 10^5$');
    expect(md).toContain('(100% sure)');
    expect(md).toContain('## Input');
    expect(md).toContain('1. the count, *then*');
    expect(md).toContain('1. the `start end` pairs');
    expect(md).toContain('$$\n\\sum_i x_i\n$$');
    expect(md).toContain('```\n2\n1 3\n```');
    expect(md).toContain('[the site](https://example.com)');
  });

  it('drops unknown commands but keeps their text, and never emits raw braces or backslashes', () => {
    const md = texToMarkdown('\\foo{kept} \\bar plain {group}');
    expect(md.trim()).toBe('kept  plain group');
  });
});

describe('jsonErrorOffset', () => {
  it('finds the first syntax error (undefined when valid)', () => {
    expect(jsonErrorOffset('{"a": [1, 2.5e3, true, null, "x\\n"]}')).toBeUndefined();
    const text = '{\n  "a": 1,\n  "b": \n}';
    expect(jsonErrorOffset(text)).toBe(text.indexOf('}'));
    expect(jsonErrorOffset('{"a": 1} x')).toBe(9);
    expect(jsonErrorOffset('{"a": 01}')).toBe(7);
    expect(jsonErrorOffset('')).toBe(0);
  });
});
