/** A member's notification mail choices in one organization (booleans as 0/1). No row = all on. */
export interface NotificationPreferencesTable {
  user_id: string;
  organization_id: string;
  candidate_submitted: number;
  grading_finished: number;
  updated_at: string;
}
