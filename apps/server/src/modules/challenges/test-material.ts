import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ChallengeManifestSchema, type ChallengeManifest } from '@assay/contracts';
import { fileExtension, flattenTestCases, loadKattisPackage, loadLanguageDefinitions, type Language } from '@assay/runner';
import type { DbOrTrx } from '../../db/index.js';
import type { RepoFile } from '../../platform/git/git.types.js';

/** One algorithmic problem of a `problems` test, with what the candidate may see. */
export interface ProblemMaterial {
  /** The challenge's slug: the problem's folder in the candidate's repository. */
  slug: string;
  title: string;
  weight: number;
  versionId: string;
  /** Absolute path of the Kattis package. */
  dir: string;
  statementMarkdown: string;
  timeLimitMs: number | null;
  samples: { name: string; input: string; output: string }[];
  /** Package templates by runner language id (`templates/solution.py` → python3). */
  templates: Record<string, { fileName: string; content: string }>;
}

interface MaterialBase {
  testVersionId: string;
  testId: string;
  name: string;
  instructions: string;
  showFeedback: boolean;
  languages: string[];
}

/** Everything a published test version is made of, read from the database and the stored packages. */
export type TestMaterial =
  | (MaterialBase & {
      kind: 'project';
      challenge: {
        versionId: string;
        title: string;
        /** Absolute path of the challenge folder. */
        dir: string;
        manifest: ChallengeManifest;
        statementMarkdown: string;
      };
    })
  | (MaterialBase & { kind: 'problems'; problems: ProblemMaterial[] });

export class TestMaterialError extends Error {
  override readonly name = 'TestMaterialError';
}

let languageCache: Language[] | undefined;
function languages(): Language[] {
  languageCache ??= loadLanguageDefinitions();
  return languageCache;
}

/** The runner language id a file name belongs to by extension (`Solution.java` → java). */
export function languageOfFile(fileName: string): string | undefined {
  const ext = fileExtension(fileName);
  if (ext === '') return undefined;
  return languages().find((language) => language.extensions.includes(ext))?.id;
}

/** The main extension of a runner language (`python3` → `py`). */
export function languageExtension(languageId: string): string | undefined {
  return languages().find((language) => language.id === languageId)?.extensions[0];
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new TestMaterialError(`${what}: invalid JSON`);
  }
}

/**
 * Loads a published test version: its challenge versions (in order), their stored files under
 * `dataDir`, the project manifest or, for problems, statement, samples, time limit and templates.
 */
export async function loadTestMaterial(db: DbOrTrx, dataDir: string, testVersionId: string): Promise<TestMaterial> {
  const version = await db
    .selectFrom('test_versions')
    .selectAll()
    .where('id', '=', testVersionId)
    .executeTakeFirst();
  if (!version) throw new TestMaterialError(`test version ${testVersionId} not found`);
  const rows = await db
    .selectFrom('test_version_challenges')
    .innerJoin('challenge_versions', 'challenge_versions.id', 'test_version_challenges.challenge_version_id')
    .innerJoin('challenges', 'challenges.id', 'challenge_versions.challenge_id')
    .select([
      'test_version_challenges.position',
      'test_version_challenges.weight',
      'challenge_versions.id as versionId',
      'challenge_versions.title',
      'challenge_versions.manifest',
      'challenge_versions.statement_markdown',
      'challenge_versions.files_path',
      'challenges.slug',
    ])
    .where('test_version_challenges.test_version_id', '=', testVersionId)
    .orderBy('test_version_challenges.position')
    .execute();
  const base: MaterialBase = {
    testVersionId,
    testId: version.test_id,
    name: version.name,
    instructions: version.instructions,
    showFeedback: version.show_feedback === 1,
    languages: parseJson(version.allowed_languages, 'test_versions.allowed_languages') as string[],
  };
  if (version.kind === 'project') {
    const row = rows[0];
    if (!row) throw new TestMaterialError(`test version ${testVersionId} has no challenge`);
    const parsed = ChallengeManifestSchema.safeParse(parseJson(row.manifest, 'challenge_versions.manifest'));
    if (!parsed.success) throw new TestMaterialError(`challenge version ${row.versionId}: invalid manifest`);
    return {
      ...base,
      kind: 'project',
      languages: base.languages.length > 0 ? base.languages : [parsed.data.language.id],
      challenge: {
        versionId: row.versionId,
        title: row.title,
        dir: join(dataDir, row.files_path),
        manifest: parsed.data,
        statementMarkdown: row.statement_markdown,
      },
    };
  }
  const problems: ProblemMaterial[] = [];
  for (const row of rows) {
    problems.push(await loadProblem(join(dataDir, row.files_path), row));
  }
  return { ...base, kind: 'problems', problems };
}

