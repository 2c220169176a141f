import { createHmac } from 'node:crypto';
import type { Invitation, Report } from '@assay/contracts';
import { EmailSchema } from '@assay/contracts';
import type { Config } from '../../config/index.js';
import type { Db, DbOrTrx, DialectHelpers } from '../../db/index.js';
import type { AtsConnectionsTable, AtsDeliveriesTable, AtsOrdersTable } from '../../db/schema/ats.table.js';
import type { Clock } from '../../platform/clock/index.js';
import { newId, type SecretBox } from '../../platform/crypto/index.js';
import { AppError } from '../../platform/errors/index.js';
import type { Queue } from '../../platform/jobs/index.js';
import type { Logger } from '../../platform/log/index.js';
import type { MailContent, MailQueue } from '../../platform/mail/index.js';
import { recordAuditEvent } from '../audit/index.js';
import { findAdminRecipients } from '../organizations/index.js';
import type {
  InvitationActor,
  InvitationEvent,
  InviteInput,
  TestForInvitation,
} from '../invitations/index.js';
import { DeliverAtsJob } from './ats.jobs.js';
import {
  INBOUND_ERROR_NOTICE_INTERVAL_MS,
  KEY_TOUCH_INTERVAL_MS,
  PROVIDER_DEFAULTS,
  SUPERSEDABLE_STATUSES,
  UNSENT_STATUSES,
  keyDisplayPrefix,
  looksLikeAtsKey,
  newAtsKey,
  newOpaqueToken,
  sameHash,
  sha256,
} from './ats.policy.js';
import {
  ORDER_PLACED,
  ORDER_REJECTED,
  type AtsCause,
  type AtsConnectionView,
  type AtsCore,
  type AtsOrderView,
  type AtsProvider,
  type AtsProviderId,
  type AtsResult,
  type AtsTarget,
  type PlaceOrderInput,
  type PlaceOrderResult,
  type PublishedTestSummary,
} from './ats.ports.js';
import * as repo from './ats.repository.js';

/** Published tests of an organization (the challenges module's tests service). */
export interface AtsTestsPort {
  listPublishedTests(
    organizationId: string,
  ): Promise<{ testId: string; name: string; instructions: string; timeLimitMinutes: number }[]>;
  /** @throws AppError tests.not_found (404) / tests.not_published / tests.archived (409) */
  getTestForInvitation(organizationId: string, testId: string): Promise<TestForInvitation>;
}

/** What orders need of invitations (the invitations service). */
export interface AtsInvitationsPort {
  inviteInTransaction(
    trx: DbOrTrx,
    actor: InvitationActor,
    organizationId: string,
    input: InviteInput & { candidateId?: string | undefined },
    test: TestForInvitation,
  ): Promise<{ invitationId: string; candidateId: string }>;
  /** @throws resource.not_found */
  get(organizationId: string, invitationId: string): Promise<Invitation>;
}

/** The candidates service: an ATS link the ATS itself gave us. */
export interface AtsCandidatesPort {
  linkResolvedInTransaction(
    trx: DbOrTrx,
    row: { id: string },
    link: { provider: string; url: string; externalId: string | null; profileUrl: string | null },
  ): Promise<void>;
}

/** The reports service (final score after overrides, criteria, the PDF). */
export interface AtsResultsPort {
  /** @throws resource.not_found */
  getReport(organizationId: string, invitationId: string): Promise<Report>;
  pdf(organizationId: string, invitationId: string): Promise<{ data: Buffer }>;
}

type RenderedMail = { subject: string; text: string; html: string };

export interface AtsCoreDeps {
  db: Db;
  dialect: Pick<DialectHelpers, 'name' | 'isUniqueViolation'>;
  clock: Clock;
  queue: Queue;
  config: Pick<Config, 'production' | 'http' | 'ats'>;
  log: Logger;
  /** The 32-byte instance secret (HMAC keys per purpose). */
  secretKey: Buffer;
  /** Seals outbound credentials (purpose `ats-credentials`, context = connection id). */
  secrets: SecretBox;
  /** Admin notices (dead deliveries, partner error reports). */
  mail?: { queue: MailQueue; render: (content: MailContent) => RenderedMail };
  tests: AtsTestsPort;
  invitations: AtsInvitationsPort;
  candidates: AtsCandidatesPort;
  results: AtsResultsPort;
}

const ORDER_ACTOR: InvitationActor = { userId: null, role: 'admin' };
/** Partner calls update `last_inbound_at` at most this often (the Integrations page shows it in minutes). */
const INBOUND_TOUCH_INTERVAL_MS = 60_000;

