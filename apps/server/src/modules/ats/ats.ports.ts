import type { FastifyPluginAsync } from 'fastify';
import type { InvitationStatus } from '@assay/contracts';
import type { z } from 'zod';
import type { Config } from '../../config/index.js';
import type { Clock } from '../../platform/clock/index.js';
import type { Logger } from '../../platform/log/index.js';

/**
 * The ATS port (architecture §10). `modules/ats` owns the generic tables, the delivery outbox
 * and the settings routes; each `integrations/<provider>/` implements `AtsProvider` and talks
 * to the core only through `AtsCore` (integrations never import `db`). Invitations never learn
 * an ATS exists: the core hears every invitation change through `invitations.subscribe`.
 */

export type AtsProviderId = 'smartrecruiters' | 'greenhouse';

/** A connection as providers see it (credentials unsealed, JSON parsed). */
export interface AtsConnectionView {
  id: string;
  organizationId: string;
  provider: AtsProviderId;
  status: 'activating' | 'connected' | 'error' | 'disconnected';
  statusReason: string | null;
  /** SmartRecruiters companyId; null for Greenhouse. */
  externalAccountId: string | null;
  /** The outbound credential (SmartRecruiters C `{clientId, clientSecret}`; Greenhouse `{username, password}`), unsealed. */
  credentials: Record<string, string> | null;
  providerData: Record<string, unknown>;
  connectedAt: string | null;
}

/** An inbound order (SmartRecruiters order, Greenhouse send_test). */
export interface AtsOrderView {
  id: string;
  organizationId: string;
  provider: AtsProviderId;
  connectionId: string | null;
  /** SmartRecruiters companyId; Greenhouse organization id. */
  scopeKey: string;
  /** SmartRecruiters `resultCallbackURL`; Greenhouse `url`. */
  orderKey: string;
  testId: string;
  candidateEmail: string;
  candidateExternalId: string | null;
  invitationId: string | null;
  status: 'active' | 'rejected' | 'closed';
  rejectReason: string | null;
  requester: { email?: string | null; userId?: string | null; name?: string | null } | null;
  /** Provider JSON (e.g. SmartRecruiters jobId, orderId, uploaded PDF URL). */
  providerData: Record<string, unknown>;
  createdAt: string;
}

/**
 * The invitation's state as the mappers read it (built from the report: the final score,
 * overrides included). Scores are percentages 0–100; criteria carry their own scale.
 */
export interface AtsResult {
  invitationId: string;
  organizationId: string;
  status: InvitationStatus;
  testId: string;
  testName: string;
  candidate: { id: string; name: string; email: string };
  createdAt: string;
  sentAt: string | null;
  expiresAt: string;
  startedAt: string | null;
  submittedAt: string | null;
  gradedAt: string | null;
  expiredAt: string | null;
  cancelledAt: string | null;
  /** Display name of who cancelled it in Assay, when known. */
  cancelledBy: string | null;
  /** Final score in percent (null until graded). */
  score: number | null;
  criteria: { name: string; score: number; maxScore: number }[];
  timeUsedMinutes: number | null;
  /** The permanent, login-protected report URL (never a share link). */
  reportUrl: string;
}

/**
 * Why a delivery exists: an invitation event (`invitations.sent`, `…graded`, …) or an order
 * event the core raises itself.
 */
export type AtsCause = string;
export const ORDER_PLACED: AtsCause = 'ats.order_placed';
export const ORDER_REJECTED: AtsCause = 'ats.order_rejected';

/** Where results go: an order (full status), or a candidate linked by URL only (Notes). */
export type AtsTarget =
  | { kind: 'order'; order: AtsOrderView }
  | { kind: 'link'; candidateId: string; candidateExternalId: string; profileUrl: string | null };

export interface AtsDeliveryView {
  id: string;
  kind: string;
  cause: AtsCause;
  /** Stable across attempts and Retry (partners deduplicate on it, e.g. Notes `correlationId`). */
  messageId: string;
  /** 1 for the first attempt. */
  attempt: number;
  invitationId: string | null;
}

/** What `build` sees: the payload is frozen from this at the first attempt. */
export interface AtsBuildContext {
  delivery: AtsDeliveryView;
  connection: AtsConnectionView;
  target: AtsTarget;
  /** Null only when the invitation is gone (erased) or the order was rejected before inviting. */
  result: AtsResult | null;
}

export interface AtsSendContext extends AtsBuildContext {
  /** The frozen body (as `build` returned it, possibly updated by an earlier outcome's `payload`). */
  payload: string;
  /** The report PDF (SmartRecruiters attachment). */
  reportPdf(): Promise<Buffer>;
  signal: AbortSignal;
}

