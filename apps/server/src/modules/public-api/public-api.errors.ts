import { defineErrors } from '../../platform/errors/index.js';

/** Public API v1 error codes (`Idempotency-Key`, IETF draft). */
export const PublicApiErrors = defineErrors({
  'idempotency.in_flight': {
    status: 409,
    when: 'a request with the same Idempotency-Key of the same token is still running',
  },
  'idempotency.key_reused': {
    status: 422,
    when: 'an Idempotency-Key already used by this token with another request body or path',
  },
});
