import type { AttemptEventKind, AttemptStatus } from '@assay/contracts';

/** A candidate's attempt (one per invitation, created by Start). The repository is `<DATA_DIR>/repos/<id>.git`. */
export interface AttemptsTable {
  id: string;
  organization_id: string;
  invitation_id: string;
  test_version_id: string;
  status: AttemptStatus;
  started_at: string;
  /** The starter commit (the diff base of the report; force-pushes over it are refused). */
  initial_commit: string;
  /** The latest commit on `main` as Assay last saw it (pushes and draft commits move it). */
  head_commit: string;
  head_committed_at: string;
  last_draft_commit_at: string | null;
  /** The per-attempt git credential: hash for checks, sealed (secret box) to show it again on resume. */
  git_password_hash: string;
  git_password_sealed: string;
  language: string | null;
  submitted_at: string | null;
  /** The frozen submission. */
  submitted_commit: string | null;
  submit_reason: 'candidate' | 'deadline' | null;
  created_at: string;
  updated_at: string;
}

/** A candidate browser's attempt cookie (hash only). */
export interface AttemptSessionsTable {
  token_hash: string;
  attempt_id: string;
  created_at: string;
  expires_at: string;
}

/** An IDE change not yet committed: `content` (UTF-8) or `deleted` = 1. */
export interface AttemptDraftsTable {
  attempt_id: string;
  path: string;
  content: string | null;
  deleted: number;
  base_commit: string;
  updated_at: string;
}

/** The attempt timeline. `data` is JSON (commit ids, file counts, verdicts; never file contents). */
export interface AttemptEventsTable {
  id: string;
  attempt_id: string;
  organization_id: string;
  kind: AttemptEventKind;
  at: string;
  data: string;
}
