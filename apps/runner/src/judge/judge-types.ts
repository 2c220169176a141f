/** Verdicts of a test case or a whole submission. */
export const VERDICTS = ['AC', 'WA', 'TLE', 'MLE', 'RTE', 'OLE', 'CE', 'IE'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** The result of one test case. */
export interface TestResult {
  /** Test case id below data/, e.g. `secret/group1/03`. */
  id: string;
  /** Under data/sample: the candidate may see it (and its output). */
  sample: boolean;
  verdict: Verdict;
  cpuMs: number;
  wallMs: number;
  peakMemoryBytes: number;
  /** Score of the test case (scoring problems). */
  score?: number;
  /** Staff-facing details (judge message, first difference, exit status). */
  message?: string;
  /** Validator's teammessage.txt (may be shown to the candidate). */
  teamMessage?: string;
  /** Program output, kept for sample tests only (lossy UTF-8, capped). */
  output?: string;
}

/** The result of a group of test cases. */
export interface GroupResult {
  id: string;
  verdict: Verdict;
  score: number;
  maxScore: number;
}

/** The result of judging one submission. */
export interface JudgeResult {
  verdict: Verdict;
  score: number;
  maxScore: number;
  tests: TestResult[];
  groups: GroupResult[];
  /** Compiler output (capped) when compilation failed or printed something. */
  compileOutput?: string;
  language: { id: string; version: string };
  timeLimitMs: number;
  /** Why the verdict is IE, for logs. */
  internalError?: string;
}
