/** A user's role in an organization (`owner` | `admin` | `recruiter` | `reviewer`). */
export interface MembershipsTable {
  id: string;
  organization_id: string;
  user_id: string;
  role: string;
  created_at: string;
}
