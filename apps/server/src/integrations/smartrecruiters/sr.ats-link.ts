import type { AtsCore } from '../../modules/ats/index.js';
import { candidateProfileUrl } from './sr.mapper.js';
import type { SrClient } from './sr.client.js';
import { SrCandidateJobSchema, SrCandidateSchema, SrJobApplicationSchema } from './sr.wire.js';

/**
 * SmartRecruiters candidate links (contract §8): parse every URL shape recruiters paste, then
 * resolve it with the organization's C credential (application → candidate → jobs →
 * applicationId). Implements the candidates module's `AtsLinkResolver` port structurally
 * (integrations import only `modules/ats`); `main` registers it.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;

export interface SrLink {
  /** `application`: the id may be an application or a candidate id; `candidate`: a candidate id. */
  kind: 'application' | 'candidate';
  id: string;
}

export const NOT_AN_SR_LINK = 'Not a SmartRecruiters candidate link';
export const CONNECT_FIRST = 'Connect SmartRecruiters first (Settings > Integrations > SmartRecruiters).';
export const CANDIDATE_NOT_FOUND = 'Candidate not found in the connected SmartRecruiters company';

function isSrHost(host: string, apiHost: string | null): boolean {
  return (
    host === 'smartrecruiters.com' ||
    host.endsWith('.smartrecruiters.com') ||
    (apiHost !== null && host === apiHost)
  );
}

/**
 * Parse a SmartRecruiters candidate URL or a bare candidate UUID. `apiUrl` (the configured
 * API origin) is accepted as a host too, so sandbox links work. Undefined when it is not one.
 */
export function parseSrLink(raw: string, apiUrl?: string): SrLink | undefined {
  const text = raw.trim();
  if (UUID.test(text)) return { kind: 'candidate', id: text.toLowerCase() };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  let api: URL | null = null;
  try {
    api = apiUrl ? new URL(apiUrl) : null;
  } catch {
    api = null;
  }
  const host = url.host.toLowerCase();
  const isApiHost = api !== null && host === api.host.toLowerCase();
  if (url.username || url.password) return undefined;
  if (url.protocol !== 'https:' && !(isApiHost && url.protocol === api?.protocol)) return undefined;
  if (!isApiHost && (url.port !== '' || !isSrHost(url.hostname.toLowerCase(), null))) return undefined;
  const segments = url.pathname.split('/').filter((s) => s !== '');
  if (segments[0] !== 'app' || segments[1] !== 'people') return undefined;
  const [, , third, fourth] = segments;
  if (third === undefined) return undefined;
  if (third === 'applications' || third === 'candidates' || third === 'profile') {
    if (fourth === undefined || !ID.test(fourth)) return undefined;
    if (third === 'candidates' && !UUID.test(fourth)) return undefined;
    return { kind: third === 'applications' ? 'application' : 'candidate', id: fourth };
  }
  // Legacy `/app/people/<uuid>/…`.
  if (UUID.test(third) && segments.length >= 4) return { kind: 'candidate', id: third.toLowerCase() };
  return undefined;
}

export interface SrLinkResolverDeps {
  core: Pick<AtsCore, 'connections'>;
  client: SrClient;
  apiUrl: string;
}

export interface SrResolvedLink {
  candidateId: string;
  jobId: string | null;
  applicationId: string | null;
  profileUrl: string;
}

/**
 * Resolve a parsed link with the organization's C credential.
 * @throws Error with a user-facing message (connect first, not found, SR refused).
 */
export async function resolveSrLink(
  deps: SrLinkResolverDeps,
  organizationId: string,
  link: SrLink,
): Promise<SrResolvedLink> {
  const connection = await deps.core.connections.get('smartrecruiters', organizationId);
  const clientId = connection?.credentials?.clientId;
  const clientSecret = connection?.credentials?.clientSecret;
  if (!connection || connection.status === 'disconnected' || !clientId || !clientSecret) {
    throw new Error(CONNECT_FIRST);
  }
  const credential = { clientId, clientSecret };
  const failed = (status: number | null) =>
    new Error(
      status === 401 || status === 403
        ? 'SmartRecruiters refused the lookup (check that Assay may read candidates, then reconnect).'
        : 'SmartRecruiters could not be reached. Try again in a moment.',
    );

  let candidateId = link.id;
  let jobId: string | null = null;
  if (link.kind === 'application') {
    const { result, json } = await deps.client.getJson(
      credential,
      `/job-applications-api/v202112/job-applications/${encodeURIComponent(link.id)}`,
    );
    if (result.ok) {
      const app = SrJobApplicationSchema.safeParse(json);
      const profileId = app.success ? (app.data.profileId ?? app.data.candidateId) : undefined;
      if (profileId) {
        candidateId = profileId;
        jobId = app.data?.jobId ?? null;
      }
    } else if (result.status !== 400 && result.status !== 404) {
      throw failed(result.status);
    }
  }

  const candidate = await deps.client.getJson(credential, `/candidates/${encodeURIComponent(candidateId)}`);
  if (!candidate.result.ok) {
    if (candidate.result.status === 404 || candidate.result.status === 400)
      throw new Error(CANDIDATE_NOT_FOUND);
    throw failed(candidate.result.status);
  }
  const parsed = SrCandidateSchema.safeParse(candidate.json);
  if (parsed.success && !jobId) {
    // Several jobs: the primary assignment is taken (the recruiter can relink from the profile).
    jobId =
      parsed.data.primaryAssignment?.job?.id ??
      parsed.data.secondaryAssignments?.find((a) => a.job?.id)?.job?.id ??
      null;
  }
  let applicationId: string | null = null;
  if (jobId) {
    const job = await deps.client.getJson(
      credential,
      `/candidates/${encodeURIComponent(candidateId)}/jobs/${encodeURIComponent(jobId)}`,
    );
    if (job.result.ok) {
      const j = SrCandidateJobSchema.safeParse(job.json);
      applicationId = j.success ? (j.data.applicationId ?? j.data.id ?? null) : null;
    }
  }
  return { candidateId, jobId, applicationId, profileUrl: candidateProfileUrl(deps.apiUrl, candidateId) };
}

/** The candidates module's ATS link resolver for SmartRecruiters (registered by `main`). */
export function createSmartRecruitersLinkResolver(deps: SrLinkResolverDeps) {
  return {
    provider: 'smartrecruiters',
    label: 'SmartRecruiters',
    example: 'https://www.smartrecruiters.com/app/people/candidates/3f2a9c1e-8b7d-4e6f-9a0b-1c2d3e4f5a6b',
    matches: (url: string) => parseSrLink(url, deps.apiUrl) !== undefined,
    async resolve(organizationId: string, url: string): Promise<{ externalId: string; profileUrl: string }> {
      const link = parseSrLink(url, deps.apiUrl);
      if (!link) throw new Error(NOT_AN_SR_LINK);
      const resolved = await resolveSrLink(deps, organizationId, link);
      return { externalId: resolved.candidateId, profileUrl: resolved.profileUrl };
    },
  };
}
