/**
 * A graded score kept after its candidate was erased, for the per-test-version statistics
 * (percentiles, histograms). Nothing links it back: a fresh id, no candidate, invitation or
 * attempt id, and only the day it was graded (`YYYY-MM-DD`).
 */
export interface AnonymousScoresTable {
  id: string;
  organization_id: string;
  test_id: string;
  test_version_id: string;
  /** Percent 0–100 (the invitation's final score, reviewer overrides included). */
  score: number;
  graded_on: string;
}
