/** 'none' → 'linking' (a job asks the ATS) → 'linked' | 'failed'. */
export type CandidateAtsStatus = 'none' | 'linking' | 'linked' | 'failed';

/** A candidate: one per email (case-insensitive) per organization. `tags` is a JSON array. */
export interface CandidatesTable {
  id: string;
  organization_id: string;
  name: string;
  email: string;
  tags: string;
  ats_url: string | null;
  ats_status: CandidateAtsStatus;
  ats_provider: string | null;
  ats_external_id: string | null;
  ats_profile_url: string | null;
  ats_error: string | null;
  created_at: string;
  updated_at: string;
}
