import type { Migration } from 'kysely';
import * as m20261125000000 from './20261125000000_create_instance_settings.js';

/**
 * Every migration, by name. Names sort by time (`YYYYMMDDHHmmss_verb_object`).
 * Add new ones at the end; never edit one that has been merged.
 */
export const migrations: Record<string, Migration> = {
  '20261125000000_create_instance_settings': m20261125000000,
};
