import type { Migration } from 'kysely';
import * as m20261125000000 from './20261125000000_create_instance_settings.js';
import * as m20261125010000 from './20261125010000_create_identity_tables.js';
import * as m20261125020000 from './20261125020000_create_audit_events.js';
import * as m20261125020100 from './20261125020100_create_jobs.js';
import * as m20261125020200 from './20261125020200_create_mails.js';
import * as m20261125040000 from './20261125040000_create_challenge_tables.js';
import * as m20261125050000 from './20261125050000_create_candidates_and_invitations.js';
import * as m20261125060000 from './20261125060000_create_api_tokens.js';
import * as m20261125060100 from './20261125060100_create_webhooks.js';
import * as m20261125070000 from './20261125070000_create_attempts.js';
import * as m20261125080000 from './20261125080000_create_gradings_and_reports.js';
import * as m20261125090000 from './20261125090000_create_notification_preferences.js';
import * as m20261125090100 from './20261125090100_add_retention_to_organizations.js';
import * as m20261125090200 from './20261125090200_create_api_idempotency_keys.js';
import * as m20261126100000 from './20261126100000_create_ats_tables.js';
import * as m20261126100100 from './20261126100100_add_first_attempt_to_ats_deliveries.js';

/**
 * Every migration, by name. Names sort by time (`YYYYMMDDHHmmss_verb_object`).
 * Add new ones at the end; never edit one that has been merged.
 */
export const migrations: Record<string, Migration> = {
  '20261125000000_create_instance_settings': m20261125000000,
  '20261125010000_create_identity_tables': m20261125010000,
  '20261125020000_create_audit_events': m20261125020000,
  '20261125020100_create_jobs': m20261125020100,
  '20261125020200_create_mails': m20261125020200,
  '20261125040000_create_challenge_tables': m20261125040000,
  '20261125050000_create_candidates_and_invitations': m20261125050000,
  '20261125060000_create_api_tokens': m20261125060000,
  '20261125060100_create_webhooks': m20261125060100,
  '20261125070000_create_attempts': m20261125070000,
  '20261125080000_create_gradings_and_reports': m20261125080000,
  '20261125090000_create_notification_preferences': m20261125090000,
  '20261125090100_add_retention_to_organizations': m20261125090100,
  '20261125090200_create_api_idempotency_keys': m20261125090200,
  '20261126100000_create_ats_tables': m20261126100000,
  '20261126100100_add_first_attempt_to_ats_deliveries': m20261126100100,
};
