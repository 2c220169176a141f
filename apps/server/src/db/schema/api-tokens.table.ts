/** A personal API token. `token_hash` is the SHA-256 of the token; `scopes` a JSON array. */
export interface ApiTokensTable {
  id: string;
  user_id: string;
  organization_id: string;
  name: string;
  prefix: string;
  token_hash: string;
  scopes: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}
