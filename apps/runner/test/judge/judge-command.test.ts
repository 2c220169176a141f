import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runJudgeCommand } from '../../src/cli/judge-command.js';
import type { JudgeResult } from '../../src/judge/judge-types.js';
import { captureIo } from './command-io.js';

const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/problems');
const average = join(FIXTURES, 'average');
const scratch = mkdtempSync(join(tmpdir(), 'assay-judge-'));

function write(name: string, content: string | Buffer): string {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
}

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('assay judge', () => {
  it(
    '--json prints exactly one JSON object with verdict, score, maxScore and tests',
    { timeout: 300_000 },
    async () => {
      const io = captureIo();
      const code = await runJudgeCommand(
        [average, join(average, 'submissions/accepted/average.py'), '--json'],
        io,
      );
      expect(code).toBe(0);
      const lines = io.out().trim().split('\n');
      expect(lines).toHaveLength(1);
      const result = JSON.parse(lines[0] ?? '') as JudgeResult;
      expect(result).toMatchObject({ verdict: 'AC', score: 1, maxScore: 1 });
      expect(result.tests.map((t) => [t.id, t.verdict, t.sample])).toEqual([
        ['sample/1', 'AC', true],
        ['secret/1', 'AC', false],
        ['secret/2', 'AC', false],
      ]);
      for (const t of result.tests) {
        expect(t.cpuMs).toBeGreaterThanOrEqual(0);
        expect(t.wallMs).toBeGreaterThan(0);
        expect(t.peakMemoryBytes).toBeGreaterThan(0);
      }
      expect(result.tests[0]?.output).toMatch(/^2\.33333/);
    },
  );

  it(
    'reports CE with the compiler output, and stops a pass-fail problem at the first failure',
    { timeout: 300_000 },
    async () => {
      const ce = captureIo();
      expect(await runJudgeCommand([average, write('bad.cpp', 'int main( {'), '--json'], ce)).toBe(0);
      const compiled = JSON.parse(ce.out()) as JudgeResult;
      expect(compiled.verdict).toBe('CE');
      expect(compiled.compileOutput).toMatch(/error/);

      const wa = captureIo();
      expect(
        await runJudgeCommand([average, write('wa.py', 'print(0)\n'), '--language', 'Python 3'], wa),
      ).toBe(0);
      expect(wa.out()).toMatch(/sample\/1 +WA/);
      expect(wa.out()).not.toMatch(/secret\/1/);
      expect(wa.out()).toMatch(/Verdict: WA/);
    },
  );

  it('names the supported languages for an unknown extension', async () => {
    const io = captureIo();
    expect(await runJudgeCommand([average, write('x.cobol', 'DISPLAY 1')], io)).not.toBe(0);
    expect(io.err()).toMatch(/Unknown file extension "\.cobol"\. Supported languages: .*C\+\+/);
  });

  it('says a known language without toolchain is not available (not installed)', async () => {
    const io = captureIo();
    const code = await runJudgeCommand([average, write('main.kt', 'fun main() {}')], io);
    if (existsSync('/usr/bin/kotlinc')) {
      expect(code).toBe(0);
    } else {
      expect(code).not.toBe(0);
      expect(io.err()).toMatch(/Kotlin is not available \(not installed\)/);
    }
  });

  it('rejects submissions over the size limits and malformed packages with file and line', async () => {
    const big = captureIo();
    expect(
      await runJudgeCommand([average, write('big.py', Buffer.alloc(1024 * 1024 + 1, 0x20))], big),
    ).not.toBe(0);
    expect(big.err()).toMatch(/at most 1048576 bytes/);

    const pkg = mkdtempSync(join(scratch, 'pkg-'));
    writeFileSync(join(pkg, 'problem.yaml'), 'name: Broken\nlimits:\n  memory: -5\n');
    const broken = captureIo();
    expect(await runJudgeCommand([pkg, write('ok.py', 'print(1)\n')], broken)).not.toBe(0);
    expect(broken.err()).toMatch(/^problem\.yaml:3: limits\.memory/);
  });

  it('prints usage for bad arguments', async () => {
    const io = captureIo();
    expect(await runJudgeCommand(['only-one'], io)).toBe(2);
    expect(io.err()).toMatch(/usage: assay judge/);
  });
});