/**
 * One attempt's outcome (architecture §7: expected outcomes are data). `payload`, `orderData`
 * and `connectionPatch` are persisted whatever the outcome (e.g. an uploaded PDF's URL, so a
 * retry does not upload again; "Notes are off" on a 403).
 */
export type AtsDeliveryOutcome = (
  | { kind: 'delivered' }
  | { kind: 'retry'; error: string; afterMs?: number | null }
  | { kind: 'permanent'; error: string }
  | { kind: 'needs_credentials'; error: string }
  | { kind: 'skipped'; reason: string }
) & {
  status?: number | null;
  responseBody?: string | null;
  payload?: string;
  orderData?: Record<string, unknown>;
  connectionPatch?: { providerData?: Record<string, unknown>; statusReason?: string | null };
};

export interface AtsProvider {
  readonly id: AtsProviderId;
  readonly label: string;
  /** `replace`: a new key revokes the previous one at once (SmartRecruiters); `add`: keys stay valid until revoked (Greenhouse). */
  readonly keyPolicy: 'replace' | 'add';
  /** e.g. `assay_sr_`, `assay_gh_`. */
  readonly keyPrefix: string;
  /** Kinds whose newer rows supersede older unsent rows of the same stream (full-state PATCHes). */
  readonly supersedingKinds: readonly string[];
  /** The outbound credential an admin enters (Greenhouse), validated before sealing; absent = not enterable. */
  readonly credentialsSchema?: z.ZodType<Record<string, string>>;
  /** Partner routes under `/partner/<id>/`, registered whatever the configuration (401 for unknown callers). */
  routes(core: AtsCore): FastifyPluginAsync;
  /** The delivery kinds a cause produces for a target, in send order (pure). */
  plan(cause: AtsCause, target: AtsTarget): readonly string[];
  /** The body to send (frozen at the first attempt). Throwing makes the delivery dead with the message. */
  build(context: AtsBuildContext): string;
  /** One attempt. Never throws for HTTP or network failures: they are outcomes. */
  send(context: AtsSendContext): Promise<AtsDeliveryOutcome>;
  /** One line for the Deliveries page, e.g. "COMPLETED 82/100" (from the frozen payload when there is one). */
  summarize(kind: string, payload: string | null): string;
}

export interface PlaceOrderInput {
  provider: AtsProviderId;
  organizationId: string;
  connectionId: string | null;
  scopeKey: string;
  orderKey: string;
  testId: string;
  candidate: {
    firstName: string;
    lastName: string;
    /** Used in the greeting when given (Greenhouse `preferred_name`). */
    preferredName?: string | null;
    /** As received: an invalid one rejects the order (`rejected`), it does not fail the call. */
    email: string;
    /** The ATS's candidate id: a candidate of the organization already linked to it (same provider) is invited, its record kept. */
    externalId?: string | null;
    /** Stored as the candidate's ATS link, already resolved (no lookup job). */
    profileUrl?: string | null;
  };
  requester?: AtsOrderView['requester'];
  providerData?: Record<string, unknown>;
}

/**
 * `created`: order, candidate, invitation, invitation mail and the `ats.order_placed`
 * deliveries committed together. `repeat`: the same order key with the same test and
 * candidate — nothing new. `conflict`: same key, other test or candidate. `rejected`: stored
 * with a reason and `ats.order_rejected` deliveries planned (SmartRecruiters answers 202, then
 * REJECTED). `test_not_found`: unknown, unpublished, archived or another organization's test.
 */
export type PlaceOrderResult =
  | { kind: 'created'; order: AtsOrderView; invitationId: string }
  | { kind: 'repeat'; order: AtsOrderView }
  | { kind: 'conflict'; message: string }
  | { kind: 'rejected'; order: AtsOrderView; reason: string }
  | { kind: 'test_not_found'; message: string };

export interface PublishedTestSummary {
  id: string;
  name: string;
  description: string;
}

/** What the core offers providers (their routes, link resolvers and CLI). */
export interface AtsCore {
  readonly config: Pick<Config, 'production' | 'http' | 'ats'>;
  readonly clock: Clock;
  readonly log: Logger;
  /** HMAC-SHA256 (base64url) with a key derived from the instance secret for `purpose`. */
  sign(purpose: string, data: string): string;
  /** In-memory fixed-window limiter per bucket (e.g. `sr-token:<clientId>`). */
  rateLimit(
    bucket: string,
    limit: number,
    windowMs: number,
  ): { ok: true } | { ok: false; retryAfterSeconds: number };

