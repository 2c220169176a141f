import type { TestKind } from '@assay/contracts';

/** An immutable published snapshot of a test (invitations pin one). */
export interface TestVersionsTable {
  id: string;
  test_id: string;
  number: number;
  name: string;
  kind: TestKind;
  time_limit_minutes: number;
  validity_days: number;
  /** JSON string[] */
  allowed_languages: string;
  instructions: string;
  show_feedback: number;
  published_by_user_id: string | null;
  published_at: string;
}

/** The challenge versions a test version pins, in order, with weights. */
export interface TestVersionChallengesTable {
  test_version_id: string;
  position: number;
  challenge_version_id: string;
  weight: number;
}
