import { defineErrors } from '../../platform/errors/index.js';

/** Candidate error codes. */
export const CandidateErrors = defineErrors({
  'candidates.ats_url_unrecognized': {
    status: 400,
    when: 'an ATS link URL that no configured ATS integration recognizes',
  },
});
