import { defineErrors } from '../../platform/errors/index.js';

/** Identity error codes (platform `auth.*` codes cover 401/403/CSRF/re-auth). */
export const IdentityErrors = defineErrors({
  'identity.invalid_credentials': {
    status: 401,
    when: 'login with an unknown email, a wrong password or a disabled account (indistinguishable)',
  },
  'identity.password_incorrect': {
    status: 400,
    when: 'the current password given to re-auth or change password is wrong',
  },
  'identity.password_rejected': {
    status: 400,
    when: 'a new password breaks the policy (8–128 characters, not a common password)',
  },
  'identity.too_many_attempts': {
    status: 429,
    when: 'more than the allowed failed password attempts for this account in the last hour',
  },
  'identity.reset_token_invalid': {
    status: 400,
    when: 'a password reset token that is unknown, expired or already used',
  },
  'identity.email_taken': { status: 409, when: 'changing to an email another account uses' },
});
