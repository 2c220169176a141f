import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKattisPackage } from '../packages/index.js';
import type { JudgeRequest } from '../protocol/judge.schema.js';
import { applyOverrides } from './judge-handler.js';

const SUM = resolve(import.meta.dirname, '../../test/fixtures/problems/sum');
const base: JudgeRequest = { submission: { kind: 'files', files: [] }, problem: { kind: 'path', path: SUM } };

describe('applyOverrides', () => {
  const pkg = loadKattisPackage(SUM);

  it('keeps the package when nothing is overridden', () => {
    expect(applyOverrides(pkg, base)).toBe(pkg);
  });

  it('keeps only the sample group for a sample-only run', () => {
    const samples = applyOverrides(pkg, { ...base, samplesOnly: true });
    expect(samples.data.children.map((c) => c.id)).toEqual(['sample']);
    expect(pkg.data.children.length).toBeGreaterThan(1);
  });

  it('sets the memory limit and turns a compare mode into default-validator flags', () => {
    const changed = applyOverrides(pkg, {
      ...base,
      limits: { memoryBytes: 64 * 1024 ** 2 },
      compare: { mode: 'float', caseSensitive: true, floatAbsoluteTolerance: 1e-6 },
    });
    expect(changed.limits.memoryMiB).toBe(64);
    expect(changed.validatorFlags).toEqual([
      'case_sensitive',
      'float_absolute_tolerance',
      '0.000001',
      'float_relative_tolerance',
      '0',
    ]);
    expect(changed.outputValidator).toBeUndefined();
  });

  it('refuses modes the local judge cannot apply', () => {
    expect(() => applyOverrides(pkg, { ...base, compare: { mode: 'exact' } })).toThrow(/not supported/);
    expect(() => applyOverrides(pkg, { ...base, compare: { mode: 'checker' } })).toThrow(
      /no output validator/,
    );
  });
});
