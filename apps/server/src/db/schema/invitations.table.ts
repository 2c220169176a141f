import type { InvitationStatus } from '@assay/contracts';

/**
 * A candidate's invitation to a test version (pinned at invite time, with the test's name,
 * kind, languages and time limit). Only the hash of the link token is stored; it is null
 * until the invitation mail issues a link. `languages` is a JSON array.
 */
export interface InvitationsTable {
  id: string;
  organization_id: string;
  candidate_id: string;
  test_id: string;
  test_version_id: string;
  test_name: string;
  test_kind: 'project' | 'problems';
  languages: string;
  time_limit_minutes: number;
  status: InvitationStatus;
  token_hash: string | null;
  expires_at: string;
  /** Accommodation chosen at invite time. */
  extra_time_minutes: number;
  /** Minutes a recruiter added later (extend time). */
  time_extension_minutes: number;
  message: string | null;
  invited_by_user_id: string | null;
  reinvited_from_id: string | null;
  /** Percent 0–100; null until graded. */
  score: number | null;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
  opened_at: string | null;
  started_at: string | null;
  submitted_at: string | null;
  graded_at: string | null;
  cancelled_at: string | null;
  expired_at: string | null;
  reminder_sent_at: string | null;
}
