import type { InvitationStatus, Role } from '@assay/contracts';

/** Minimum role per grading action: recruiters and above request a re-grade. */
export const GRADING_PERMISSIONS = {
  'grading:regrade': 'recruiter',
} as const satisfies Record<string, Role>;

/** Invitation statuses a re-grade applies to. */
export const REGRADABLE_STATUSES: readonly InvitationStatus[] = ['graded', 'grading_failed'];

/** Runner error codes caused by the submission or the challenge: retrying cannot help. */
export const PERMANENT_RUNNER_CODES: readonly string[] = ['bad_request', 'invalid_archive', 'unsupported'];

/** The stored build/test log is capped at this many bytes (staff only). */
export const MAX_LOG_BYTES = 200 * 1024;

/** The stored error of a failed grading is capped at this many characters. */
export const MAX_ERROR_CHARS = 1000;
