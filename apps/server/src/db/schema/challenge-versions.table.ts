/** An immutable challenge version; files unpacked once under DATA_DIR/<files_path>. */
export interface ChallengeVersionsTable {
  id: string;
  challenge_id: string;
  number: number;
  title: string;
  summary: string;
  difficulty: string | null;
  /** JSON string[] */
  languages: string;
  suggested_minutes: number | null;
  /** JSON string[] */
  tags: string;
  /** JSON: challenge.json (project) or the Kattis package summary (algorithmic). */
  manifest: string;
  statement_markdown: string;
  sha256: string;
  /** Relative to DATA_DIR: `challenges/<sha256>`. */
  files_path: string;
  created_by_user_id: string | null;
  created_at: string;
}
