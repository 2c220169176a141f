/** An invitation for a teammate to join an organization (hash of the accept token only). */
export interface MemberInvitationsTable {
  id: string;
  organization_id: string;
  email: string;
  role: string;
  token_hash: string;
  invited_by_user_id: string | null;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
  revoked_at: string | null;
}
