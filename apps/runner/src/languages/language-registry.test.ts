import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandArgv } from './language-command.js';
import {
  detectLanguage,
  findLanguageByName,
  LanguageDefinitionError,
  loadLanguageDefinitions,
  pickMainFile,
} from './language-registry.js';
import { findJavaPublicClass, kotlinMainClass } from './source-naming.js';

describe('language definitions', () => {
  const languages = loadLanguageDefinitions();

  it('loads and validates every language.json', () => {
    expect(languages.map((l) => l.id)).toEqual(
      expect.arrayContaining([
        'c',
        'cpp',
        'java',
        'python3',
        'javascript',
        'typescript',
        'rust',
        'go',
        'kotlin',
      ]),
    );
    for (const l of languages) {
      expect(l.detect.every((p) => p.startsWith('/usr/') || p.startsWith('/etc/'))).toBe(true);
      expect(l.run.argv[0]?.startsWith('/usr/') || l.run.argv[0]?.startsWith('/out/')).toBe(true);
    }
  });

  it('uses the sandbox.md §5 commands', () => {
    const byId = (id: string) => languages.find((l) => l.id === id);
    expect(byId('c')?.compile?.argv).toEqual([
      '/usr/bin/gcc',
      '-std=gnu17',
      '-O2',
      '-pipe',
      '-o',
      '/out/main',
      '{files}',
      '-lm',
    ]);
    expect(byId('java')?.binds.map((b) => b.src)).toEqual(['/etc/java-17-openjdk', '/etc/alternatives']);
    expect(byId('python3')?.limits.addressSpaceExtraMiB).toBe(128);
    expect(byId('javascript')?.limits.addressSpaceExtraMiB).toBeNull();
  });

  it('rejects a malformed definition naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'assay-lang-'));
    try {
      mkdirSync(join(dir, 'bad/1'), { recursive: true });
      writeFileSync(join(dir, 'bad/1/language.json'), JSON.stringify({ id: 'bad', run: {} }));
      expect(() => loadLanguageDefinitions(dir)).toThrow(LanguageDefinitionError);
      expect(() => loadLanguageDefinitions(dir)).toThrow(/bad\/1\/language\.json/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('detects languages from extensions and names', () => {
    expect(detectLanguage(languages, ['solution.cc'])?.id).toBe('cpp');
    expect(detectLanguage(languages, ['X.PY'])?.id).toBe('python3');
    expect(detectLanguage(languages, ['a.txt'])).toBeUndefined();
    expect(findLanguageByName(languages, 'C++')?.id).toBe('cpp');
    expect(findLanguageByName(languages, 'Python 3')?.id).toBe('python3');
    expect(findLanguageByName(languages, 'ts')?.id).toBe('typescript');
  });
});

describe('Kattis naming', () => {
  it('picks main.* (any case), else the first file by name', () => {
    expect(pickMainFile(['whatever.py'])).toBe('whatever.py');
    expect(pickMainFile(['b.py', 'Main.py', 'a.py'])).toBe('Main.py');
    expect(pickMainFile(['b.py', 'a.py'])).toBe('a.py');
  });

  it('finds the public Java class, ignoring comments and strings', () => {
    const src =
      '/* public class Fake */\nimport java.util.*;\nclass Helper {}\npublic final class Real {\n String s = "public class No";\n}';
    expect(findJavaPublicClass(src)).toBe('Real');
    expect(findJavaPublicClass('class OnlyPackagePrivate {}')).toBeUndefined();
    expect(kotlinMainClass('solve.kt')).toBe('SolveKt');
  });

  it('expands argv placeholders', () => {
    const ctx = { files: ['a.c', 'b.c'], mainFile: 'Main.java', mainClass: 'Main', memoryMiB: 256 };
    expect(
      expandArgv(
        [
          '/usr/bin/x',
          '{files}',
          '-Xmx{mem-64}m',
          '{mainfile}',
          '{mainclass}',
          '/out/{mainstem}.js',
          '{mem}',
        ],
        ctx,
      ),
    ).toEqual([
      '/usr/bin/x',
      '/src/a.c',
      '/src/b.c',
      '-Xmx192m',
      '/src/Main.java',
      'Main',
      '/out/Main.js',
      '256',
    ]);
  });
});
