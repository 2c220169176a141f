import { defineErrors } from '../../platform/errors/index.js';

/** Attempt error codes (the candidate's take-home). */
export const AttemptErrors = defineErrors({
  'attempts.submitted': { status: 409, when: 'starting or changing an attempt that is already submitted' },
  'attempts.closed': {
    status: 409,
    when: 'saving, committing or running after the deadline, after submission or on a cancelled invitation',
  },
  'attempts.head_moved': {
    status: 409,
    when: 'drafts based on a commit that is no longer the head (a push arrived): reload and resolve',
  },
  'attempts.invalid_path': {
    status: 400,
    when: 'a draft path that is absolute, has "..", ".git", backslashes or NUL, or a rename of a missing file',
  },
  'attempts.binary_content': { status: 400, when: 'draft content with NUL bytes, or editing a binary file' },
  'attempts.too_large': {
    status: 400,
    when: 'a draft over 1 MiB, or a workspace over 500 files or 20 MiB in total',
  },
  'attempts.file_not_found': { status: 404, when: 'reading a path that is not in the workspace' },
  'attempts.invalid_run': {
    status: 400,
    when: 'a run naming an unknown problem or a language the test does not allow',
  },
  'attempts.run_in_progress': {
    status: 429,
    when: 'a second run while one is still running for the attempt',
  },
  'attempts.runner_unavailable': { status: 503, when: 'no sandbox runner is configured or it failed' },
});
