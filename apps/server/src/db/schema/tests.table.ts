import type { TestKind } from '@assay/contracts';

/** A test's working copy (the draft) and a pointer to its latest published version. */
export interface TestsTable {
  id: string;
  organization_id: string;
  name: string;
  kind: TestKind;
  /** JSON [{ challengeId, weight }] */
  challenges: string;
  time_limit_minutes: number;
  validity_days: number;
  /** JSON string[] */
  allowed_languages: string;
  instructions: string;
  show_feedback: number;
  published_version_id: string | null;
  published_version_number: number | null;
  has_unpublished_changes: number;
  archived_at: string | null;
  created_by_user_id: string | null;
  created_at: string;
  updated_at: string;
}
