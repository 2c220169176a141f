import type { AtsLink, Candidate } from '@assay/contracts';
import type { CandidateRow } from './candidates.repository.js';

/** The candidate's ATS link (badge and button state). */
export function presentAtsLink(
  row: Pick<CandidateRow, 'ats_url' | 'ats_status' | 'ats_provider' | 'ats_profile_url' | 'ats_error'>,
): AtsLink {
  return {
    url: row.ats_url,
    status: row.ats_status,
    ...(row.ats_provider ? { provider: row.ats_provider } : {}),
    ...(row.ats_status === 'linked' && row.ats_profile_url ? { profileUrl: row.ats_profile_url } : {}),
    ...(row.ats_status === 'failed' && row.ats_error ? { error: row.ats_error } : {}),
  };
}

/** Parse the JSON tags column (a corrupt value shows as no tags rather than a 500). */
export function parseTags(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}

export function presentCandidate(row: CandidateRow): Candidate {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    tags: parseTags(row.tags),
    atsLink: presentAtsLink(row),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
