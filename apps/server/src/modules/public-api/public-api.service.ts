import type {
  ApiV1CreateInvitationBody,
  ApiV1Invitation,
  ApiV1Test,
  Report,
  Test,
  TestListQuery,
} from '@assay/contracts';
import { PlatformErrors } from '../../platform/errors/index.js';
import type { ApiCaller } from '../identity/index.js';
import type { InvitationsService } from '../invitations/index.js';
import { presentApiInvitation, presentApiTest } from './public-api.presenter.js';

/** What the public API needs from the reports module (`service.getReport`). */
export interface ReportsPort {
  /** @throws resource.not_found (also another organization's invitation) */
  getReport(organizationId: string, invitationId: string): Promise<Report>;
}

export interface PublicApiDeps {
  invitations: Pick<InvitationsService, 'inviteCandidate' | 'get'>;
  tests: { listTests(organizationId: string, query: TestListQuery): Promise<Test[]> };
  /** Without it (reports not wired), the report route answers 503. */
  reports?: ReportsPort | undefined;
  publicUrl: string;
}

export type PublicApiService = ReturnType<typeof createPublicApiService>;

/**
 * Public API v1: thin adapters over the invitations, tests and reports services (the same
 * rules as the web app) that shape the versioned DTOs.
 */
export function createPublicApiService(deps: PublicApiDeps) {
  const { invitations, tests, publicUrl } = deps;
  return {
    /** Published tests (archived and never-published ones are left out). */
    async listTests(caller: ApiCaller): Promise<ApiV1Test[]> {
      const items = await tests.listTests(caller.organizationId, { status: 'published' });
      return items.flatMap((t) =>
        t.publishedVersion === null ? [] : [presentApiTest({ ...t, publishedVersion: t.publishedVersion })],
      );
    },

    /**
     * Invite a candidate, as the token owner (their name on the invitation, their mails).
     * @throws the errors of `inviteCandidate` (tests.*, candidates.ats_url_unrecognized, invitations.duplicate)
     */
    async createInvitation(caller: ApiCaller, body: ApiV1CreateInvitationBody): Promise<ApiV1Invitation> {
      const invitation = await invitations.inviteCandidate(
        { userId: caller.userId, role: caller.role },
        caller.organizationId,
        body,
      );
      return presentApiInvitation(invitation, publicUrl);
    },

    /** @throws resource.not_found (also another organization's) */
    async getInvitation(caller: ApiCaller, invitationId: string): Promise<ApiV1Invitation> {
      return presentApiInvitation(await invitations.get(caller.organizationId, invitationId), publicUrl);
    },

    /** @throws resource.not_found, service.unavailable (reports not wired) */
    async getReport(caller: ApiCaller, invitationId: string): Promise<Report> {
      if (!deps.reports) {
        throw PlatformErrors.create('service.unavailable', { message: 'Reports are not available yet.' });
      }
      return deps.reports.getReport(caller.organizationId, invitationId);
    },
  };
}
