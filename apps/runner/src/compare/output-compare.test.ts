import { describe, expect, it } from 'vitest';
import { compareOptionsFromFlags, compareOutput } from './output-compare.js';

const b = (s: string): Buffer => Buffer.from(s, 'latin1');

describe('compareOutput', () => {
  it('tokens: ignores whitespace and case by default (Kattis default validator)', () => {
    expect(compareOutput(b('  Hello\n\n World \n'), b('hello world\n'), { mode: 'tokens' }).accepted).toBe(
      true,
    );
    expect(compareOutput(b('hello'), b('hello world'), { mode: 'tokens' })).toMatchObject({
      accepted: false,
    });
    expect(compareOutput(b('hello world extra'), b('hello world'), { mode: 'tokens' }).message).toMatch(
      /trailing output/,
    );
  });

  it('tokens: case_sensitive and space_change_sensitive flags', () => {
    const caseSensitive = compareOptionsFromFlags(['case_sensitive']);
    expect(compareOutput(b('Hello'), b('hello'), caseSensitive).accepted).toBe(false);
    const spaces = compareOptionsFromFlags(['space_change_sensitive']);
    expect(compareOutput(b('a  b\n'), b('a b\n'), spaces).accepted).toBe(false);
    expect(compareOutput(b('a b\n'), b('a b\n'), spaces).accepted).toBe(true);
    expect(compareOutput(b('a b'), b('a b\n'), spaces).accepted).toBe(false);
  });

  it('float: absolute and relative tolerance', () => {
    const opts = compareOptionsFromFlags(['float_tolerance', '1e-6']);
    expect(compareOutput(b('1.0000005'), b('1'), opts).accepted).toBe(true);
    expect(compareOutput(b('1.00001'), b('1'), opts).accepted).toBe(false);
    expect(compareOutput(b('1000000.5'), b('1000000'), opts).accepted).toBe(true); // relative
    expect(compareOutput(b('abc'), b('1.5'), opts).accepted).toBe(false);
    const absOnly = compareOptionsFromFlags(['float_absolute_tolerance', '0.1']);
    expect(compareOutput(b('1000000.5'), b('1000000'), absOnly).accepted).toBe(false);
    expect(compareOutput(b('2.05 x'), b('2 X'), absOnly).accepted).toBe(true);
  });

  it('exact and trim modes', () => {
    expect(compareOutput(b('a\n'), b('a\n'), { mode: 'exact' }).accepted).toBe(true);
    expect(compareOutput(b('a \n'), b('a\n'), { mode: 'exact' }).accepted).toBe(false);
    expect(compareOutput(b('a  \nb\t\n\n\n'), b('a\nb'), { mode: 'trim' }).accepted).toBe(true);
    expect(compareOutput(b(' a\nb'), b('a\nb'), { mode: 'trim' })).toMatchObject({
      accepted: false,
      message: expect.stringMatching(/line 1/) as unknown,
    });
  });

  it('handles non-UTF-8 and binary output byte for byte', () => {
    const junk = Buffer.from([0xff, 0xfe, 0x00, 0x80, 0x0a]);
    expect(compareOutput(junk, b('42\n'), { mode: 'tokens' }).accepted).toBe(false);
    expect(compareOutput(junk, Buffer.from(junk), { mode: 'exact' }).accepted).toBe(true);
    // Only ASCII letters fold: 0xC9 (É in latin1) does not equal 0xE9.
    expect(compareOutput(Buffer.from([0xc9]), Buffer.from([0xe9]), { mode: 'tokens' }).accepted).toBe(false);
  });
});
