import { defineErrors } from '../../platform/errors/index.js';

/** Data-rights error codes. */
export const DataRightsErrors = defineErrors({
  'data_rights.confirmation_mismatch': {
    status: 400,
    when: "erasing a candidate with a typed confirmation that is not the candidate's email",
  },
});
