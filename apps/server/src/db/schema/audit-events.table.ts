/** Append-only audit trail; `data` is JSON text without secrets. */
export interface AuditEventsTable {
  id: string;
  organization_id: string | null;
  actor_user_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  data: string;
  occurred_at: string;
}
