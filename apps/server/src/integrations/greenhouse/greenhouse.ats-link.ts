/**
 * Greenhouse candidate links (contracts/greenhouse.md §8): `https://app.greenhouse.io/people/<id>`
 * with an optional numeric `application_id`. Parsing only: Greenhouse offers partners no candidate
 * lookup (the Harvest API is out of scope), so a well-formed link on an allowed host is confirmed
 * as it is. It implements the candidates module's `AtsLinkResolver` port (main registers it).
 */

const PEOPLE_PATH = /^\/people\/(\d{1,20})\/?$/;
const APPLICATION_ID = /^\d{1,20}$/;

export interface GreenhouseLink {
  candidateId: string;
  applicationId: string | null;
  /** The normalized profile URL (https, no fragment, only `application_id` kept). */
  profileUrl: string;
}

/**
 * Parse a Greenhouse candidate URL; undefined when it is not one (wrong host, path or ids).
 * `allowInsecure` (`ATS_ALLOW_INSECURE_CALLBACKS`, never in production) also accepts http and a
 * port, so the ATS sandbox's profile URLs link like real ones.
 */
export function parseGreenhouseLink(
  raw: string,
  hosts: readonly string[],
  options: { allowInsecure?: boolean } = {},
): GreenhouseLink | undefined {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined;
  }
  const insecure = options.allowInsecure === true;
  if (url.protocol !== 'https:' && !(insecure && url.protocol === 'http:')) return undefined;
  if (url.username !== '' || url.password !== '' || (url.port !== '' && !insecure)) return undefined;
  if (!hosts.includes(url.hostname.toLowerCase())) return undefined;
  const match = PEOPLE_PATH.exec(url.pathname);
  if (!match?.[1]) return undefined;
  const applicationId = url.searchParams.get('application_id');
  if (applicationId !== null && !APPLICATION_ID.test(applicationId)) return undefined;
  const origin = `${url.protocol}//${url.hostname.toLowerCase()}${url.port ? `:${url.port}` : ''}`;
  const profileUrl = `${origin}/people/${match[1]}${applicationId ? `?application_id=${applicationId}` : ''}`;
  return { candidateId: match[1], applicationId, profileUrl };
}

/** The ATS link resolver for Greenhouse, for the candidates module's registry. */
export function createGreenhouseLinkResolver(options: { hosts: readonly string[]; allowInsecure?: boolean }) {
  const hosts = options.hosts.map((h) => h.toLowerCase());
  const parse = (url: string) =>
    parseGreenhouseLink(url, hosts, { allowInsecure: options.allowInsecure === true });
  return {
    provider: 'greenhouse',
    label: 'Greenhouse',
    example: `https://${hosts[0] ?? 'app.greenhouse.io'}/people/12345?application_id=67890`,
    matches: (url: string) => parse(url) !== undefined,
    resolve(_organizationId: string, url: string): Promise<{ externalId: string; profileUrl: string }> {
      const link = parse(url);
      if (!link) return Promise.reject(new Error('Not a Greenhouse candidate link.'));
      return Promise.resolve({ externalId: link.candidateId, profileUrl: link.profileUrl });
    },
  };
}
