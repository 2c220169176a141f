/**
 * Size limits shared by the web app, the server (git pushes, IDE drafts, uploads)
 * and the runner (archives it unpacks). One set of numbers, used everywhere.
 */
export const SubmissionLimits = {
  /** Largest single file in a submission or repository, in bytes. */
  maxFileBytes: 1024 * 1024,
  /** Most files in a submission or repository. */
  maxFiles: 500,
  /** Largest total size of all files, in bytes. */
  maxTotalBytes: 20 * 1024 * 1024,
} as const;

/** Default request body limit for the HTTP API (413 beyond it). */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;
