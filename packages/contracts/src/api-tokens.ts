import { z } from 'zod';
import { OrgParamsSchema } from './identity.js';

/**
 * Settings → API tokens: personal tokens for the public API v1, one organization each
 * (any member of :orgId; a token acts with its owner's current role, narrowed by its scopes).
 *
 *   GET    /api/orgs/:orgId/api-tokens                                   → ApiTokenList (the caller's own)
 *   POST   /api/orgs/:orgId/api-tokens            CreateApiTokenBody     → 201 CreatedApiToken (re-auth; token shown once)
 *   DELETE /api/orgs/:orgId/api-tokens/:tokenId                          → 204 (revocation is immediate)
 *
 * API clients send `Authorization: Bearer asy_…` (never in the query string: 400).
 */

export const ApiTokenScopeSchema = z.enum(['tests:read', 'invitations:write', 'reports:read']);
export type ApiTokenScope = z.infer<typeof ApiTokenScopeSchema>;
export const API_TOKEN_SCOPES = ApiTokenScopeSchema.options;

export const ApiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The first characters of the token ("asy_k3F9"), for recognising it. */
  prefix: z.string(),
  scopes: z.array(ApiTokenScopeSchema),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiToken = z.infer<typeof ApiTokenSchema>;

export const ApiTokenListSchema = z.object({ items: z.array(ApiTokenSchema) });
export type ApiTokenList = z.infer<typeof ApiTokenListSchema>;

export const CreateApiTokenBodySchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    scopes: z.array(ApiTokenScopeSchema).min(1).max(API_TOKEN_SCOPES.length),
    /** Optional expiry (ISO-8601, in the future). */
    expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
  })
  .strict();
export type CreateApiTokenBody = z.infer<typeof CreateApiTokenBodySchema>;

/** The only answer that contains the token itself. */
export const CreatedApiTokenSchema = z.object({ token: z.string(), apiToken: ApiTokenSchema });
export type CreatedApiToken = z.infer<typeof CreatedApiTokenSchema>;

export const ApiTokenParamsSchema = OrgParamsSchema.extend({ tokenId: z.string().min(1).max(64) });
