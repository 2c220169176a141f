import { defineErrors } from '../../platform/errors/index.js';

/** ATS core error codes (Settings → Integrations). */
export const AtsErrors = defineErrors({
  'ats.credentials_not_accepted': {
    status: 400,
    when: 'saving credentials for a provider that takes none, or credentials its schema refuses',
  },
  'ats.not_retryable': {
    status: 409,
    when: 'retrying a delivery that is not dead or waiting for credentials, or a full-state one a newer one replaces',
  },
});
