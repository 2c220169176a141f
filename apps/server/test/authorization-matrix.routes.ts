import type { Role } from '@assay/contracts';
import type { Db } from '../src/db/index.js';
import {
  makeCandidate,
  makeCandidateInvitation,
  makePublishedTest,
} from './invitations/invitation-factories.js';
import { makeChallenge, makeDraftTest } from './challenges/challenge-factories.js';
import { makeDeadWebhookDelivery, makeWebhookEndpoint } from './webhooks/webhook-fixtures.js';
import { makeShareLink } from './reports/report-factories.js';
import { makeAtsKey, makeDeadAtsDelivery } from './ats/ats-fixtures.js';

/**
 * Every route and who may call it. The authorization matrix and CSRF suites list routes
 * from Fastify's `onRoute` and FAIL on any route without a row here: add a row with
 * your route. `request` builds one valid request (ids and body) in the given organization,
 * so an allowed caller does not get a 404 for a missing object.
 */
export type RouteAccess =
  | { access: 'public' }
  | { access: 'authenticated' }
  | { access: 'org'; minRole: Role }
  /** Bearer API tokens only (`/api/v1`): every cookie caller, signed in or not, gets 401. */
  | { access: 'bearer' };

export interface MatrixContext {
  /** The organization in the URL (the caller's own, or another one). */
  orgId: string;
  /** A new member of `orgId` with `role`; returns the user id. */
  makeMember(role: Role): Promise<string>;
  /** A pending member invitation in `orgId`. */
  makeInvitation(): Promise<{ id: string; token: string }>;
  /** A stored mail of `orgId` (Mail log). */
  makeMail(): Promise<string>;
  /** A dead job of `orgId` (Failed jobs). */
  makeDeadJob(): Promise<string>;
  /** A new user (no memberships) with the test password. */
  makeUser(): Promise<{ id: string; email: string }>;
  /** Something unique for emails and names. */
  unique(): string;
  password: string;
  /** The test database, for module factories (e.g. test/invitations/invitation-factories.ts). */
  db: Db;
}

export interface RouteRow {
  rule: RouteAccess;
  request?: (ctx: MatrixContext) => Promise<{ url?: string; payload?: unknown }>;
}

