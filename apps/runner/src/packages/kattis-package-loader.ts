import { basename, join } from 'node:path';
import { z } from 'zod';
import { PackageError, PackageReader, type PackageEntry } from './package-files.js';
import {
  EXPECTED_VERDICT_FOLDERS,
  type ExpectedVerdictFolder,
  type GroupSettings,
  type PackageLimits,
  type PackageProgram,
  type PackageSubmission,
  type ProblemPackage,
  type TestCase,
  type TestGroup,
} from './package-types.js';

/** The Kattis default memory limit (MiB) for packages that set none. */
export const KATTIS_DEFAULT_MEMORY_MIB = 1024;

const stringOrList = z.union([z.string(), z.array(z.union([z.string(), z.number()]))]);

const problemYamlSchema = z.looseObject({
  problem_format_version: z.string().optional(),
  name: z.union([z.string(), z.record(z.string(), z.string())]).nullish(),
  type: stringOrList.optional(),
  validation: z.string().optional(),
  validator_flags: z.union([z.string(), z.number()]).nullish(),
  limits: z
    .looseObject({
      time_multiplier: z.number().positive().optional(),
      time_safety_margin: z.number().positive().optional(),
      time_multipliers: z
        .looseObject({
          ac_to_time_limit: z.number().min(1).optional(),
          time_limit_to_tle: z.number().min(1).optional(),
        })
        .optional(),
      time_limit: z.number().positive().optional(),
      time_resolution: z.number().positive().optional(),
      memory: z.number().int().positive().optional(),
      output: z.number().int().positive().optional(),
      validation_time: z.number().positive().optional(),
      validation_memory: z.number().int().positive().optional(),
    })
    .nullish(),
});

const testdataYamlSchema = z.looseObject({
  on_reject: z.enum(['break', 'continue']).optional(),
  grading: z.enum(['default', 'custom']).optional(),
  grader_flags: z.string().nullish(),
  accept_score: z.number().optional(),
  reject_score: z.number().optional(),
  range: z.string().optional(),
  output_validator_flags: stringOrList.nullish(),
  output_validator_args: stringOrList.nullish(),
  scoring: z
    .looseObject({
      score: z.union([z.number().nonnegative(), z.literal('unbounded')]).optional(),
      aggregation: z.enum(['sum', 'min', 'pass-fail']).optional(),
    })
    .optional(),
});

type TestdataYaml = z.infer<typeof testdataYamlSchema>;

const SUPPORTED_GRADER_FLAGS = new Set(['sum', 'min', 'ignore_sample', 'first_error', 'no_errors']);

function splitFlags(value: string | number | (string | number)[] | null | undefined): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.map(String);
  return String(value)
    .split(/\s+/)
    .filter((f) => f !== '');
}

/**
 * Loads a Kattis problem package (legacy or 2023-07-draft), as problemtools accepts it.
 * Throws PackageError naming the file (and line) when the package is malformed.
 */
export function loadKattisPackage(root: string): ProblemPackage {
  const reader = new PackageReader(root);
  const problemYamlPath = join(root, 'problem.yaml');
  if (!reader.exists(problemYamlPath))
    throw new PackageError('problem.yaml', 'missing (not a Kattis problem package?)');
  const config = reader.readYaml(problemYamlPath, problemYamlSchema);
  const draft = config.problem_format_version !== undefined && config.problem_format_version !== 'legacy';
  if (draft && !/^2023-07(-draft)?$/.test(config.problem_format_version ?? '')) {
    throw new PackageError(
      'problem.yaml',
      `unsupported problem_format_version "${config.problem_format_version ?? ''}"`,
    );
  }

  const types = new Set(splitFlags(config.type));
  for (const t of types) {
    const allowed = draft ? ['pass-fail', 'scoring', 'interactive'] : ['pass-fail', 'scoring'];
    if (!allowed.includes(t)) throw new PackageError('problem.yaml', `unsupported type "${t}"`);
  }
  let scoring = types.has('scoring');
  let interactive = types.has('interactive');
  let custom = false;
  if (!draft && config.validation !== undefined) {
    const [kind, ...options] = config.validation.trim().split(/\s+/);
    if (
      (kind !== 'default' && kind !== 'custom') ||
      options.some((o) => o !== 'interactive' && o !== 'score')
    ) {
      throw new PackageError('problem.yaml', `invalid validation "${config.validation}"`);
    }
    if (kind === 'default' && options.length > 0) {
      throw new PackageError(
        'problem.yaml',
        `validation "${config.validation}": options need a custom validator`,
      );
    }
    custom = kind === 'custom';
    interactive = options.includes('interactive');
    scoring ||= options.includes('score');
  }

  const validatorDir = draft ? 'output_validator' : 'output_validators';
  const outputValidator =
    findOutputValidator(reader, root, draft) ?? findOutputValidator(reader, root, !draft);
  if (draft) custom = outputValidator !== undefined || interactive;
  if (custom && !outputValidator) {
    throw new PackageError(`${validatorDir}/`, 'missing: the problem needs a custom output validator');
  }

  const limits = readLimits(reader, root, config.limits ?? {});
  const data = loadGroup(reader, join(root, 'data'), '', defaultSettings(), draft, scoring, interactive);
  if (!data.children.some((c) => c.kind === 'group' && c.id === 'secret')) {
    throw new PackageError('data/secret/', 'missing: a package needs secret test data');
  }

  const name =
    typeof config.name === 'string'
      ? config.name
      : (config.name?.en ?? Object.values(config.name ?? {})[0] ?? basename(reader.realRoot));

  return {
    root,
    formatVersion: draft ? '2023-07-draft' : 'legacy',
    name,
    scoring,
    interactive,
    validatorFlags: splitFlags(config.validator_flags),
    limits,
    ...(custom && outputValidator ? { outputValidator } : {}),
    data,
    submissions: loadSubmissions(reader, root),
    statementFiles: ['problem_statement', 'statement'].flatMap((dir) =>
      reader
        .list(join(root, dir))
        .filter((e) => !e.isDirectory && /^problem(\.[A-Za-z-]+)?\.(md|tex)$/.test(e.name))
        .map((e) => `${dir}/${e.name}`),
    ),
  };
}

