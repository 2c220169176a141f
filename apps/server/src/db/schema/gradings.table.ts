/** One grading run of a submitted attempt; re-grades add rows with a higher `number`. */
export interface GradingsTable {
  id: string;
  organization_id: string;
  attempt_id: string;
  invitation_id: string;
  test_version_id: string;
  number: number;
  status: 'pending' | 'running' | 'graded' | 'failed';
  /** The graded commit (the attempt's frozen submission). */
  commit: string;
  /** Automatic total 0–100. */
  score: number | null;
  /** JSON: per-criterion (project) or per-problem (problems) results. */
  result: string | null;
  /** Build/test output (staff only, capped). */
  log: string;
  error: string | null;
  requested_by_user_id: string | null;
  created_at: string;
  finished_at: string | null;
}

export interface ReportNotesTable {
  id: string;
  organization_id: string;
  invitation_id: string;
  user_id: string | null;
  body: string;
  created_at: string;
}

/** A reviewer's per-criterion score; the automatic one stays in `gradings.result`. */
export interface ReportOverridesTable {
  invitation_id: string;
  criterion_id: string;
  organization_id: string;
  points: number;
  reason: string;
  user_id: string | null;
  created_at: string;
}

/** A signed, expiring link to a report for someone without an account (token hash only). */
export interface ReportShareLinksTable {
  id: string;
  organization_id: string;
  invitation_id: string;
  token_hash: string;
  created_by_user_id: string | null;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}
