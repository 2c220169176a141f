import { describe, expect, it } from 'vitest';
import { SubmissionLimits } from '@assay/contracts';
import { loadLanguageDefinitions } from '../languages/language-registry.js';
import { prepareSubmission, SubmissionError } from './submission-files.js';

const known = loadLanguageDefinitions();
const file = (name: string, content = 'x') => ({ name, content: Buffer.from(content) });

describe('prepareSubmission', () => {
  it('saves a lone Java file under its public class name', () => {
    const prepared = prepareSubmission([file('whatever.java', 'public class Solver { }')], known, known);
    expect(prepared.files.map((f) => f.name)).toEqual(['Solver.java']);
    expect(prepared.mainClass).toBe('Solver');
  });

  it('runs the class holding main when a lone Java file has no public class', () => {
    const prepared = prepareSubmission(
      [file('x.java', 'class Helper {}\nclass Runner { static void main(String[] a) {} }')],
      known,
      known,
    );
    expect(prepared.files.map((f) => f.name)).toEqual(['x.java']);
    expect(prepared.mainClass).toBe('Runner');
  });

  it('picks the main file among sources (headers do not count)', () => {
    const prepared = prepareSubmission([file('helper.h'), file('solve.cpp'), file('util.cpp')], known, known);
    expect(prepared.language.id).toBe('cpp');
    expect(prepared.mainFile).toBe('solve.cpp');
    expect(prepareSubmission([file('b.py'), file('MAIN.py')], known, known).mainFile).toBe('MAIN.py');
  });

  it('names the supported languages for an unknown extension', () => {
    expect(() => prepareSubmission([file('a.cob')], known, known)).toThrow(
      /Unknown file extension "\.cob"\. Supported languages: .*Python 3 \(\.py/,
    );
    expect(() => prepareSubmission([file('a.py')], known, known, 'cobol')).toThrow(
      /Unknown language "cobol"/,
    );
  });

  it('says a known language is not available when its toolchain is missing', () => {
    const withoutRust = known.filter((l) => l.id !== 'rust');
    expect(() => prepareSubmission([file('main.rs')], known, withoutRust)).toThrow(
      'Rust is not available (not installed).',
    );
  });

  it('enforces the shared size limits', () => {
    const big = { name: 'a.py', content: Buffer.alloc(SubmissionLimits.maxFileBytes + 1) };
    expect(() => prepareSubmission([big], known, known)).toThrow(SubmissionError);
    const many = Array.from({ length: SubmissionLimits.maxFiles + 1 }, (_, i) => file(`f${i}.py`));
    expect(() => prepareSubmission(many, known, known)).toThrow(/at most 500/);
    const total = Array.from({ length: 21 }, (_, i) => ({
      name: `f${i}.py`,
      content: Buffer.alloc(SubmissionLimits.maxFileBytes),
    }));
    expect(() => prepareSubmission(total, known, known)).toThrow(/20 MiB/);
    expect(() => prepareSubmission([file('../evil.py')], known, known)).toThrow(
      /Invalid submission file name/,
    );
  });
});
