/** How candidate output is compared with the expected answer (sandbox.md §7). */
export interface CompareOptions {
  mode: 'tokens' | 'float' | 'exact' | 'trim';
  /** tokens/float: compare letters case-sensitively (Kattis `case_sensitive`). */
  caseSensitive?: boolean;
  /** tokens/float: whitespace must match exactly (Kattis `space_change_sensitive`). */
  spaceSensitive?: boolean;
  /** float: absolute tolerance. */
  absoluteTolerance?: number;
  /** float: relative tolerance. */
  relativeTolerance?: number;
}

export interface CompareResult {
  accepted: boolean;
  /** Staff-facing explanation of the first difference. */
  message?: string;
}

/**
 * Compares candidate output with the answer. Both are decoded as latin1 so that
 * any byte sequence (non-UTF-8, binary) is compared byte for byte.
 */
export function compareOutput(output: Buffer, answer: Buffer, options: CompareOptions): CompareResult {
  const out = output.toString('latin1');
  const ans = answer.toString('latin1');
  switch (options.mode) {
    case 'exact':
      return out === ans ? { accepted: true } : { accepted: false, message: firstLineDifference(out, ans) };
    case 'trim': {
      const a = trimLines(out);
      const b = trimLines(ans);
      return a === b ? { accepted: true } : { accepted: false, message: firstLineDifference(a, b) };
    }
    case 'tokens':
    case 'float':
      return compareTokens(out, ans, options);
  }
}

/** Trailing blanks of each line and trailing empty lines removed. */
function trimLines(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/[ \t\r]+$/, ''))
    .join('\n')
    .replace(/\n+$/, '');
}

function firstLineDifference(out: string, ans: string): string {
  const a = out.split('\n');
  const b = ans.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) {
      if (a[i] === undefined) return `line ${i + 1}: expected ${quote(b[i] ?? '')}, got end of output`;
      if (b[i] === undefined) return `line ${i + 1}: expected end of output, got ${quote(a[i] ?? '')}`;
      return `line ${i + 1}: expected ${quote(b[i] ?? '')}, got ${quote(a[i] ?? '')}`;
    }
  }
  return 'outputs differ';
}

function quote(text: string): string {
  const shown = text.length > 60 ? `${text.slice(0, 60)}…` : text;
  return JSON.stringify(shown);
}

// Kattis's default validator treats these bytes as whitespace (C isspace).
const SPACE_RUN = /^[ \t\n\v\f\r]+$/;

/** Splits into tokens and the whitespace before each token (plus the trailing whitespace). */
function splitKeepingSpace(text: string): { tokens: string[]; spaces: string[] } {
  const parts = text.split(/([ \t\n\v\f\r]+)/);
  const tokens: string[] = [];
  const spaces: string[] = [];
  let pendingSpace = '';
  for (const part of parts) {
    if (part === '') continue;
    if (SPACE_RUN.test(part)) {
      pendingSpace += part;
    } else {
      spaces.push(pendingSpace);
      tokens.push(part);
      pendingSpace = '';
    }
  }
  spaces.push(pendingSpace);
  return { tokens, spaces };
}

const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$|^[+-]?(?:inf|infinity|nan)$/i;

function parseFloatToken(token: string): number | undefined {
  if (!FLOAT.test(token)) return undefined;
  const lower = token.toLowerCase().replace(/^\+/, '');
  if (lower === 'inf' || lower === 'infinity') return Infinity;
  if (lower === '-inf' || lower === '-infinity') return -Infinity;
  if (lower.endsWith('nan')) return NaN;
  return Number(token);
}

function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

function compareTokens(out: string, ans: string, options: CompareOptions): CompareResult {
  const o = splitKeepingSpace(out);
  const a = splitKeepingSpace(ans);
  const useFloat =
    options.mode === 'float' ||
    options.absoluteTolerance !== undefined ||
    options.relativeTolerance !== undefined;
  const abs = options.absoluteTolerance ?? (options.mode === 'float' ? 1e-6 : 0);
  const rel = options.relativeTolerance ?? (options.mode === 'float' ? 1e-6 : 0);
  for (let i = 0; i < a.tokens.length; i++) {
    const expected = a.tokens[i] ?? '';
    const got = o.tokens[i];
    if (got === undefined) {
      return { accepted: false, message: `token ${i + 1}: expected ${quote(expected)}, got end of output` };
    }
    if (options.spaceSensitive && o.spaces[i] !== a.spaces[i]) {
      return { accepted: false, message: `whitespace before token ${i + 1} differs` };
    }
    const expectedNumber = useFloat ? parseFloatToken(expected) : undefined;
    if (expectedNumber !== undefined) {
      const gotNumber = parseFloatToken(got);
      if (gotNumber === undefined) {
        return {
          accepted: false,
          message: `token ${i + 1}: expected a number close to ${quote(expected)}, got ${quote(got)}`,
        };
      }
      if (!numbersClose(gotNumber, expectedNumber, abs, rel)) {
        return {
          accepted: false,
          message: `token ${i + 1}: expected ${quote(expected)}, got ${quote(got)} (outside tolerance)`,
        };
      }
      continue;
    }
    const same = options.caseSensitive ? got === expected : asciiLower(got) === asciiLower(expected);
    if (!same)
      return { accepted: false, message: `token ${i + 1}: expected ${quote(expected)}, got ${quote(got)}` };
  }
  if (o.tokens.length > a.tokens.length) {
    return { accepted: false, message: `trailing output: ${quote(o.tokens[a.tokens.length] ?? '')}` };
  }
  if (options.spaceSensitive && o.spaces[a.tokens.length] !== a.spaces[a.tokens.length]) {
    return { accepted: false, message: 'trailing whitespace differs' };
  }
  return { accepted: true };
}

function numbersClose(got: number, expected: number, abs: number, rel: number): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(got);
  if (!Number.isFinite(expected)) return got === expected;
  if (!Number.isFinite(got)) return false;
  const diff = Math.abs(got - expected);
  return diff <= abs || diff <= rel * Math.abs(expected);
}

/**
 * Reads Kattis default-validator flags (`case_sensitive`, `space_change_sensitive`,
 * `float_tolerance e`, `float_absolute_tolerance e`, `float_relative_tolerance e`).
 * Unknown flags are ignored, as the default validator does.
 */
export function compareOptionsFromFlags(flags: readonly string[]): CompareOptions {
  const options: CompareOptions = { mode: 'tokens' };
  for (let i = 0; i < flags.length; i++) {
    const flag = flags[i];
    const value = Number(flags[i + 1]);
    switch (flag) {
      case 'case_sensitive':
        options.caseSensitive = true;
        break;
      case 'space_change_sensitive':
        options.spaceSensitive = true;
        break;
      case 'float_tolerance':
        options.mode = 'float';
        options.absoluteTolerance = value;
        options.relativeTolerance = value;
        i++;
        break;
      case 'float_absolute_tolerance':
        options.mode = 'float';
        options.absoluteTolerance = value;
        i++;
        break;
      case 'float_relative_tolerance':
        options.mode = 'float';
        options.relativeTolerance = value;
        i++;
        break;
      default:
        break;
    }
  }
  // With only one tolerance given, Kattis applies just that one.
  if (options.mode === 'float') {
    options.absoluteTolerance ??= 0;
    options.relativeTolerance ??= 0;
  }
  return options;
}
