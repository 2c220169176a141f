import { defineErrors } from '../../platform/errors/index.js';

/** Organization, membership and member-invitation error codes. */
export const OrganizationErrors = defineErrors({
  'organizations.setup_done': {
    status: 409,
    when: 'first-run setup is attempted after an organization already exists',
  },
  'organizations.slug_taken': { status: 409, when: 'another organization already uses the slug' },
  'organizations.already_member': { status: 409, when: 'inviting an email that is already a member' },
  'organizations.last_owner': {
    status: 409,
    when: 'demoting or removing the only owner of an organization',
  },
  'organizations.invitation_invalid': {
    status: 404,
    when: 'a member invitation token that is unknown, expired, revoked or already used',
  },
  'organizations.invitation_details_required': {
    status: 400,
    when: 'accepting an invitation without the name/password (new user) or password (existing user)',
  },
});