export const ROUTE_TABLE: Record<string, RouteRow> = {
  // Platform
  'GET /healthz': { rule: { access: 'public' } },
  'GET /metrics': { rule: { access: 'public' } },
  'GET /api/openapi.json': { rule: { access: 'public' } },
  'GET /api/docs': { rule: { access: 'public' } },
  'GET /api/docs/json': { rule: { access: 'public' } },
  'GET /api/docs/yaml': { rule: { access: 'public' } },
  'GET /api/docs/static/index.html': { rule: { access: 'public' } },
  'GET /api/docs/static/swagger-initializer.js': { rule: { access: 'public' } },
  'GET /api/docs/static/*': {
    rule: { access: 'public' },
    request: () => Promise.resolve({ url: '/api/docs/static/index.html' }),
  },

  // Identity
  'GET /api/session': { rule: { access: 'public' } },
  'POST /api/session/login': {
    rule: { access: 'public' },
    request: async (c) => {
      const user = await c.makeUser();
      return { payload: { email: user.email, password: c.password } };
    },
  },
  'POST /api/session/logout': { rule: { access: 'public' } },
  'POST /api/session/reauth': {
    rule: { access: 'authenticated' },
    request: (c) => Promise.resolve({ payload: { password: c.password } }),
  },
  'POST /api/session/switch-organization': {
    rule: { access: 'authenticated' },
    // Switching to an organization one is not in is a 404 by design: use the caller's own.
    request: (c) => Promise.resolve({ payload: { organizationId: c.orgId } }),
  },
  'POST /api/password-reset/request': {
    rule: { access: 'public' },
    request: (c) => Promise.resolve({ payload: { email: `${c.unique()}@example.test` } }),
  },
  'POST /api/password-reset/confirm': {
    rule: { access: 'public' },
    request: () => Promise.resolve({ payload: { token: 'apr_unknown', password: 'a new passphrase' } }),
  },
  'POST /api/account/password': {
    rule: { access: 'authenticated' },
    // A wrong current password (400) still proves the caller got past authorization.
    request: () =>
      Promise.resolve({ payload: { currentPassword: 'wrong', newPassword: 'a new passphrase' } }),
  },
  'POST /api/account/email': {
    rule: { access: 'authenticated' },
    request: (c) => Promise.resolve({ payload: { email: `${c.unique()}@example.test` } }),
  },

  // Organizations
  'POST /api/setup': {
    rule: { access: 'public' },
    request: (c) =>
      Promise.resolve({
        payload: {
          organizationName: 'X',
          name: 'X',
          email: `${c.unique()}@example.test`,
          password: c.password,
        },
      }),
  },
  'POST /api/member-invitations/lookup': {
    rule: { access: 'public' },
    request: async (c) => ({ payload: { token: (await c.makeInvitation()).token } }),
  },
  'POST /api/member-invitations/accept': {
    rule: { access: 'public' },
    request: async (c) => ({
      payload: { token: (await c.makeInvitation()).token, name: 'New Member', password: c.password },
    }),
  },
  'GET /api/orgs/:orgId/settings': { rule: { access: 'org', minRole: 'reviewer' } },
  'PATCH /api/orgs/:orgId/settings': {
    rule: { access: 'org', minRole: 'admin' },
    request: () => Promise.resolve({ payload: { accentColor: '#123456' } }),
  },
  'GET /api/orgs/:orgId/members': { rule: { access: 'org', minRole: 'reviewer' } },
  'PATCH /api/orgs/:orgId/members/:userId': {
    rule: { access: 'org', minRole: 'admin' },
    request: async (c) => ({
      url: `/api/orgs/${c.orgId}/members/${await c.makeMember('recruiter')}`,
      payload: { role: 'reviewer' },
    }),
  },
  'DELETE /api/orgs/:orgId/members/:userId': {
    rule: { access: 'org', minRole: 'admin' },
    request: async (c) => ({ url: `/api/orgs/${c.orgId}/members/${await c.makeMember('reviewer')}` }),
  },
  'GET /api/orgs/:orgId/member-invitations': { rule: { access: 'org', minRole: 'admin' } },
  'POST /api/orgs/:orgId/member-invitations': {
    rule: { access: 'org', minRole: 'admin' },
    request: (c) => Promise.resolve({ payload: { email: `${c.unique()}@example.test`, role: 'recruiter' } }),
  },
  'DELETE /api/orgs/:orgId/member-invitations/:invitationId': {
    rule: { access: 'org', minRole: 'admin' },
    request: async (c) => ({
      url: `/api/orgs/${c.orgId}/member-invitations/${(await c.makeInvitation()).id}`,
    }),
  },

  // Admin (Settings → Mail log, Audit log, Failed jobs)
  'GET /api/orgs/:orgId/admin/mails': { rule: { access: 'org', minRole: 'admin' } },
  'GET /api/orgs/:orgId/admin/mails/:mailId': {
    rule: { access: 'org', minRole: 'admin' },
    request: async (c) => ({ url: `/api/orgs/${c.orgId}/admin/mails/${await c.makeMail()}` }),
  },
  'GET /api/orgs/:orgId/admin/audit-events': { rule: { access: 'org', minRole: 'admin' } },
  'GET /api/orgs/:orgId/admin/failed-jobs': { rule: { access: 'org', minRole: 'admin' } },
  'POST /api/orgs/:orgId/admin/failed-jobs/:jobId/retry': {
    rule: { access: 'org', minRole: 'admin' },
    request: async (c) => ({ url: `/api/orgs/${c.orgId}/admin/failed-jobs/${await c.makeDeadJob()}/retry` }),
  },

  // API tokens (Settings → API tokens: each member's own; DELETE of an unknown id is a no-op 204)
  'GET /api/orgs/:orgId/api-tokens': { rule: { access: 'org', minRole: 'reviewer' } },
  'POST /api/orgs/:orgId/api-tokens': {
    rule: { access: 'org', minRole: 'reviewer' },
    request: () => Promise.resolve({ payload: { name: 'Matrix', scopes: ['reports:read'] } }),
  },
  'DELETE /api/orgs/:orgId/api-tokens/:tokenId': { rule: { access: 'org', minRole: 'reviewer' } },

  // Candidates and invitations (test/invitations/invitation-factories.ts builds the objects)
  'GET /api/orgs/:orgId/candidates': { rule: { access: 'org', minRole: 'reviewer' } },
  'GET /api/orgs/:orgId/candidates/:candidateId': {
    rule: { access: 'org', minRole: 'reviewer' },
    request: async (c) => ({
      url: `/api/orgs/${c.orgId}/candidates/${(await makeCandidate(c.db, c.orgId)).id}`,
    }),
  },
  'PATCH /api/orgs/:orgId/candidates/:candidateId': {
    rule: { access: 'org', minRole: 'recruiter' },
    request: async (c) => ({
      url: `/api/orgs/${c.orgId}/candidates/${(await makeCandidate(c.db, c.orgId)).id}`,
      payload: { tags: ['matrix'] },
    }),
  },
  'POST /api/orgs/:orgId/candidates/:candidateId/ats-link': {
    rule: { access: 'org', minRole: 'recruiter' },
    // Not a URL any ATS resolver recognizes: an allowed caller gets 400 candidates.ats_url_unrecognized.
    request: async (c) => ({
      url: `/api/orgs/${c.orgId}/candidates/${(await makeCandidate(c.db, c.orgId)).id}/ats-link`,
      payload: { url: 'https://ats.example.test/candidates/1' },
    }),
  },
  // Data rights (owner/admin; the matrix sessions are freshly re-authenticated).
  'GET /api/orgs/:orgId/candidates/:candidateId/export.zip': {
    rule: { access: 'org', minRole: 'admin' },
    request: async (c) => ({
      url: `/api/orgs/${c.orgId}/candidates/${(await makeCandidate(c.db, c.orgId)).id}/export.zip`,
    }),
  },
  'POST /api/orgs/:orgId/candidates/:candidateId/erase': {
    rule: { access: 'org', minRole: 'admin' },
    request: async (c) => {
      const candidate = await makeCandidate(c.db, c.orgId);
      return {
        url: `/api/orgs/${c.orgId}/candidates/${candidate.id}/erase`,
        payload: { confirmEmail: candidate.email },
      };
    },
  },
  'POST /api/orgs/:orgId/invitations': {
    rule: { access: 'org', minRole: 'recruiter' },
    request: async (c) => ({
      payload: {
        testId: (await makePublishedTest(c.db, c.orgId)).id,
        name: 'Matrix Candidate',
        email: `${c.unique()}@example.test`,
      },
    }),
  },
  'POST /api/orgs/:orgId/invitations/bulk': {
    rule: { access: 'org', minRole: 'recruiter' },
    request: async (c) => ({
      payload: {
        testId: (await makePublishedTest(c.db, c.orgId)).id,
        csv: `name,email\nMatrix,${c.unique()}@example.test\n`,
      },
    }),
  },
  'GET /api/orgs/:orgId/invitations/:invitationId': {
    rule: { access: 'org', minRole: 'reviewer' },
    request: async (c) => ({
      url: `/api/orgs/${c.orgId}/invitations/${(await makeCandidateInvitation(c.db, c.orgId)).id}`,
    }),
  },
  ...Object.fromEntries(
    (
      [
        ['cancel', 'invited', {}],
        ['extend-time', 'invited', { minutes: 5 }],
        ['extend-validity', 'invited', { days: 1 }],
        ['resend', 'invited', {}],
        ['reinvite', 'cancelled', {}],
      ] as const
    ).map(([verb, status, payload]): [string, RouteRow] => [
      `POST /api/orgs/:orgId/invitations/:invitationId/${verb}`,
      {
        rule: { access: 'org', minRole: 'recruiter' },
        request: async (c) => ({
          url: `/api/orgs/${c.orgId}/invitations/${(await makeCandidateInvitation(c.db, c.orgId, status)).id}/${verb}`,
          payload,
        }),
      },
    ]),
  ),
  'GET /api/orgs/:orgId/activities': { rule: { access: 'org', minRole: 'reviewer' } },
  'GET /api/orgs/:orgId/activities.csv': { rule: { access: 'org', minRole: 'reviewer' } },
  'POST /api/candidate/invitation': {
    rule: { access: 'public' },
    request: async (c) => ({ payload: { token: (await makeCandidateInvitation(c.db, c.orgId)).token } }),
  },
  // Reports (an invitation not started yet: overrides answer 409 not_graded, re-grade 409
  // not_submitted, the code file 409 no_code, all after the role check)
  'GET /api/reports/:invitationId/locate': {
    rule: { access: 'authenticated' },
    request: async (c) => ({
      url: `/api/reports/${(await makeCandidateInvitation(c.db, c.orgId)).id}/locate`,
    }),
  },
  ...Object.fromEntries(
    (
      [
        ['GET', '', 'reviewer', undefined],
        ['GET', '/code', 'reviewer', undefined],
        ['GET', '/code/file', 'reviewer', undefined],
        ['GET', '/report.pdf', 'reviewer', undefined],
        ['POST', '/notes', 'reviewer', { body: 'Matrix note' }],
        ['POST', '/overrides', 'reviewer', { criterionId: 'c1', points: 1, reason: 'Matrix' }],
        ['POST', '/regrade', 'recruiter', {}],
        ['POST', '/share-links', 'recruiter', { expiresInDays: 1 }],
      ] as const
    ).map(([method, suffix, minRole, payload]): [string, RouteRow] => [
      `${method} /api/orgs/:orgId/reports/:invitationId${suffix}`,
      {
        rule: { access: 'org', minRole },
        request: async (c) => ({
          url: `/api/orgs/${c.orgId}/reports/${(await makeCandidateInvitation(c.db, c.orgId)).id}${suffix}${suffix === '/code/file' ? '?path=README.md' : ''}`,
          ...(payload ? { payload } : {}),
        }),
      },
    ]),
  ),
  'DELETE /api/orgs/:orgId/reports/:invitationId/share-links/:linkId': {
    rule: { access: 'org', minRole: 'recruiter' },
    request: async (c) => {
      const link = await makeShareLink(c.db, c.orgId);
      return { url: `/api/orgs/${c.orgId}/reports/${link.invitationId}/share-links/${link.linkId}` };
    },
  },
  'POST /api/shared-report': {
    rule: { access: 'public' },
    request: async (c) => ({ payload: { token: (await makeShareLink(c.db, c.orgId)).token } }),
  },
  // The candidate's attempt (test/attempts covers the attempt cookie: another attempt's → 404).
  // Start is public; the attempt routes need the `assay_attempt` cookie, so every staff caller
  // gets 401 like anonymous (the `bearer` rule's expectation; staff sessions are ignored there).
  'POST /api/candidate/start': {
    rule: { access: 'public' },
    request: async (c) => ({ payload: { token: (await makeCandidateInvitation(c.db, c.orgId)).token } }),
  },
  'GET /api/candidate/attempts/:attemptId': { rule: { access: 'bearer' } },
  'GET /api/candidate/attempts/:attemptId/files': { rule: { access: 'bearer' } },
  'GET /api/candidate/attempts/:attemptId/file': { rule: { access: 'bearer' } },
  'PUT /api/candidate/attempts/:attemptId/drafts': { rule: { access: 'bearer' } },
  'POST /api/candidate/attempts/:attemptId/commit': { rule: { access: 'bearer' } },
  'POST /api/candidate/attempts/:attemptId/run': { rule: { access: 'bearer' } },
  'POST /api/candidate/attempts/:attemptId/submit': { rule: { access: 'bearer' } },
  // Git smart HTTP: HTTP Basic per attempt only (401 asks git for it; test/reliability/g1-repositories).
  'GET /git/:repo/info/refs': {
    rule: { access: 'bearer' },
    request: () => Promise.resolve({ url: '/git/someattempt.git/info/refs?service=git-upload-pack' }),
  },
  'POST /git/:repo/git-upload-pack': {
    rule: { access: 'bearer' },
    request: () => Promise.resolve({ url: '/git/someattempt.git/git-upload-pack' }),
  },
  'POST /git/:repo/git-receive-pack': {
    rule: { access: 'bearer' },
    request: () => Promise.resolve({ url: '/git/someattempt.git/git-receive-pack' }),
  },
  // Challenges and tests (test/challenges/challenge-factories.ts builds the objects; the import
  // row sends JSON, so allowed callers get 415 after the role check)
  'GET /api/orgs/:orgId/challenges': { rule: { access: 'org', minRole: 'reviewer' } },
  'GET /api/orgs/:orgId/challenges/:challengeId': {
    rule: { access: 'org', minRole: 'reviewer' },
    request: async (c) => ({
      url: `/api/orgs/${c.orgId}/challenges/${(await makeChallenge(c.db, c.orgId)).challengeId}`,
    }),
  },
  'GET /api/orgs/:orgId/challenges/:challengeId/versions/:versionId/statement': {
    rule: { access: 'org', minRole: 'reviewer' },
    request: async (c) => {
      const { challengeId, versionId } = await makeChallenge(c.db, c.orgId);
      return { url: `/api/orgs/${c.orgId}/challenges/${challengeId}/versions/${versionId}/statement` };
    },
  },
  'POST /api/orgs/:orgId/challenges/import': { rule: { access: 'org', minRole: 'recruiter' } },
  'GET /api/orgs/:orgId/tests': { rule: { access: 'org', minRole: 'reviewer' } },
  'POST /api/orgs/:orgId/tests': {
    rule: { access: 'org', minRole: 'recruiter' },
    request: async (c) => ({
      payload: {
        name: 'Matrix test',
        kind: 'problems',
        challenges: [{ challengeId: (await makeChallenge(c.db, c.orgId)).challengeId, weight: 1 }],
        timeLimitMinutes: 60,
      },
    }),
  },
  ...Object.fromEntries(
    (
      [
        ['GET', '', 'reviewer', undefined],
        ['PATCH', '', 'recruiter', { name: 'Renamed test' }],
        ['POST', '/publish', 'recruiter', undefined],
        ['POST', '/archive', 'recruiter', undefined],
        ['POST', '/unarchive', 'recruiter', undefined],
        ['POST', '/duplicate', 'recruiter', undefined],
      ] as const
    ).map(([method, suffix, minRole, payload]): [string, RouteRow] => [
      `${method} /api/orgs/:orgId/tests/:testId${suffix}`,
      {
        rule: { access: 'org', minRole },
        request: async (c) => ({
          url: `/api/orgs/${c.orgId}/tests/${(await makeDraftTest(c.db, c.orgId)).id}${suffix}`,
          ...(payload ? { payload } : {}),
        }),
      },
    ]),
  ),

  // Webhooks (Settings → Webhooks, admins)
  'GET /api/orgs/:orgId/webhooks': { rule: { access: 'org', minRole: 'admin' } },
  'POST /api/orgs/:orgId/webhooks': {
    rule: { access: 'org', minRole: 'admin' },
    // A public IP literal: saved without a DNS lookup, never called (no drain).
    request: () =>
      Promise.resolve({ payload: { url: 'https://93.184.216.34/hook', events: ['report.ready'] } }),
  },
  'PATCH /api/orgs/:orgId/webhooks/:endpointId': {
    rule: { access: 'org', minRole: 'admin' },
    request: async (c) => ({
      url: `/api/orgs/${c.orgId}/webhooks/${await makeWebhookEndpoint(c.db, c.orgId)}`,
      payload: { description: 'Matrix' },
    }),
  },
  'DELETE /api/orgs/:orgId/webhooks/:endpointId': {
    rule: { access: 'org', minRole: 'admin' },
    request: async (c) => ({
      url: `/api/orgs/${c.orgId}/webhooks/${await makeWebhookEndpoint(c.db, c.orgId)}`,
    }),
  },
  'POST /api/orgs/:orgId/webhooks/:endpointId/rotate-secret': {
    rule: { access: 'org', minRole: 'admin' },
    request: async (c) => ({
      url: `/api/orgs/${c.orgId}/webhooks/${await makeWebhookEndpoint(c.db, c.orgId)}/rotate-secret`,
    }),
  },
  'POST /api/orgs/:orgId/webhooks/:endpointId/test': {
    rule: { access: 'org', minRole: 'admin' },
    request: async (c) => ({
      url: `/api/orgs/${c.orgId}/webhooks/${await makeWebhookEndpoint(c.db, c.orgId)}/test`,
    }),
  },
  'GET /api/orgs/:orgId/webhooks/:endpointId/deliveries': {
    rule: { access: 'org', minRole: 'admin' },
    request: async (c) => ({
      url: `/api/orgs/${c.orgId}/webhooks/${await makeWebhookEndpoint(c.db, c.orgId)}/deliveries`,
    }),
  },
  'POST /api/orgs/:orgId/webhooks/deliveries/:deliveryId/retry': {
    rule: { access: 'org', minRole: 'admin' },
    request: async (c) => ({
      url: `/api/orgs/${c.orgId}/webhooks/deliveries/${await makeDeadWebhookDelivery(c.db, c.orgId)}/retry`,
    }),
  },

  // ATS core: Settings → Integrations (owner/admin; key, credentials and disconnect need re-auth)
  'GET /api/orgs/:orgId/integrations': { rule: { access: 'org', minRole: 'admin' } },
  'POST /api/orgs/:orgId/integrations/:provider/keys': {
    rule: { access: 'org', minRole: 'admin' },
    request: (c) => Promise.resolve({ url: `/api/orgs/${c.orgId}/integrations/greenhouse/keys` }),
  },
  'DELETE /api/orgs/:orgId/integrations/:provider/keys/:keyId': {
    rule: { access: 'org', minRole: 'admin' },
    request: async (c) => ({
      url: `/api/orgs/${c.orgId}/integrations/greenhouse/keys/${await makeAtsKey(c.db, c.orgId)}`,
    }),
  },
  'PUT /api/orgs/:orgId/integrations/:provider/credentials': {
    rule: { access: 'org', minRole: 'admin' },
    request: (c) =>
      Promise.resolve({
        url: `/api/orgs/${c.orgId}/integrations/greenhouse/credentials`,
        payload: { username: 'matrix-user', password: '' },
      }),
  },
  'DELETE /api/orgs/:orgId/integrations/:provider': {
    rule: { access: 'org', minRole: 'admin' },
    request: (c) => Promise.resolve({ url: `/api/orgs/${c.orgId}/integrations/greenhouse` }),
  },
  'GET /api/orgs/:orgId/integrations/deliveries': { rule: { access: 'org', minRole: 'admin' } },
  'POST /api/orgs/:orgId/integrations/deliveries/:deliveryId/retry': {
    rule: { access: 'org', minRole: 'admin' },
    request: async (c) => ({
      url: `/api/orgs/${c.orgId}/integrations/deliveries/${await makeDeadAtsDelivery(c.db, c.orgId)}/retry`,
    }),
  },
  'GET /api/orgs/:orgId/integrations/errors': { rule: { access: 'org', minRole: 'admin' } },

  // SmartRecruiters partner routes (integrations/smartrecruiters): consent and token are public;
  // the rest need our Bearer access token (every cookie caller gets 401).
  'GET /partner/smartrecruiters/consent': { rule: { access: 'public' } },
  'POST /partner/smartrecruiters/consent': { rule: { access: 'public' } },
  'POST /partner/smartrecruiters/oauth/token': { rule: { access: 'public' } },
  'GET /partner/smartrecruiters/packages': { rule: { access: 'bearer' } },
  'GET /partner/smartrecruiters/packages/:assessmentPackageId': { rule: { access: 'bearer' } },
  'POST /partner/smartrecruiters/packages/orders': { rule: { access: 'bearer' } },
  'DELETE /partner/smartrecruiters/integrations/companies/:companyId': { rule: { access: 'bearer' } },

  // Notifications (the caller's own preferences)
  'GET /api/orgs/:orgId/notification-preferences': { rule: { access: 'org', minRole: 'reviewer' } },
  'PUT /api/orgs/:orgId/notification-preferences': {
    rule: { access: 'org', minRole: 'reviewer' },
    request: () => Promise.resolve({ payload: { candidateSubmitted: true, gradingFinished: false } }),
  },

  // Public API v1: bearer tokens only (test/public-api/public-api.test.ts runs the token × scope matrix)
  'GET /api/v1/orgs/:orgId/tests': { rule: { access: 'bearer' } },
  'POST /api/v1/orgs/:orgId/invitations': { rule: { access: 'bearer' } },
  'GET /api/v1/orgs/:orgId/invitations/:invitationId': { rule: { access: 'bearer' } },
  'GET /api/v1/orgs/:orgId/invitations/:invitationId/report': { rule: { access: 'bearer' } },

  // Greenhouse partner API (integrations/greenhouse): Basic with an org's Greenhouse key only;
  // every cookie caller gets 401 (test/greenhouse covers the key matrix)
  'GET /partner/greenhouse/list_tests': { rule: { access: 'bearer' } },
  'POST /partner/greenhouse/send_test': { rule: { access: 'bearer' } },
  'GET /partner/greenhouse/test_status': { rule: { access: 'bearer' } },
  'POST /partner/greenhouse/response_error': { rule: { access: 'bearer' } },
};

/** Routes matched by shape rather than listed: the built web app's static files (names change per build). */
export const ROUTE_PATTERNS: { pattern: RegExp; row: RouteRow }[] = [
  { pattern: /^GET \/(?!api\/|api$|metrics$|healthz$)[^:*]*$/, row: { rule: { access: 'public' } } },
];

/** The row for `METHOD url`, or undefined when the route is missing from the table. */
export function findRouteRow(key: string): RouteRow | undefined {
  return ROUTE_TABLE[key] ?? ROUTE_PATTERNS.find((p) => p.pattern.test(key))?.row;
}