  keys: {
    /** The organization holding this active key of `provider` (hash lookup + timingSafeEqual); touches `last_used_at`. */
    authenticate(
      provider: AtsProviderId,
      rawKey: string,
    ): Promise<{ organizationId: string; organizationName: string; keyId: string } | null>;
    /** Issue a key (CLI and settings route): `replace` revokes the previous ones in the same transaction. Returns the raw key once. */
    issue(provider: AtsProviderId, organizationId: string, actorUserId: string | null): Promise<string>;
  };

  connections: {
    get(provider: AtsProviderId, organizationId: string): Promise<AtsConnectionView | null>;
    getById(connectionId: string): Promise<AtsConnectionView | null>;
    findByAccount(provider: AtsProviderId, externalAccountId: string): Promise<AtsConnectionView | null>;
    /**
     * Bind a partner account to an organization in one transaction (SmartRecruiters consent):
     * new inbound client (secret hashed), sealed outbound credentials, status `activating`.
     * The same organization reconnecting replaces both and clears the status reason and
     * `providerData.notesDisabled`. Returns `bound_elsewhere` when the
     * account belongs to another organization (nothing written).
     */
    bind(input: {
      provider: AtsProviderId;
      organizationId: string;
      externalAccountId: string;
      inboundClientId: string;
      inboundClientSecret: string;
      credentials: Record<string, string>;
    }): Promise<{ kind: 'bound'; connection: AtsConnectionView } | { kind: 'bound_elsewhere' }>;
    setStatus(
      connectionId: string,
      status: AtsConnectionView['status'],
      reason: string | null,
    ): Promise<void>;
    /** Merge into provider_data. */
    updateData(connectionId: string, data: Record<string, unknown>): Promise<void>;
    /** Partner-side disable: tokens revoked (rows kept), credentials and inbound client deleted, `disconnected`, unsent deliveries `dead`. Invitations stay valid. */
    disable(connectionId: string, reason: string): Promise<void>;
    touchInbound(connectionId: string): Promise<void>;
    /** The connection whose inbound client this is, when the secret matches (hash, timingSafeEqual). */
    verifyClient(
      provider: AtsProviderId,
      clientId: string,
      clientSecret: string,
    ): Promise<AtsConnectionView | null>;
    /** A new opaque bearer token for the connection (hash stored), valid `ttlSeconds`. */
    issueAccessToken(connectionId: string, ttlSeconds: number): Promise<string>;
    /** The connection of an unexpired, unrevoked token (any status: the route answers 403 when inactive). */
    authenticateAccessToken(provider: AtsProviderId, token: string): Promise<AtsConnectionView | null>;
    /**
     * The (disconnected) connection of an unexpired token that a disable or disconnect revoked,
     * so a repeated disable can answer 204 "also if inactive". Null for an active, expired or
     * never-valid token, and once the organization reconnected.
     */
    authenticateRevokedAccessToken?(
      provider: AtsProviderId,
      token: string,
    ): Promise<AtsConnectionView | null>;
    /**
     * Greenhouse: the connection for a key's organization, created on first use (`connected`,
     * no account id); touches `last_inbound_at`.
     */
    ensure(provider: AtsProviderId, organizationId: string): Promise<AtsConnectionView>;
  };

  tests: {
    /** The organization's published, unarchived tests (stable test ids). */
    listPublished(organizationId: string): Promise<PublishedTestSummary[]>;
    getPublished(organizationId: string, testId: string): Promise<PublishedTestSummary | null>;
  };

  orders: {
    place(input: PlaceOrderInput): Promise<PlaceOrderResult>;
    findByKey(provider: AtsProviderId, scopeKey: string, orderKey: string): Promise<AtsOrderView | null>;
    /** The order behind an invitation of this organization (Greenhouse `partner_interview_id` = invitation id). */
    findByInvitation(
      provider: AtsProviderId,
      organizationId: string,
      invitationId: string,
    ): Promise<AtsOrderView | null>;
  };

  results: {
    /** The invitation's current state, or null (unknown or another organization's). */
    get(organizationId: string, invitationId: string): Promise<AtsResult | null>;
  };

  inboundErrors: {
    /** Store a partner's error report (Greenhouse `response_error`) and alert Owner/Admins (at most one mail per hour per organization). */
    record(input: {
      provider: AtsProviderId;
      organizationId: string;
      invitationId: string | null;
      apiCall: string;
      errors: string[];
      details: Record<string, unknown>;
    }): Promise<void>;
  };
}
