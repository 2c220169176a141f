/** Folders under `submissions/` and the verdict each expects. */
export const EXPECTED_VERDICT_FOLDERS = [
  'accepted',
  'partially_accepted',
  'wrong_answer',
  'time_limit_exceeded',
  'run_time_error',
  'memory_limit_exceeded',
  'output_limit_exceeded',
  'compile_error',
] as const;

export type ExpectedVerdictFolder = (typeof EXPECTED_VERDICT_FOLDERS)[number];

/** Settings of a test data group (testdata.yaml), resolved with inheritance and defaults. */
export interface GroupSettings {
  /** `break` stops the group at the first rejected test case; `continue` runs the rest. */
  onReject: 'break' | 'continue';
  /** How child scores combine. */
  aggregation: 'sum' | 'min';
  /** Score of an accepted test case without score.txt. */
  acceptScore: number;
  /** Score of a rejected test case. */
  rejectScore: number;
  /** Leave the sample group out of the parent's score (legacy `ignore_sample`). */
  ignoreSample: boolean;
  /** Group worth this many points (2023-07-draft `scoring.score`): score = points × fraction. */
  points?: number;
  /** Extra arguments for the output validator. */
  outputValidatorFlags: string[];
}

export interface TestCase {
  kind: 'case';
  /** Path below data/ without extension, e.g. `secret/group1/03`. */
  id: string;
  inputPath: string;
  answerPath: string;
  /** Under data/sample: candidates may see it. */
  sample: boolean;
  settings: GroupSettings;
}

export interface TestGroup {
  kind: 'group';
  /** Path below data/ (`` for data/ itself), e.g. `secret/group1`. */
  id: string;
  dir: string;
  settings: GroupSettings;
  /** Children in lexicographic order of base name. */
  children: (TestGroup | TestCase)[];
}

/** A program in a package (output validator, submission): a folder or a single file. */
export interface PackageProgram {
  /** Name relative to the package root. */
  path: string;
  /** Files of the program: name (relative to the program) → absolute path. */
  files: { name: string; path: string }[];
}

export interface PackageSubmission extends PackageProgram {
  expected: ExpectedVerdictFolder;
}

export interface PackageLimits {
  /** Explicit time limit in seconds, when the package sets one. */
  timeLimitSec?: number;
  /** Legacy: time limit = multiplier × slowest accepted submission. */
  timeMultiplier: number;
  /** Legacy: time limit × margin for runs checking TLE submissions. */
  timeSafetyMargin: number;
  /** 2023-07-draft: `time_multipliers.ac_to_time_limit`. */
  acToTimeLimit: number;
  /** 2023-07-draft: `time_multipliers.time_limit_to_tle`. */
  timeLimitToTle: number;
  /** 2023-07-draft: the time limit is rounded up to a multiple of this (s). */
  timeResolution: number;
  memoryMiB: number;
  /** Output limit in MiB when the package sets one. */
  outputMiB?: number;
  validationTimeSec: number;
  validationMemoryMiB: number;
}

export interface ProblemPackage {
  root: string;
  formatVersion: 'legacy' | '2023-07-draft';
  name: string;
  scoring: boolean;
  interactive: boolean;
  /** Legacy `validator_flags` (problem.yaml), passed to every validator run. */
  validatorFlags: string[];
  limits: PackageLimits;
  /** Custom output validator (also the interactor of interactive problems). */
  outputValidator?: PackageProgram;
  /** data/ as the root group (children `sample`, `secret`, …). */
  data: TestGroup;
  submissions: PackageSubmission[];
  /** Statement files relative to the root (problem_statement/ or statement/). */
  statementFiles: string[];
}
