import type { Role } from '@assay/contracts';

/**
 * Who may do what on a report. Any member reads (reviewer is the lowest role); reviewers write
 * notes and overrides; re-grades and share links are recruiter actions.
 */
export const REPORT_PERMISSIONS = {
  'reports:read': 'reviewer',
  'reports:review': 'reviewer',
  'reports:regrade': 'recruiter',
  'reports:share': 'recruiter',
} as const satisfies Record<string, Role>;

export type ReportPermission = keyof typeof REPORT_PERMISSIONS;

/** Caps of what a report shows. */
export const ReportLimits = {
  /** Unified diff in the code view. */
  maxDiffBytes: 1024 * 1024,
  /** A failure message in the criteria table. */
  maxFailureMessageChars: 500,
  /** Grading log in the report JSON. */
  maxLogChars: 64 * 1024,
  /** Failure messages per criterion in the PDF. */
  maxPdfFailuresPerCriterion: 5,
} as const;

/** Two decimals. */
export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** A message cut to `max` characters with an ellipsis (null stays null). */
export function trimMessage(message: string | null, max: number = ReportLimits.maxFailureMessageChars) {
  if (message === null) return null;
  const trimmed = message.trim();
  return trimmed.length > max ? `${trimmed.slice(0, max - 1)}…` : trimmed;
}

export { scaleCriteria, type ScaledCriterion } from '../grading/index.js';

/**
 * Percentile rank 0–100 of `score` among `scores` (which include it): the share with a lower
 * score plus half of the equal ones. Null below 2 graded attempts.
 */
export function percentileOf(score: number | null, scores: readonly number[]): number | null {
  if (score === null || scores.length < 2) return null;
  const lower = scores.filter((s) => s < score).length;
  const equal = scores.filter((s) => s === score).length;
  return Math.round(((lower + equal / 2) / scores.length) * 1000) / 10;
}

/** Ten 10-point buckets: 0–9.99, 10–19.99, …, 90–100 (100 falls in the last). */
export function histogramOf(scores: readonly number[]): number[] {
  const buckets = Array.from({ length: 10 }, () => 0);
  for (const score of scores) {
    const index = Math.min(9, Math.max(0, Math.floor(score / 10)));
    buckets[index] = (buckets[index] ?? 0) + 1;
  }
  return buckets;
}

const BINARY_EXTENSIONS = new Set(
  (
    'png jpg jpeg gif bmp ico webp tiff pdf zip gz tgz bz2 xz 7z jar war class o a so dll exe bin ' +
    'woff woff2 ttf otf eot mp3 mp4 wav ogg webm mov avi sqlite db pyc wasm'
  ).split(' '),
);

/** A guess from the file name (the file view decides from the bytes). */
export function looksBinary(path: string): boolean {
  const dot = path.lastIndexOf('.');
  return dot >= 0 && BINARY_EXTENSIONS.has(path.slice(dot + 1).toLowerCase());
}

/** UTF-8 text, or null for bytes that are not valid UTF-8 or contain NUL. */
export function decodeText(data: Buffer): string | null {
  if (data.includes(0)) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return null;
  }
}

/** A safe download name: `report-<candidate>-<test>.pdf` in lower-case ASCII. */
export function pdfFileName(candidateName: string, testName: string): string {
  const slug = (text: string) =>
    text
      .normalize('NFKD')
      .replace(/[^\x20-\x7e]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40);
  const parts = ['report', slug(candidateName), slug(testName)].filter((p) => p !== '');
  return `${parts.join('-')}.pdf`;
}