function readLimits(
  reader: PackageReader,
  root: string,
  limits: NonNullable<z.infer<typeof problemYamlSchema>['limits']>,
): PackageLimits {
  let timeLimitSec = limits.time_limit;
  // problemtools writes the derived limit of a legacy package to .timelimit.
  const timelimitFile = join(root, '.timelimit');
  if (timeLimitSec === undefined && reader.exists(timelimitFile)) {
    const value = Number(reader.readText(timelimitFile).trim());
    if (!(value > 0)) throw new PackageError('.timelimit', 'expected a positive number of seconds', 1);
    timeLimitSec = value;
  }
  return {
    ...(timeLimitSec === undefined ? {} : { timeLimitSec }),
    timeMultiplier: limits.time_multiplier ?? 5,
    timeSafetyMargin: limits.time_safety_margin ?? 2,
    acToTimeLimit: limits.time_multipliers?.ac_to_time_limit ?? 2,
    timeLimitToTle: limits.time_multipliers?.time_limit_to_tle ?? 1.5,
    timeResolution: limits.time_resolution ?? 1,
    memoryMiB: limits.memory ?? KATTIS_DEFAULT_MEMORY_MIB,
    ...(limits.output === undefined ? {} : { outputMiB: limits.output }),
    validationTimeSec: limits.validation_time ?? 10,
    validationMemoryMiB: limits.validation_memory ?? 512,
  };
}

function findOutputValidator(
  reader: PackageReader,
  root: string,
  draft: boolean,
): PackageProgram | undefined {
  if (draft) {
    const dir = join(root, 'output_validator');
    const files = listProgramFiles(reader, dir, '');
    return files.length > 0 ? { path: 'output_validator', files } : undefined;
  }
  const dir = join(root, 'output_validators');
  const entries = reader.list(dir);
  const folders = entries.filter((e) => e.isDirectory);
  const first = folders[0];
  if (first)
    return { path: `output_validators/${first.name}`, files: listProgramFiles(reader, first.path, '') };
  const files = listProgramFiles(reader, dir, '');
  return files.length > 0 ? { path: 'output_validators', files } : undefined;
}

/** Files of a program folder, recursively, names relative to the folder. */
function listProgramFiles(
  reader: PackageReader,
  dir: string,
  prefix: string,
): { name: string; path: string }[] {
  return reader
    .list(dir)
    .flatMap((e: PackageEntry) =>
      e.isDirectory
        ? listProgramFiles(reader, e.path, `${prefix}${e.name}/`)
        : [{ name: `${prefix}${e.name}`, path: e.realPath }],
    );
}

function loadSubmissions(reader: PackageReader, root: string): PackageSubmission[] {
  const submissions: PackageSubmission[] = [];
  for (const folder of reader.list(join(root, 'submissions'))) {
    // Other folders (2023-07's rejected/, brute_force/, …) carry no single expected verdict.
    if (!folder.isDirectory || !(EXPECTED_VERDICT_FOLDERS as readonly string[]).includes(folder.name))
      continue;
    const expected = folder.name as ExpectedVerdictFolder;
    for (const entry of reader.list(folder.path)) {
      const path = `submissions/${folder.name}/${entry.name}`;
      const files = entry.isDirectory
        ? listProgramFiles(reader, entry.path, '')
        : [{ name: entry.name, path: entry.realPath }];
      if (files.length > 0) submissions.push({ path, expected, files });
    }
  }
  return submissions;
}

