import type { InstanceSettingsTable } from './instance-settings.table.js';
import type { AuditEventsTable } from './audit-events.table.js';
import type { JobsTable } from './jobs.table.js';
import type { MailsTable } from './mails.table.js';

/**
 * The whole database as Kysely sees it. Each module adds its tables here
 * (one `<table>.table.ts` per table). Portable types only: text ids, ISO-8601 UTC
 * timestamps as text, JSON as text, integers, booleans as 0/1 integers.
 */
export interface Database {
  instance_settings: InstanceSettingsTable;
  audit_events: AuditEventsTable;
  jobs: JobsTable;
  mails: MailsTable;
}
