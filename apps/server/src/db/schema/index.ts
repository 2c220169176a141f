import type {
  AtsAccessTokensTable,
  AtsApiKeysTable,
  AtsConnectionsTable,
  AtsDeliveriesTable,
  AtsInboundErrorsTable,
  AtsOrdersTable,
} from './ats.table.js';
import type { InstanceSettingsTable } from './instance-settings.table.js';
import type { OrganizationsTable } from './organizations.table.js';
import type { UsersTable } from './users.table.js';
import type { MembershipsTable } from './memberships.table.js';
import type { SessionsTable } from './sessions.table.js';
import type { PasswordResetTokensTable } from './password-reset-tokens.table.js';
import type { MemberInvitationsTable } from './member-invitations.table.js';
import type { LoginAttemptsTable } from './login-attempts.table.js';
import type { AuditEventsTable } from './audit-events.table.js';
import type { JobsTable } from './jobs.table.js';
import type { MailsTable } from './mails.table.js';
import type { ChallengesTable } from './challenges.table.js';
import type { ChallengeVersionsTable } from './challenge-versions.table.js';
import type { TestsTable } from './tests.table.js';
import type { TestVersionsTable, TestVersionChallengesTable } from './test-versions.table.js';
import type { CandidatesTable } from './candidates.table.js';
import type { InvitationsTable } from './invitations.table.js';
import type { ApiTokensTable } from './api-tokens.table.js';
import type { WebhookEndpointsTable, WebhookDeliveriesTable } from './webhooks.table.js';
import type {
  AttemptsTable,
  AttemptSessionsTable,
  AttemptDraftsTable,
  AttemptEventsTable,
} from './attempts.table.js';
import type {
  GradingsTable,
  ReportNotesTable,
  ReportOverridesTable,
  ReportShareLinksTable,
} from './gradings.table.js';
import type { NotificationPreferencesTable } from './notification-preferences.table.js';
import type { ApiIdempotencyKeysTable } from './api-idempotency-keys.table.js';
import type { AnonymousScoresTable } from './anonymous-scores.table.js';

/**
 * The whole database as Kysely sees it. Each module adds its tables here
 * (one `<table>.table.ts` per table). Portable types only: text ids, ISO-8601 UTC
 * timestamps as text, JSON as text, integers, booleans as 0/1 integers.
 */
export interface Database {
  instance_settings: InstanceSettingsTable;
  organizations: OrganizationsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  password_reset_tokens: PasswordResetTokensTable;
  member_invitations: MemberInvitationsTable;
  login_attempts: LoginAttemptsTable;
  audit_events: AuditEventsTable;
  jobs: JobsTable;
  mails: MailsTable;
  challenges: ChallengesTable;
  challenge_versions: ChallengeVersionsTable;
  tests: TestsTable;
  test_versions: TestVersionsTable;
  test_version_challenges: TestVersionChallengesTable;
  candidates: CandidatesTable;
  invitations: InvitationsTable;
  api_tokens: ApiTokensTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  attempts: AttemptsTable;
  attempt_sessions: AttemptSessionsTable;
  attempt_drafts: AttemptDraftsTable;
  attempt_events: AttemptEventsTable;
  gradings: GradingsTable;
  report_notes: ReportNotesTable;
  report_overrides: ReportOverridesTable;
  report_share_links: ReportShareLinksTable;
  notification_preferences: NotificationPreferencesTable;
  api_idempotency_keys: ApiIdempotencyKeysTable;
  anonymous_scores: AnonymousScoresTable;
  ats_api_keys: AtsApiKeysTable;
  ats_connections: AtsConnectionsTable;
  ats_access_tokens: AtsAccessTokensTable;
  ats_orders: AtsOrdersTable;
  ats_deliveries: AtsDeliveriesTable;
  ats_inbound_errors: AtsInboundErrorsTable;
}