function defaultSettings(): GroupSettings {
  return {
    onReject: 'break',
    aggregation: 'sum',
    acceptScore: 1,
    rejectScore: 0,
    ignoreSample: false,
    outputValidatorFlags: [],
  };
}

/** Applies one testdata.yaml over the inherited settings. */
function applyTestdata(inherited: GroupSettings, yaml: TestdataYaml, file: string): GroupSettings {
  const settings: GroupSettings = { ...inherited };
  if (yaml.grading === 'custom') throw new PackageError(file, 'custom graders are not supported');
  if (yaml.on_reject) settings.onReject = yaml.on_reject;
  if (yaml.accept_score !== undefined) settings.acceptScore = yaml.accept_score;
  if (yaml.reject_score !== undefined) settings.rejectScore = yaml.reject_score;
  const flags = splitFlags(yaml.grader_flags);
  for (const flag of flags) {
    if (!SUPPORTED_GRADER_FLAGS.has(flag)) throw new PackageError(file, `unsupported grader flag "${flag}"`);
  }
  if (yaml.grader_flags !== undefined) {
    settings.aggregation = flags.includes('min') ? 'min' : 'sum';
    settings.ignoreSample = flags.includes('ignore_sample');
  }
  const validatorFlags = yaml.output_validator_args ?? yaml.output_validator_flags;
  if (validatorFlags !== undefined) settings.outputValidatorFlags = splitFlags(validatorFlags);
  if (yaml.scoring) {
    if (yaml.scoring.aggregation) settings.aggregation = yaml.scoring.aggregation === 'min' ? 'min' : 'sum';
    if (typeof yaml.scoring.score === 'number') settings.points = yaml.scoring.score;
  }
  return settings;
}

function loadGroup(
  reader: PackageReader,
  dir: string,
  id: string,
  parentSettings: GroupSettings,
  draft: boolean,
  scoring: boolean,
  interactive: boolean,
): TestGroup {
  const depth = id === '' ? 0 : id.split('/').length;
  // As problemtools: a group without testdata.yaml uses its closest ancestor's file as a
  // whole; a group with one starts from the defaults. `points` is never inherited.
  let settings: GroupSettings = { ...parentSettings };
  delete settings.points;
  const yamlPath = join(dir, 'testdata.yaml');
  if (reader.exists(yamlPath)) {
    const base = defaultSettings();
    if (draft && scoring && depth >= 2) base.aggregation = 'min';
    settings = applyTestdata(base, reader.readYaml(yamlPath, testdataYamlSchema), reader.rel(yamlPath));
  } else if (draft && scoring && depth >= 2) {
    settings.aggregation = 'min';
  }
  if (!scoring) settings.onReject = 'break';

  const entries = reader.list(dir);
  if (depth === 0 && entries.length === 0) throw new PackageError('data/', 'missing or empty');
  const children: (TestGroup | TestCase)[] = [];
  const names = new Set(entries.map((e) => e.name));
  for (const entry of entries) {
    const childId = id === '' ? entry.name : `${id}/${entry.name}`;
    if (entry.isDirectory) {
      // Only sample/ and secret/ hold test data at the top (2023-07 adds invalid_* folders).
      if (depth === 0 && entry.name !== 'sample' && entry.name !== 'secret') continue;
      children.push(loadGroup(reader, entry.path, childId, settings, draft, scoring, interactive));
    } else if (entry.name.endsWith('.in')) {
      const stem = entry.name.slice(0, -3);
      const answerName = `${stem}.ans`;
      // Interactive problems may leave out answers (the validator talks to the submission).
      if (!names.has(answerName) && !interactive) {
        throw new PackageError(reader.rel(join(dir, answerName)), `missing answer for ${entry.name}`);
      }
      const answer = names.has(answerName) ? reader.resolve(join(dir, answerName)) : undefined;
      children.push({
        kind: 'case',
        id: id === '' ? stem : `${id}/${stem}`,
        inputPath: entry.realPath,
        answerPath: answer?.realPath ?? '',
        sample: id === 'sample' || id.startsWith('sample/'),
        settings,
      });
    }
  }
  children.sort((a, b) => baseName(a.id).localeCompare(baseName(b.id)));
  return { kind: 'group', id, dir, settings, children };
}

function baseName(id: string): string {
  return id.slice(id.lastIndexOf('/') + 1);
}

/** All test cases of a group in judging order. */
export function flattenTestCases(group: TestGroup): TestCase[] {
  return group.children.flatMap((c) => (c.kind === 'case' ? [c] : flattenTestCases(c)));
}
