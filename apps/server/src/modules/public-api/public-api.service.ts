import type {
  ApiV1CreateInvitationBody,
  ApiV1Invitation,
  ApiV1Test,
  Report,
  Test,
  TestListQuery,
} from '@assay/contracts';
import { createHash } from 'node:crypto';
import type { Db } from '../../db/index.js';
import type { Clock } from '../../platform/clock/index.js';
import { newId } from '../../platform/crypto/index.js';
import { PlatformErrors } from '../../platform/errors/index.js';
import type { ApiCaller } from '../identity/index.js';
import type { InvitationsService } from '../invitations/index.js';
import { PublicApiErrors } from './public-api.errors.js';
import { presentApiInvitation, presentApiTest } from './public-api.presenter.js';
import * as repo from './public-api.repository.js';

/** How long a key's answer is kept (and the key refused for another request). */
export const IDEMPOTENCY_TTL_MS = 24 * 3600_000;
/** An in-flight key older than this is taken over (its request died with its process). */
export const IDEMPOTENCY_ABANDONED_MS = 60_000;

/** One request under an `Idempotency-Key`: the token that sent it, the key, and what it asked. */
export interface IdempotentRequest {
  tokenId: string;
  key: string;
  method: string;
  path: string;
  body: unknown;
}

/** What the public API needs from the reports module (`service.getReport`). */
export interface ReportsPort {
  /** @throws resource.not_found (also another organization's invitation) */
  getReport(organizationId: string, invitationId: string): Promise<Report>;
}

export interface PublicApiDeps {
  db: Db;
  clock: Clock;
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
  const { db, clock, invitations, tests, publicUrl } = deps;

  /** Claim `request.key` for this request, or return the stored answer. @throws idempotency.* */
  async function claim(
    caller: ApiCaller,
    request: IdempotentRequest,
    hash: string,
  ): Promise<{ claimed: { id: string; createdAt: string } } | { replay: { status: number; body: unknown } }> {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const now = clock.now();
      const row = {
        id: newId(),
        organization_id: caller.organizationId,
        token_id: request.tokenId,
        idempotency_key: request.key,
        request_hash: hash,
        status: 'in_flight' as const,
        response_status: null,
        response_body: null,
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + IDEMPOTENCY_TTL_MS).toISOString(),
      };
      if (await repo.insertIdempotencyKeyIfAbsent(db, row)) {
        return { claimed: { id: row.id, createdAt: row.created_at } };
      }
      const existing = await repo.findIdempotencyKey(db, request.tokenId, request.key);
      if (!existing) continue;
      const abandoned =
        existing.status === 'in_flight' &&
        new Date(existing.created_at).getTime() + IDEMPOTENCY_ABANDONED_MS <= now.getTime();
      if (existing.expires_at <= now.toISOString() || abandoned) {
        await repo.deleteIdempotencyKey(db, existing.id, existing.created_at);
        continue;
      }
      if (existing.request_hash !== hash) {
        throw PublicApiErrors.create('idempotency.key_reused', {
          message:
            'This Idempotency-Key was already used with another request: use a new key for a new request.',
        });
      }
      if (existing.status === 'in_flight' || existing.response_body === null) {
        throw PublicApiErrors.create('idempotency.in_flight', {
          message: 'A request with this Idempotency-Key is still running: retry in a moment.',
        });
      }
      return {
        replay: {
          status: existing.response_status ?? 200,
          body: JSON.parse(existing.response_body) as unknown,
        },
      };
    }
    throw PublicApiErrors.create('idempotency.in_flight', {
      message: 'A request with this Idempotency-Key is still running: retry in a moment.',
    });
  }

  /**
   * Run `work` once per token and key (IETF `Idempotency-Key` draft): the same key and request
   * answer the stored result for 24 h; another request under the key → 422; while the first
   * runs → 409. A failed request is not stored, so it can be retried under the same key.
   */
  async function idempotent<T>(
    caller: ApiCaller,
    request: IdempotentRequest | undefined,
    status: number,
    work: () => Promise<T>,
  ): Promise<{ status: number; body: unknown; replayed: boolean }> {
    if (!request) return { status, body: await work(), replayed: false };
    const hash = createHash('sha256')
      .update(`${request.method} ${request.path}\n${JSON.stringify(request.body)}`)
      .digest('hex');
    const claimed = await claim(caller, request, hash);
    if ('replay' in claimed) return { ...claimed.replay, replayed: true };
    let body: T;
    try {
      body = await work();
    } catch (error) {
      await repo.deleteIdempotencyKey(db, claimed.claimed.id, claimed.claimed.createdAt);
      throw error;
    }
    await repo.completeIdempotencyKey(db, claimed.claimed.id, { status, body: JSON.stringify(body) });
    return { status, body, replayed: false };
  }

  return {
    /** Published tests (archived and never-published ones are left out). */
    async listTests(caller: ApiCaller): Promise<ApiV1Test[]> {
      const items = await tests.listTests(caller.organizationId, { status: 'published' });
      return items.flatMap((t) =>
        t.publishedVersion === null ? [] : [presentApiTest({ ...t, publishedVersion: t.publishedVersion })],
      );
    },

    /**
     * Invite a candidate, as the token owner (their name on the invitation, their mails);
     * with an `Idempotency-Key`, at most once per token and key.
     * @throws idempotency.in_flight, idempotency.key_reused, the errors of `inviteCandidate` (tests.*, candidates.ats_url_unrecognized, invitations.duplicate)
     */
    async createInvitation(
      caller: ApiCaller,
      body: ApiV1CreateInvitationBody,
      idempotency?: IdempotentRequest,
    ): Promise<{ status: number; body: unknown; replayed: boolean }> {
      return idempotent(caller, idempotency, 201, async () => {
        const invitation = await invitations.inviteCandidate(
          { userId: caller.userId, role: caller.role },
          caller.organizationId,
          body,
        );
        return presentApiInvitation(invitation, publicUrl);
      });
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
