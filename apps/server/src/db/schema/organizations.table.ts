/** An organization (tenant). */
export interface OrganizationsTable {
  id: string;
  name: string;
  slug: string;
  logo_url: string | null;
  accent_color: string | null;
  created_at: string;
  updated_at: string;
}
