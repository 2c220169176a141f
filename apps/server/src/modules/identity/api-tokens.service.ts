import type { ApiToken, ApiTokenScope, CreateApiTokenBody, CreatedApiToken, Role } from '@assay/contracts';
import type { Db } from '../../db/index.js';
import type { Clock } from '../../platform/clock/index.js';
import {
  displayPrefix,
  hasValidChecksum,
  hashToken,
  newId,
  newSecretToken,
} from '../../platform/crypto/index.js';
import { PlatformErrors } from '../../platform/errors/index.js';
import { recordAuditEvent } from '../audit/index.js';
import * as repo from './api-tokens.repository.js';
import { parseScopes, scopeAllowedForRole } from './api-tokens.policy.js';

/** Who a bearer token speaks for (set on `request.apiAuth` by the session hook). */
export interface ApiAuth {
  via: 'api_token';
  tokenId: string;
  user: { id: string; email: string; name: string };
  organizationId: string;
  /** The owner's role in the organization now (null: no longer a member). */
  role: Role | null;
  scopes: ApiTokenScope[];
}

// last_used_at is written at most once a minute per token (not on every request).
const TOUCH_INTERVAL_MS = 60_000;

function present(row: {
  id: string;
  name: string;
  prefix: string;
  scopes: string;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
  revoked_at: string | null;
}): ApiToken {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: parseScopes(row.scopes),
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
}

export type ApiTokensService = ReturnType<typeof createApiTokensService>;

/** Personal API tokens: create (shown once), list, revoke, and resolve a bearer token. */
export function createApiTokensService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  return {
    /**
     * A new token for the caller in `organizationId`. The token is in the answer only;
     * the database keeps its SHA-256 and display prefix.
     * @throws request.invalid (expiry in the past), auth.forbidden (a scope above the caller's role)
     */
    async create(
      actor: { userId: string; organizationId: string; role: Role },
      input: CreateApiTokenBody,
    ): Promise<CreatedApiToken> {
      const now = clock.now();
      const scopes = [...new Set(input.scopes)];
      const denied = scopes.filter((s) => !scopeAllowedForRole(s, actor.role));
      if (denied.length > 0) {
        throw PlatformErrors.create('auth.forbidden', {
          message: `Your role cannot grant: ${denied.join(', ')}.`,
        });
      }
      const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
      if (expiresAt && expiresAt.getTime() <= now.getTime()) {
        throw PlatformErrors.create('request.invalid', {
          message: 'The expiry must be in the future.',
          details: { fields: { expiresAt: ['must be in the future'] } },
        });
      }
      const token = newSecretToken('asy');
      const row = {
        id: newId(),
        user_id: actor.userId,
        organization_id: actor.organizationId,
        name: input.name,
        prefix: displayPrefix(token),
        token_hash: hashToken(token),
        scopes: JSON.stringify(scopes),
        created_at: now.toISOString(),
        expires_at: expiresAt?.toISOString() ?? null,
        last_used_at: null,
        revoked_at: null,
      };
      await db.transaction().execute(async (trx) => {
        await repo.insertApiToken(trx, row);
        await recordAuditEvent(trx, {
          organizationId: actor.organizationId,
          actorUserId: actor.userId,
          action: 'api_tokens.created',
          subjectType: 'api_token',
          subjectId: row.id,
          data: { name: row.name, prefix: row.prefix, scopes, expiresAt: row.expires_at },
          occurredAt: now,
        });
      });
      return { token, apiToken: present(row) };
    },

    async list(actor: { userId: string; organizationId: string }): Promise<ApiToken[]> {
      return (await repo.listApiTokens(db, actor.userId, actor.organizationId)).map(present);
    },

    /** Revoke one of the caller's tokens in the organization; takes effect on the next request. */
    async revoke(actor: { userId: string; organizationId: string }, tokenId: string): Promise<void> {
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        // Idempotent: an unknown, foreign or already revoked id is a no-op (and says nothing about it).
        const revoked = await repo.revokeApiToken(trx, { id: tokenId, ...actor }, now.toISOString());
        if (!revoked) return;
        await recordAuditEvent(trx, {
          organizationId: actor.organizationId,
          actorUserId: actor.userId,
          action: 'api_tokens.revoked',
          subjectType: 'api_token',
          subjectId: tokenId,
          occurredAt: now,
        });
      });
    },

    /** The token's identity, or null (unknown, malformed, revoked, expired, disabled user). */
    async authenticate(token: string): Promise<ApiAuth | null> {
      if (!token.startsWith('asy_') || !hasValidChecksum(token)) return null;
      const row = await repo.findTokenForAuth(db, hashToken(token));
      if (!row) return null;
      const now = clock.now();
      if (row.expires_at && new Date(row.expires_at).getTime() <= now.getTime()) return null;
      if (!row.last_used_at || now.getTime() - new Date(row.last_used_at).getTime() >= TOUCH_INTERVAL_MS) {
        await repo.touchApiToken(db, row.id, now.toISOString());
      }
      return {
        via: 'api_token',
        tokenId: row.id,
        user: { id: row.user_id, email: row.email, name: row.name },
        organizationId: row.organization_id,
        role: (row.role as Role | null) ?? null,
        scopes: parseScopes(row.scopes),
      };
    },
  };
}
