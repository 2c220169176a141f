/** Password attempts, for throttling (sliding one-hour window per bucket). */
export interface LoginAttemptsTable {
  id: string;
  bucket: string;
  ip: string | null;
  /** 0 | 1 */
  succeeded: number;
  attempted_at: string;
}
