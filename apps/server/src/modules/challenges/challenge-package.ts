import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { LineCounter, isNode, parse as parseYaml, parseDocument } from 'yaml';
import { loadKattisPackage, PackageError } from '@assay/runner';
import {
  ChallengeManifestSchema,
  RUNNER_LANGUAGE_IDS,
  type ChallengeDifficulty,
  type ChallengeKind,
  type PackageProblem,
} from '@assay/contracts';
import { PackageInvalidError, packageProblem } from './challenges.errors.js';
import { texToMarkdown } from './tex-markdown.js';
import { jsonErrorOffset } from './json-error-offset.js';

/** A validated package, ready to store as a challenge version. */
export interface ParsedPackage {
  kind: ChallengeKind;
  slug: string;
  title: string;
  summary: string;
  difficulty: ChallengeDifficulty | null;
  languages: string[];
  suggestedMinutes: number | null;
  tags: string[];
  /** challenge.json (project) or a summary of the Kattis package (algorithmic). */
  manifest: unknown;
  statementMarkdown: string;
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** `Even Pairs!` → `even-pairs` (at most 64 characters). */
export function toSlug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() === true;
}
async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() === true;
}

/**
 * Validates a package folder (already checked for links and limits) and reads what the library
 * shows. `slugHint` (folder or archive name) is the slug of a Kattis package. Throws
 * PackageInvalidError naming the file and the line or field.
 */
export async function readChallengePackage(root: string, slugHint: string): Promise<ParsedPackage> {
  if (await isFile(join(root, 'challenge.json'))) return readProjectPackage(root);
  if (await isFile(join(root, 'problem.yaml'))) return readKattisPackage(root, slugHint);
  throw packageProblem(
    'challenge.json',
    'missing: a package needs challenge.json (project challenge) or problem.yaml (Kattis problem) at its root',
  );
}

/** 1-based line of a character offset. */
function lineAt(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

/** Line of the JSON value at `path` (or its closest existing parent). */
function lineOfPath(text: string, path: readonly PropertyKey[]): number | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  for (let length = path.length; length >= 0; length -= 1) {
    const node: unknown = doc.getIn(path.slice(0, length), true);
    if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
  }
  return undefined;
}

function jsonSyntaxLine(text: string): number | undefined {
  const offset = jsonErrorOffset(text);
  return offset === undefined ? undefined : lineAt(text, offset);
}

async function readProjectPackage(root: string): Promise<ParsedPackage> {
  const file = 'challenge.json';
  const text = await readFile(join(root, file), 'utf8');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const line = jsonSyntaxLine(text);
    throw packageProblem(file, `invalid JSON: ${(error as Error).message}`, line === undefined ? {} : { line });
  }
  const parsed = ChallengeManifestSchema.safeParse(raw);
  if (!parsed.success) {
    throw new PackageInvalidError(
      parsed.error.issues.map((issue): PackageProblem => {
        const line = lineOfPath(text, issue.path);
        return {
          file,
          field: issue.path.length === 0 ? '(root)' : issue.path.map(String).join('.'),
          message: issue.message,
          ...(line === undefined ? {} : { line }),
        };
      }),
    );
  }
  const manifest = parsed.data;
  const problems: PackageProblem[] = [];
  if (!(await isFile(join(root, manifest.statement))))
    problems.push({ file: manifest.statement, field: 'statement', message: 'missing statement file' });
  if (!(await isDirectory(join(root, manifest.starter))))
    problems.push({ file: `${manifest.starter}/`, field: 'starter', message: 'missing starter folder' });
  if (problems.length > 0) throw new PackageInvalidError(problems);
  return {
    kind: 'project',
    slug: manifest.slug,
    title: manifest.title,
    summary: manifest.summary,
    difficulty: manifest.difficulty,
    languages: [manifest.language.id],
    suggestedMinutes: manifest.suggestedMinutes,
    tags: manifest.tags,
    manifest,
    statementMarkdown: await readFile(join(root, manifest.statement), 'utf8'),
  };
}

/** Statement preference: English Markdown, any Markdown, English TeX, any TeX. */
function pickStatement(files: string[]): string | undefined {
  const order = [/problem\.en\.md$/, /problem\.md$/, /\.md$/, /problem\.en\.tex$/, /problem\.tex$/, /\.tex$/];
  for (const pattern of order) {
    const found = files.find((f) => pattern.test(f));
    if (found) return found;
  }
  return undefined;
}

/** The first paragraph of Markdown prose, for the library list. */
function firstParagraph(markdown: string): string {
  const paragraph =
    markdown
      .split(/\n\s*\n/)
      .map((p) => p.trim())
      .find((p) => p !== '' && !p.startsWith('#') && !p.startsWith('```') && !p.startsWith('$$')) ?? '';
  const flat = paragraph.replace(/\s+/g, ' ');
  return flat.length > 300 ? `${flat.slice(0, 297)}…` : flat;
}

async function readKattisPackage(root: string, slugHint: string): Promise<ParsedPackage> {
  let pkg;
  try {
    pkg = loadKattisPackage(root);
  } catch (error) {
    if (error instanceof PackageError)
      throw packageProblem(error.file, error.detail, error.line === undefined ? {} : { line: error.line });
    throw packageProblem('problem.yaml', (error as Error).message);
  }
  const statementFile = pickStatement(pkg.statementFiles);
  if (statementFile === undefined)
    throw packageProblem('problem_statement/problem.en.md', 'missing: the package has no problem statement');
  const source = await readFile(join(root, statementFile), 'utf8');
  const statementMarkdown = statementFile.endsWith('.tex') ? texToMarkdown(source) : source;
  const config = parseYaml(await readFile(join(root, 'problem.yaml'), 'utf8')) as Record<string, unknown> | null;
  const keywords = config?.keywords;
  const tags = (Array.isArray(keywords) ? keywords : typeof keywords === 'string' ? keywords.split(/\s+/) : [])
    .map(String)
    .filter((k) => k !== '')
    .slice(0, 10);
  const hint = toSlug(slugHint);
  const slug = SLUG.test(hint) ? hint : toSlug(pkg.name);
  if (!SLUG.test(slug))
    throw packageProblem('problem.yaml', 'cannot derive a slug from the folder or problem name', { field: 'name' });
  const templates = await readdir(join(root, 'templates')).catch(() => [] as string[]);
  return {
    kind: 'algorithmic',
    slug,
    title: pkg.name,
    summary: firstParagraph(statementMarkdown.replace(/^#[^\n]*\n/, '')),
    difficulty: null,
    languages: [...RUNNER_LANGUAGE_IDS],
    suggestedMinutes: null,
    tags,
    manifest: {
      format: pkg.formatVersion,
      name: pkg.name,
      scoring: pkg.scoring,
      interactive: pkg.interactive,
      limits: pkg.limits,
      statement: statementFile,
      templates: templates.sort(),
    },
    statementMarkdown,
  };
}

/** The slug hint of a folder or archive (`/x/even-pairs.zip` → `even-pairs`). */
export function slugHintOf(path: string): string {
  return basename(path).replace(/\.zip$/i, '');
}
