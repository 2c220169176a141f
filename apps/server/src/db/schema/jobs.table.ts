export type JobStatus = 'pending' | 'running' | 'done' | 'dead';

/** The SQLite job outbox (see platform/jobs and docs/adr/0002-jobs.md). */
export interface JobsTable {
  id: string;
  name: string;
  /** JSON text. */
  payload: string;
  organization_id: string | null;
  status: JobStatus;
  /** Runs started so far; completion is fenced on it. */
  attempt: number;
  max_attempts: number;
  run_at: string;
  lease_until: string | null;
  locked_by: string | null;
  last_error: string | null;
  dedupe_key: string | null;
  created_at: string;
  updated_at: string;
}