async function loadProblem(
  dir: string,
  row: { slug: string; title: string; weight: number; versionId: string; statement_markdown: string },
): Promise<ProblemMaterial> {
  const pkg = loadKattisPackage(dir);
  const samples: ProblemMaterial['samples'] = [];
  for (const testCase of flattenTestCases(pkg.data).filter((c) => c.sample)) {
    samples.push({
      name: testCase.id.replace(/^sample\//, ''),
      input: await readFile(testCase.inputPath, 'utf8'),
      output: await readFile(testCase.answerPath, 'utf8'),
    });
  }
  const templates: ProblemMaterial['templates'] = {};
  const templateDir = join(dir, 'templates');
  const names = (await readdir(templateDir).catch(() => [] as string[])).sort();
  for (const fileName of names) {
    const info = await lstat(join(templateDir, fileName));
    if (!info.isFile()) continue;
    const language = languageOfFile(fileName);
    if (language === undefined || templates[language] !== undefined) continue;
    templates[language] = { fileName, content: await readFile(join(templateDir, fileName), 'utf8') };
  }
  return {
    slug: row.slug,
    title: row.title,
    weight: row.weight,
    versionId: row.versionId,
    dir,
    statementMarkdown: row.statement_markdown,
    timeLimitMs: pkg.limits.timeLimitSec === undefined ? null : Math.round(pkg.limits.timeLimitSec * 1000),
    samples,
    templates,
  };
}

/** Regular files under `root/relative` (recursive, sorted), as repository files relative to that folder. */
async function folderFiles(root: string, relative: string): Promise<RepoFile[]> {
  const base = join(root, relative);
  const files: RepoFile[] = [];
  async function walk(sub: string): Promise<void> {
    const entries = (await readdir(join(base, sub)).catch(() => [] as string[])).sort();
    for (const name of entries) {
      if (name === '.git') continue;
      const path = sub === '' ? name : `${sub}/${name}`;
      const info = await lstat(join(base, path));
      if (info.isDirectory()) await walk(path);
      else if (info.isFile())
        files.push({ path, data: await readFile(join(base, path)), executable: (info.mode & 0o111) !== 0 });
    }
  }
  await walk('');
  return files;
}

/**
 * The candidate's initial repository: project = starter/ + tests/sample/ (docs/challenge-format.md);
 * problems = `<slug>/README.md` (statement) + `<slug>/<template file>` for the first allowed
 * language with a template (or an empty `solution.<ext>`).
 */
export async function initialFiles(material: TestMaterial): Promise<RepoFile[]> {
  if (material.kind === 'project') {
    const { dir, manifest } = material.challenge;
    const byPath = new Map<string, RepoFile>();
    for (const file of await folderFiles(dir, manifest.starter)) byPath.set(file.path, file);
    for (const file of await folderFiles(dir, manifest.tests.sample)) byPath.set(file.path, file);
    return [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }
  const files: RepoFile[] = [];
  for (const problem of material.problems) {
    const statement = problem.statementMarkdown.startsWith('#')
      ? problem.statementMarkdown
      : `# ${problem.title}\n\n${problem.statementMarkdown}`;
    files.push({ path: `${problem.slug}/README.md`, data: Buffer.from(statement, 'utf8') });
    const language = material.languages.find((id) => problem.templates[id] !== undefined);
    const template = language === undefined ? undefined : problem.templates[language];
    if (template) {
      files.push({ path: `${problem.slug}/${template.fileName}`, data: Buffer.from(template.content, 'utf8') });
    } else {
      const ext = languageExtension(material.languages[0] ?? 'python3') ?? 'py';
      files.push({ path: `${problem.slug}/solution.${ext}`, data: Buffer.alloc(0) });
    }
  }
  return files;
}
