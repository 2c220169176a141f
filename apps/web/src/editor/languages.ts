import { cpp } from '@codemirror/lang-cpp';
import { go } from '@codemirror/lang-go';
import { java } from '@codemirror/lang-java';
import { javascript } from '@codemirror/lang-javascript';
import { markdown } from '@codemirror/lang-markdown';
import { python } from '@codemirror/lang-python';
import { rust } from '@codemirror/lang-rust';
import { sql } from '@codemirror/lang-sql';
import type { Extension } from '@codemirror/state';

/** The file name's extension, lower-cased (`src/Main.JAVA` → `java`); '' when there is none. */
export function fileExtension(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

const byExtension: Record<string, () => Extension> = {
  js: () => javascript(),
  mjs: () => javascript(),
  cjs: () => javascript(),
  jsx: () => javascript({ jsx: true }),
  ts: () => javascript({ typescript: true }),
  mts: () => javascript({ typescript: true }),
  cts: () => javascript({ typescript: true }),
  tsx: () => javascript({ typescript: true, jsx: true }),
  json: () => javascript(),
  py: () => python(),
  java: () => java(),
  kt: () => java(),
  c: () => cpp(),
  h: () => cpp(),
  cc: () => cpp(),
  cpp: () => cpp(),
  cxx: () => cpp(),
  hpp: () => cpp(),
  hh: () => cpp(),
  rs: () => rust(),
  go: () => go(),
  sql: () => sql(),
  md: () => markdown(),
  markdown: () => markdown(),
};

/** Syntax highlighting for a file, chosen by its extension; plain text for anything else. */
export function languageFor(path: string): Extension {
  const make = byExtension[fileExtension(path)];
  return make ? make() : [];
}

/** The language names a test offers (`python`, `cpp`…) → a sample file name for practice mode. */
export function practiceFileName(language: string | undefined): string {
  switch ((language ?? '').toLowerCase()) {
    case 'python':
    case 'python3':
      return 'practice.py';
    case 'java':
      return 'Practice.java';
    case 'c':
      return 'practice.c';
    case 'cpp':
    case 'c++':
      return 'practice.cpp';
    case 'rust':
      return 'practice.rs';
    case 'go':
      return 'practice.go';
    case 'sql':
      return 'practice.sql';
    case 'javascript':
    case 'node':
      return 'practice.js';
    default:
      return 'practice.ts';
  }
}
