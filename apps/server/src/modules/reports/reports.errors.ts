import { defineErrors } from '../../platform/errors/index.js';

/** Report error codes. */
export const ReportErrors = defineErrors({
  'reports.not_graded': {
    status: 409,
    when: 'an override on a report without a finished grading',
  },
  'reports.unknown_criterion': {
    status: 400,
    when: 'an override names a criterion the latest grading does not have (details list the ids)',
  },
  'reports.points_out_of_range': {
    status: 400,
    when: "an override's points are above the criterion's maximum (its share of 100)",
  },
  'reports.not_submitted': {
    status: 409,
    when: 're-grading an invitation whose attempt has not been submitted',
  },
  'reports.no_code': {
    status: 409,
    when: 'asking for a file of an invitation whose candidate has not started (no repository yet)',
  },
  'reports.file_not_found': {
    status: 404,
    when: 'the path is in neither the report commit nor the starter',
  },
  'reports.share_link_invalid': {
    status: 404,
    when: 'a report share link that is unknown, expired or revoked',
  },
  'reports.grading_unavailable': {
    status: 503,
    when: 'a re-grade on a server without the grading module wired',
  },
});
