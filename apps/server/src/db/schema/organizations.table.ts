/** An organization (tenant). */
export interface OrganizationsTable {
  id: string;
  name: string;
  slug: string;
  logo_url: string | null;
  accent_color: string | null;
  /** Days after a candidate's last activity before they are erased automatically; null = keep. */
  candidate_retention_days: number | null;
  created_at: string;
  updated_at: string;
}
