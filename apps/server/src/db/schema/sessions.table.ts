/** A browser session. `id` is the SHA-256 of the cookie value. */
export interface SessionsTable {
  id: string;
  user_id: string;
  current_organization_id: string | null;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  reauth_at: string | null;
}
