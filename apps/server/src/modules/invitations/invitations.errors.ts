import { defineErrors } from '../../platform/errors/index.js';

/** Invitation error codes. */
export const InvitationErrors = defineErrors({
  'invitations.duplicate': {
    status: 409,
    when: 'the candidate already has an open invitation to this test (resend with confirmDuplicate)',
  },
  'invitations.invalid_state': {
    status: 409,
    when: 'the action does not apply to the invitation in its current status (e.g. cancelling a graded one)',
  },
  'invitations.not_found': {
    status: 404,
    when: 'a candidate link token that is unknown or was replaced by a newer link',
  },
  'invitations.invalid_csv': {
    status: 400,
    when: 'a bulk-invite CSV without a name and email header, or with too many rows',
  },
});