function parseJson(text: string | null): Record<string, unknown> {
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/** Order row → the view providers see. */
export function orderView(row: AtsOrdersTable): AtsOrderView {
  return {
    id: row.id,
    organizationId: row.organization_id,
    provider: row.provider,
    connectionId: row.connection_id,
    scopeKey: row.scope_key,
    orderKey: row.order_key,
    testId: row.test_id,
    candidateEmail: row.candidate_email,
    candidateExternalId: row.candidate_external_id,
    invitationId: row.invitation_id,
    status: row.status,
    rejectReason: row.reject_reason,
    requester: row.requester ? parseJson(row.requester) : null,
    providerData: parseJson(row.provider_data),
    createdAt: row.created_at,
  };
}

/** A short description of a published test for partners' test lists. */
function describeTest(test: { instructions: string; timeLimitMinutes: number }): string {
  const first =
    test.instructions
      .trim()
      .split(/\n\s*\n/)[0]
      ?.replace(/\s+/g, ' ')
      .trim() ?? '';
  const text = first || `A ${String(test.timeLimitMinutes)}-minute coding test.`;
  return text.length > 300 ? `${text.slice(0, 299)}…` : text;
}

/**
 * The core's internals: the provider registry, the AtsCore providers see, planning of
 * deliveries, and the helpers the outbox and the settings service share.
 */
export function createAtsInternals(deps: AtsCoreDeps) {
  const { db, clock, queue, secrets, log } = deps;
  const providers = new Map<AtsProviderId, AtsProvider>();
  const nowIso = () => clock.now().toISOString();
  /** Transactions placing an order: their own `invitations.created` event plans nothing (ORDER_PLACED does). */
  const placing = new WeakSet<object>();
  const windows = new Map<string, { start: number; count: number }>();

  function descriptor(id: AtsProviderId) {
    const provider = providers.get(id);
    const defaults = PROVIDER_DEFAULTS[id];
    return {
      id,
      provider,
      label: provider?.label ?? defaults.label,
      keyPolicy: provider?.keyPolicy ?? defaults.keyPolicy,
      keyPrefix: provider?.keyPrefix ?? defaults.keyPrefix,
    };
  }

  function openCredentials(row: AtsConnectionsTable): Record<string, string> | null {
    if (!row.credentials_sealed) return null;
    try {
      return JSON.parse(secrets.open(row.credentials_sealed, row.id)) as Record<string, string>;
    } catch {
      log.warn({ connectionId: row.id }, 'ATS credentials could not be opened (secret key changed?)');
      return null;
    }
  }

  function connectionView(row: AtsConnectionsTable): AtsConnectionView {
    return {
      id: row.id,
      organizationId: row.organization_id,
      provider: row.provider,
      status: row.status,
      statusReason: row.status_reason,
      externalAccountId: row.external_account_id,
      credentials: openCredentials(row),
      providerData: parseJson(row.provider_data),
      connectedAt: row.connected_at,
    };
  }

  function sealCredentials(connectionId: string, credentials: Record<string, string>): string {
    return secrets.seal(JSON.stringify(credentials), connectionId);
  }

  async function audit(
    trx: DbOrTrx,
    organizationId: string,
    actorUserId: string | null,
    action: string,
    subjectId: string,
    data: Record<string, unknown> = {},
  ) {
    await recordAuditEvent(trx, {
      organizationId,
      actorUserId,
      action,
      subjectType: 'ats_integration',
      subjectId,
      data,
      occurredAt: clock.now(),
    });
  }

  /** Mail owners and admins of `organizationId` (in `trx`). */
  async function mailAdmins(
    trx: DbOrTrx,
    organizationId: string,
    kind: string,
    content: Omit<MailContent, 'branding'>,
  ) {
    const mail = deps.mail;
    if (!mail) return;
    const { org, emails } = await findAdminRecipients(trx, organizationId);
    if (!org) return;
    const rendered = mail.render({
      branding: { organizationName: org.name, logoUrl: org.logo_url, accentColor: org.accent_color },
      ...content,
    });
    for (const to of emails) await mail.queue.queueMail(trx, { organizationId, to, kind, ...rendered });
  }

  function settingsUrl(): string {
    return new URL('/settings/integrations', deps.config.http.publicUrl).toString();
  }

  /** A new connection row (no account, no credentials). */
  function newConnectionRow(
    provider: AtsProviderId,
    organizationId: string,
    status: AtsConnectionsTable['status'],
  ): AtsConnectionsTable {
    const at = nowIso();
    return {
      id: newId(),
      organization_id: organizationId,
      provider,
      status,
      status_reason: null,
      external_account_id: null,
      inbound_client_id: null,
      inbound_client_secret_hash: null,
      credentials_sealed: null,
      provider_data: '{}',
      connected_at: status === 'connected' ? at : null,
      last_inbound_at: null,
      last_outbound_at: null,
      created_at: at,
      updated_at: at,
    };
  }

  /** The organization's connection of `provider`, created `connected` when missing, revived when disconnected. */
  async function ensureConnection(
    trx: DbOrTrx,
    provider: AtsProviderId,
    organizationId: string,
  ): Promise<AtsConnectionsTable> {
    const existing = await repo.findConnection(trx, provider, organizationId);
    if (existing) {
      if (existing.status !== 'disconnected') return existing;
      const at = nowIso();
      const changes = {
        status: 'connected' as const,
        status_reason: null,
        connected_at: at,
        last_inbound_at: null,
        updated_at: at,
      };
      await repo.updateConnection(trx, existing.id, changes);
      return { ...existing, ...changes };
    }
    const row = newConnectionRow(provider, organizationId, 'connected');
    await repo.insertConnection(trx, row);
    return row;
  }

  /**
   * Take a connection down (partner disable or Disconnect in Assay): tokens revoked (kept, so
   * a repeated disable is recognised), inbound client and credentials deleted, `disconnected`,
   * active orders closed, unsent deliveries `dead`.
   */
  async function takeDown(trx: DbOrTrx, row: AtsConnectionsTable, reason: string, deadReason: string) {
    const at = nowIso();
    await repo.revokeTokens(trx, row.id, at);
    await repo.updateConnection(trx, row.id, {
      status: 'disconnected',
      status_reason: reason,
      inbound_client_id: null,
      inbound_client_secret_hash: null,
      credentials_sealed: null,
      updated_at: at,
    });
    await repo.closeActiveOrders(trx, row.id, at);
    for (const delivery of await repo.listConnectionDeliveries(trx, row.id, UNSENT_STATUSES)) {
      await repo.updateDeliveryIf(
        trx,
        delivery.id,
        { status: delivery.status },
        {
          status: 'dead',
          next_attempt_at: null,
          lease_until: null,
          last_error: deadReason,
          updated_at: at,
        },
      );
    }
  }

  // ---- Planning -------------------------------------------------------------------------------

  /**
   * Serialize writers of one stream in `trx` (PostgreSQL row lock on the order or candidate;
   * SQLite serializes anyway). Take it first, before touching deliveries: planners do the same.
   */
  async function lockStream(trx: DbOrTrx, row: Pick<AtsDeliveriesTable, 'order_id' | 'candidate_id'>) {
    if (deps.dialect.name !== 'postgres') return;
    if (row.order_id) await repo.lockStreamOwner(trx, 'ats_orders', row.order_id);
    else if (row.candidate_id) await repo.lockStreamOwner(trx, 'candidates', row.candidate_id);
  }

  /**
   * Make sure the first unsent row of `stream` has a job (rows behind it wait for it, FIFO).
   * Call it whenever a row leaves the unsent set. `trigger` names the event, so the dedupe key
   * is new per event and a job running under an older key never swallows this one.
   */
  async function kickStream(trx: DbOrTrx, stream: string, trigger: string): Promise<void> {
    const first = await repo.firstInStream(trx, stream, UNSENT_STATUSES);
    if (!first || (first.status !== 'pending' && first.status !== 'retry_scheduled')) return;
    const runAt =
      first.next_attempt_at !== null && first.next_attempt_at > nowIso()
        ? new Date(first.next_attempt_at)
        : undefined;
    await queue.enqueue(
      trx,
      DeliverAtsJob,
      { deliveryId: first.id },
      {
        key: `${first.id}:after:${trigger}`,
        organizationId: first.organization_id,
        ...(runAt ? { runAt } : {}),
      },
    );
  }

  /**
   * Plan the deliveries `cause` produces for `target`, in `trx` (only `trx`: on SQLite, `db`
   * inside a transaction deadlocks): one row per kind (FIFO sequence in the stream), older
   * unsent rows of superseding kinds superseded, and the job of the first row enqueued.
   */
  async function plan(
    trx: DbOrTrx,
    provider: AtsProvider,
    cause: AtsCause,
    target: AtsTarget,
    meta: { organizationId: string; connectionId: string | null; invitationId: string | null },
  ): Promise<number> {
    const kinds = provider.plan(cause, target);
    if (kinds.length === 0) return 0;
    const ownerId = target.kind === 'order' ? target.order.id : target.candidateId;
    const stream = target.kind === 'order' ? `order:${ownerId}` : `candidate:${ownerId}`;
    if (deps.dialect.name === 'postgres') {
      await repo.lockStreamOwner(trx, target.kind === 'order' ? 'ats_orders' : 'candidates', ownerId);
    }
    const at = nowIso();
    let sequence = await repo.maxSequence(trx, stream);
    const rows: AtsDeliveriesTable[] = [];
    for (const kind of kinds) {
      if (provider.supersedingKinds.includes(kind)) {
        await repo.supersede(trx, stream, kind, SUPERSEDABLE_STATUSES, at);
      }
      sequence += 1;
      const row: AtsDeliveriesTable = {
        id: newId(),
        organization_id: meta.organizationId,
        connection_id: meta.connectionId,
        provider: provider.id,
        order_id: target.kind === 'order' ? target.order.id : null,
        invitation_id: meta.invitationId,
        candidate_id: target.kind === 'link' ? target.candidateId : null,
        stream,
        sequence,
        kind,
        cause,
        message_id: crypto.randomUUID(),
        payload: null,
        status: 'pending',
        attempts: 0,
        first_attempt_at: null,
        next_attempt_at: at,
        lease_until: null,
        last_response_status: null,
        last_error: null,
        last_response_body: null,
        delivered_at: null,
        created_at: at,
        updated_at: at,
      };
      await repo.insertDelivery(trx, row);
      rows.push(row);
    }
    // Superseding may have removed the row the stream was waiting on: whoever is first now gets a job.
    const first = rows[0];
    if (first) await kickStream(trx, stream, `plan:${first.id}`);
    return rows.length;
  }

  /** The invitations listener: plan deliveries for the order or linked candidate behind the invitation. */
  async function onInvitationEvent(trx: DbOrTrx, event: InvitationEvent): Promise<void> {
    if (placing.has(trx)) return;
    const order = await repo.findActiveOrderByInvitation(trx, event.invitationId);
    if (order) {
      const provider = providers.get(order.provider);
      if (!provider) return;
      const connection = order.connection_id
        ? await repo.findConnectionById(trx, order.connection_id)
        : await repo.findConnection(trx, order.provider, order.organization_id);
      if (!connection || connection.status === 'disconnected') return;
      await plan(
        trx,
        provider,
        event.type,
        { kind: 'order', order: orderView(order) },
        {
          organizationId: order.organization_id,
          connectionId: connection.id,
          invitationId: event.invitationId,
        },
      );
      return;
    }
    const candidate = await repo.findInvitationCandidate(trx, event.invitationId);
    // A link still being confirmed counts: its deliveries wait for it (a link typed in the invite
    // form resolves in a job that may finish after the invitation mail's `sent`).
    const linked =
      candidate?.ats_status === 'linked'
        ? Boolean(candidate.ats_external_id)
        : candidate?.ats_status === 'linking';
    if (!candidate || !linked || !candidate.ats_provider) return;
    const provider = providers.get(candidate.ats_provider as AtsProviderId);
    if (!provider) return;
    const connection = await repo.findConnection(trx, provider.id, candidate.organization_id);
    if (connection?.status !== 'connected') return;
    await plan(
      trx,
      provider,
      event.type,
      {
        kind: 'link',
        candidateId: candidate.id,
        // Read again when sending (the outbox builds the target from the candidate row).
        candidateExternalId: candidate.ats_external_id ?? '',
        profileUrl: candidate.ats_profile_url,
      },
      {
        organizationId: candidate.organization_id,
        connectionId: connection.id,
        invitationId: event.invitationId,
      },
    );
  }

  // ---- Results --------------------------------------------------------------------------------

  async function getResult(organizationId: string, invitationId: string): Promise<AtsResult | null> {
    let invitation: Invitation;
    let report: Report;
    try {
      invitation = await deps.invitations.get(organizationId, invitationId);
      report = await deps.results.getReport(organizationId, invitationId);
    } catch (err) {
      if (err instanceof AppError && err.status === 404) return null;
      throw err;
    }
    const expired = report.timeline.filter((e) => e.kind === 'expired').at(-1);
    const cancelledBy =
      invitation.status === 'cancelled' ? await repo.findCancelledBy(db, invitationId) : null;
    return {
      invitationId,
      organizationId,
      status: invitation.status,
      testId: invitation.test.id,
      testName: invitation.test.name,
      candidate: invitation.candidate,
      createdAt: invitation.createdAt,
      sentAt: invitation.sentAt,
      expiresAt: invitation.expiresAt,
      startedAt: invitation.startedAt,
      submittedAt: invitation.submittedAt,
      gradedAt: report.grading?.gradedAt ?? invitation.gradedAt,
      expiredAt: invitation.status === 'expired' ? (expired?.at ?? invitation.expiresAt) : null,
      cancelledAt: invitation.cancelledAt,
      cancelledBy,
      score: report.grading?.score ?? invitation.score,
      criteria: report.criteria.map((c) => ({ name: c.name, score: c.points, maxScore: c.maxPoints })),
      timeUsedMinutes: report.timeUsedMinutes,
      reportUrl: report.url,
    };
  }

  // ---- Orders ---------------------------------------------------------------------------------

  function compareExisting(existing: AtsOrdersTable, input: PlaceOrderInput): PlaceOrderResult {
    const same =
      existing.organization_id === input.organizationId &&
      existing.test_id === input.testId &&
      existing.candidate_email.toLowerCase() === input.candidate.email.trim().toLowerCase();
    if (same) return { kind: 'repeat', order: orderView(existing) };
    return {
      kind: 'conflict',
      message: 'This order was already placed for another test or candidate.',
    };
  }

  function orderRow(
    input: PlaceOrderInput,
    status: AtsOrdersTable['status'],
    rejectReason: string | null,
  ): AtsOrdersTable {
    const at = nowIso();
    return {
      id: newId(),
      organization_id: input.organizationId,
      connection_id: input.connectionId,
      provider: input.provider,
      scope_key: input.scopeKey,
      order_key: input.orderKey,
      test_id: input.testId,
      candidate_email: input.candidate.email.trim(),
      candidate_external_id: input.candidate.externalId ?? null,
      invitation_id: null,
      status,
      reject_reason: rejectReason,
      requester: input.requester ? JSON.stringify(input.requester) : null,
      provider_data: JSON.stringify(input.providerData ?? {}),
      created_at: at,
      updated_at: at,
    };
  }

  /** Run an order transaction; a lost race on the order key answers repeat/conflict from the winner. */
  async function insertOrderOnce(
    input: PlaceOrderInput,
    work: (trx: DbOrTrx) => Promise<PlaceOrderResult>,
  ): Promise<PlaceOrderResult> {
    try {
      return await db.transaction().execute(async (trx) => {
        placing.add(trx);
        return work(trx);
      });
    } catch (err) {
      if (!deps.dialect.isUniqueViolation(err)) throw err;
      // PostgreSQL aborted the transaction: read the winner outside it.
      const existing = await repo.findOrderByKey(db, input.provider, input.scopeKey, input.orderKey);
      if (!existing) throw err;
      return compareExisting(existing, input);
    }
  }

  async function placeOrder(input: PlaceOrderInput): Promise<PlaceOrderResult> {
    const existing = await repo.findOrderByKey(db, input.provider, input.scopeKey, input.orderKey);
    if (existing) return compareExisting(existing, input);
    const provider = providers.get(input.provider);
    const email = input.candidate.email.trim();

    if (!EmailSchema.safeParse(email).success) {
      const reason = `The candidate's email address "${input.candidate.email}" is not valid.`;
      return insertOrderOnce(input, async (trx) => {
        const row = orderRow(input, 'rejected', reason);
        await repo.insertOrder(trx, row);
        const order = orderView(row);
        if (provider) {
          await plan(
            trx,
            provider,
            ORDER_REJECTED,
            { kind: 'order', order },
            {
              organizationId: input.organizationId,
              connectionId: input.connectionId,
              invitationId: null,
            },
          );
        }
        return { kind: 'rejected', order, reason };
      });
    }

    let test: TestForInvitation;
    try {
      test = await deps.tests.getTestForInvitation(input.organizationId, input.testId);
    } catch (err) {
      if (err instanceof AppError && err.status < 500) {
        return { kind: 'test_not_found', message: `No published test with the id "${input.testId}".` };
      }
      throw err;
    }

    const { firstName, lastName, preferredName, externalId, profileUrl } = input.candidate;
    // The record keeps the full name; a preferred first name (Greenhouse) replaces the first name,
    // so the invitation mail greets the candidate the way they asked.
    const first = preferredName?.trim() || firstName.trim();
    const name = `${first} ${lastName.trim()}`.trim() || email.split('@')[0] || email;
    return insertOrderOnce(input, async (trx) => {
      const row = orderRow(input, 'active', null);
      await repo.insertOrder(trx, row);
      // The ATS names a candidate Assay already linked (e.g. a manual link, Greenhouse §8.3):
      // invite that candidate, whatever email the order carries.
      const known = externalId
        ? await repo.findCandidateByAtsId(trx, input.organizationId, input.provider, externalId)
        : undefined;
      const { invitationId, candidateId } = await deps.invitations.inviteInTransaction(
        trx,
        ORDER_ACTOR,
        input.organizationId,
        {
          testId: input.testId,
          name: name.slice(0, 120),
          email,
          confirmDuplicate: true,
          ...(known ? { candidateId: known.id } : {}),
        },
        test,
      );
      if (profileUrl) {
        await deps.candidates.linkResolvedInTransaction(
          trx,
          { id: candidateId },
          {
            provider: input.provider,
            url: profileUrl,
            externalId: externalId ?? null,
            profileUrl,
          },
        );
      }
      const at = nowIso();
      await repo.updateOrder(trx, row.id, { invitation_id: invitationId, updated_at: at });
      const order = orderView({ ...row, invitation_id: invitationId, updated_at: at });
      if (provider) {
        await plan(
          trx,
          provider,
          ORDER_PLACED,
          { kind: 'order', order },
          {
            organizationId: input.organizationId,
            connectionId: input.connectionId,
            invitationId,
          },
        );
      }
      return { kind: 'created', order, invitationId };
    });
  }

  // ---- The AtsCore ------------------------------------------------------------------------------

  async function issueKey(
    provider: AtsProviderId,
    organizationId: string,
    actorUserId: string | null,
  ): Promise<string> {
    const d = descriptor(provider);
    const key = newAtsKey(d.keyPrefix);
    await db.transaction().execute(async (trx) => {
      const at = nowIso();
      const revoked =
        d.keyPolicy === 'replace' ? await repo.revokeActiveKeys(trx, organizationId, provider, at) : 0;
      const id = newId();
      await repo.insertKey(trx, {
        id,
        organization_id: organizationId,
        provider,
        key_hash: sha256(key),
        display_prefix: keyDisplayPrefix(d.keyPrefix, key),
        created_by_user_id: actorUserId,
        created_at: at,
        last_used_at: null,
        revoked_at: null,
      });
      if (provider === 'greenhouse') await ensureConnection(trx, provider, organizationId);
      await audit(trx, organizationId, actorUserId, 'ats.key_issued', id, { provider, revoked });
    });
    return key;
  }

  const core: AtsCore = {
    config: deps.config,
    clock,
    log,

    sign(purpose, data) {
      const key = createHmac('sha256', deps.secretKey).update(`ats:${purpose}`, 'utf8').digest();
      return createHmac('sha256', key).update(data, 'utf8').digest('base64url');
    },

    rateLimit(bucket, limit, windowMs) {
      const now = clock.now().getTime();
      let window = windows.get(bucket);
      if (!window || now - window.start >= windowMs) {
        window = { start: now, count: 0 };
        windows.set(bucket, window);
        if (windows.size > 10_000) {
          for (const [k, w] of windows) if (now - w.start >= windowMs) windows.delete(k);
        }
      }
      if (window.count >= limit) {
        return {
          ok: false,
          retryAfterSeconds: Math.max(1, Math.ceil((window.start + windowMs - now) / 1000)),
        };
      }
      window.count += 1;
      return { ok: true };
    },

    keys: {
      async authenticate(provider, rawKey) {
        const d = descriptor(provider);
        if (!looksLikeAtsKey(d.keyPrefix, rawKey)) return null;
        const hash = sha256(rawKey);
        const row = await repo.findKeyByHash(db, provider, hash);
        if (!row || !sameHash(row.key_hash, hash) || row.revoked_at !== null) return null;
        const now = clock.now();
        await repo.touchKey(
          db,
          row.id,
          now.toISOString(),
          new Date(now.getTime() - KEY_TOUCH_INTERVAL_MS).toISOString(),
        );
        return {
          organizationId: row.organization_id,
          organizationName: row.organization_name,
          keyId: row.id,
        };
      },
      issue: issueKey,
    },

    connections: {
      async get(provider, organizationId) {
        const row = await repo.findConnection(db, provider, organizationId);
        return row ? connectionView(row) : null;
      },
      async getById(connectionId) {
        const row = await repo.findConnectionById(db, connectionId);
        return row ? connectionView(row) : null;
      },
      async findByAccount(provider, externalAccountId) {
        const row = await repo.findConnectionByAccount(db, provider, externalAccountId);
        return row ? connectionView(row) : null;
      },

      async bind(input) {
        return db.transaction().execute(async (trx) => {
          const at = nowIso();
          const holder = await repo.findConnectionByAccount(trx, input.provider, input.externalAccountId);
          if (holder && holder.organization_id !== input.organizationId) {
            if (holder.status !== 'disconnected') return { kind: 'bound_elsewhere' as const };
            // A disconnected organization lets go of the account.
            await repo.updateConnection(trx, holder.id, { external_account_id: null, updated_at: at });
          }
          const existing = await repo.findConnection(trx, input.provider, input.organizationId);
          const id = existing?.id ?? newId();
          const fields = {
            status: 'activating' as const,
            status_reason: null,
            external_account_id: input.externalAccountId,
            inbound_client_id: input.inboundClientId,
            inbound_client_secret_hash: sha256(input.inboundClientSecret),
            credentials_sealed: sealCredentials(id, input.credentials),
            updated_at: at,
          };
          if (existing) {
            // A reconnect starts over: a partner's earlier refusal (e.g. Notes off) no longer holds.
            const { notesDisabled: _cleared, ...providerData } = parseJson(existing.provider_data);
            await repo.deleteTokens(trx, existing.id);
            await repo.updateConnection(trx, existing.id, {
              ...fields,
              provider_data: JSON.stringify(providerData),
            });
          } else {
            await repo.insertConnection(trx, {
              ...newConnectionRow(input.provider, input.organizationId, 'activating'),
              id,
              ...fields,
            });
          }
          await audit(trx, input.organizationId, null, 'ats.connection_bound', id, {
            provider: input.provider,
            externalAccountId: input.externalAccountId,
          });
          const row = await repo.findConnectionById(trx, id);
          if (!row) throw new Error('connection vanished while binding');
          return { kind: 'bound' as const, connection: connectionView(row) };
        });
      },

      async setStatus(connectionId, status, reason) {
        const at = nowIso();
        const row = await repo.findConnectionById(db, connectionId);
        if (!row) return;
        await repo.updateConnection(db, connectionId, {
          status,
          status_reason: reason,
          updated_at: at,
          ...(status === 'connected' && row.status !== 'connected' ? { connected_at: at } : {}),
        });
      },

      async updateData(connectionId, data) {
        await db.transaction().execute(async (trx) => {
          const row = await repo.findConnectionById(trx, connectionId);
          if (!row) return;
          await repo.updateConnection(trx, connectionId, {
            provider_data: JSON.stringify({ ...parseJson(row.provider_data), ...data }),
            updated_at: nowIso(),
          });
        });
      },

      async disable(connectionId, reason) {
        await db.transaction().execute(async (trx) => {
          const row = await repo.findConnectionById(trx, connectionId);
          if (!row) return;
          await takeDown(
            trx,
            row,
            reason,
            `${descriptor(row.provider).label} disabled the integration: ${reason}`,
          );
          await audit(trx, row.organization_id, null, 'ats.connection_disabled', row.id, {
            provider: row.provider,
            reason,
          });
        });
      },

      async touchInbound(connectionId) {
        const now = clock.now();
        await repo.touchConnectionInbound(
          db,
          connectionId,
          now.toISOString(),
          new Date(now.getTime() - INBOUND_TOUCH_INTERVAL_MS).toISOString(),
        );
      },

      async verifyClient(provider, clientId, clientSecret) {
        const row = await repo.findConnectionByClientId(db, provider, clientId);
        if (!row?.inbound_client_secret_hash) return null;
        if (!sameHash(row.inbound_client_secret_hash, sha256(clientSecret))) return null;
        return connectionView(row);
      },

      async issueAccessToken(connectionId, ttlSeconds) {
        const token = newOpaqueToken();
        const now = clock.now();
        await repo.insertToken(db, {
          id: newId(),
          connection_id: connectionId,
          token_hash: sha256(token),
          expires_at: new Date(now.getTime() + ttlSeconds * 1000).toISOString(),
          created_at: now.toISOString(),
          revoked_at: null,
        });
        return token;
      },

      async authenticateAccessToken(provider, token) {
        if (token.length < 20 || token.length > 200) return null;
        const hash = sha256(token);
        const row = await repo.findTokenConnection(db, provider, hash, nowIso());
        if (!row || !sameHash(row.token_hash, hash)) return null;
        const { token_hash: _omit, ...connection } = row;
        return connectionView(connection);
      },

      async authenticateRevokedAccessToken(provider, token) {
        if (token.length < 20 || token.length > 200) return null;
        const hash = sha256(token);
        const row = await repo.findRevokedTokenConnection(db, provider, hash, nowIso());
        if (!row || !sameHash(row.token_hash, hash) || row.status !== 'disconnected') return null;
        const { token_hash: _omit, ...connection } = row;
        return connectionView(connection);
      },

      async ensure(provider, organizationId) {
        // The common case reads only: the connection exists and was touched within the minute.
        const existing = await repo.findConnection(db, provider, organizationId);
        const recent = new Date(clock.now().getTime() - INBOUND_TOUCH_INTERVAL_MS).toISOString();
        if (
          existing &&
          existing.status !== 'disconnected' &&
          existing.last_inbound_at !== null &&
          existing.last_inbound_at >= recent
        ) {
          return connectionView(existing);
        }
        const run = () =>
          db.transaction().execute(async (trx) => {
            const row = await ensureConnection(trx, provider, organizationId);
            const at = nowIso();
            await repo.updateConnection(trx, row.id, { last_inbound_at: at });
            return connectionView({ ...row, last_inbound_at: at });
          });
        try {
          return await run();
        } catch (err) {
          if (!deps.dialect.isUniqueViolation(err)) throw err;
          return run(); // Lost the race to create it: the row exists now.
        }
      },
    },

    tests: {
      async listPublished(organizationId): Promise<PublishedTestSummary[]> {
        const tests = await deps.tests.listPublishedTests(organizationId);
        return tests.map((t) => ({ id: t.testId, name: t.name, description: describeTest(t) }));
      },
      async getPublished(organizationId, testId) {
        return (await core.tests.listPublished(organizationId)).find((t) => t.id === testId) ?? null;
      },
    },

    orders: {
      place: placeOrder,
      async findByKey(provider, scopeKey, orderKey) {
        const row = await repo.findOrderByKey(db, provider, scopeKey, orderKey);
        return row ? orderView(row) : null;
      },
      async findByInvitation(provider, organizationId, invitationId) {
        const row = await repo.findOrderByInvitation(db, provider, organizationId, invitationId);
        return row ? orderView(row) : null;
      },
    },

    results: { get: getResult },

    inboundErrors: {
      async record(input) {
        const now = clock.now();
        const id = newId();
        await db.transaction().execute(async (trx) => {
          await repo.insertInboundError(trx, {
            id,
            organization_id: input.organizationId,
            provider: input.provider,
            invitation_id: input.invitationId,
            api_call: input.apiCall.slice(0, 200),
            errors: JSON.stringify(input.errors.map((e) => e.slice(0, 1000)).slice(0, 50)),
            details: JSON.stringify(input.details),
            created_at: now.toISOString(),
          });
          const since = new Date(now.getTime() - INBOUND_ERROR_NOTICE_INTERVAL_MS).toISOString();
          if (await repo.hasOtherInboundErrorSince(trx, input.organizationId, id, since)) return;
          const label = descriptor(input.provider).label;
          await mailAdmins(trx, input.organizationId, 'ats.inbound-error', {
            subject: `${label} reported a problem with Assay's data`,
            paragraphs: [
              `${label} refused data Assay sent (${input.apiCall}).`,
              `It said: ${input.errors.slice(0, 3).join(' · ') || 'no details'}`,
              'Open Settings → Integrations to see every report. Further reports this hour are not mailed.',
            ],
            action: { label: 'Open integrations', url: settingsUrl() },
          });
        });
        // Partner messages may carry candidate emails: log only the call and counts.
        log.warn(
          { provider: input.provider, apiCall: input.apiCall, errors: input.errors.length },
          'ATS partner reported an error',
        );
      },
    },
  };

  return {
    core,
    providers,
    descriptor,
    connectionView,
    sealCredentials,
    ensureConnection,
    takeDown,
    audit,
    mailAdmins,
    settingsUrl,
    onInvitationEvent,
    getResult,
    kickStream,
    lockStream,
    /** Add a provider. A second registration of the same id replaces the first (tests swap in fakes). */
    registerProvider(provider: AtsProvider) {
      providers.set(provider.id, provider);
    },
  };
}

export type AtsInternals = ReturnType<typeof createAtsInternals>;
