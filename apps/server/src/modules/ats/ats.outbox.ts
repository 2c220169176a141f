import type { Updateable } from 'kysely';
import type { Database, Db, DbOrTrx } from '../../db/index.js';
import type { AtsConnectionsTable, AtsDeliveriesTable } from '../../db/schema/ats.table.js';
import type { Clock } from '../../platform/clock/index.js';
import type { Queue } from '../../platform/jobs/index.js';
import type { Logger } from '../../platform/log/index.js';
import { orderView, type AtsInternals, type AtsResultsPort } from './ats.core.js';
import { DeliverAtsJob } from './ats.jobs.js';
import {
  ATTEMPTABLE_STATUSES,
  DEAD_NOTICE_INTERVAL_MS,
  GIVE_UP_AFTER_MS,
  SENDING_LEASE_MS,
  UNSENT_STATUSES,
  givesUp,
  retryDelayMs,
  truncateBody,
} from './ats.policy.js';
import type { AtsBuildContext, AtsDeliveryOutcome, AtsTarget } from './ats.ports.js';
import * as repo from './ats.repository.js';

export interface AtsOutboxDeps {
  db: Db;
  clock: Clock;
  queue: Queue;
  log: Pick<Logger, 'warn'>;
  results: Pick<AtsResultsPort, 'pdf'>;
  internals: AtsInternals;
  /** Jitter source (tests pin it). */
  random?: () => number;
}

function messageOf(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 500);
}

function mergeJson(text: string, patch: Record<string, unknown>): string {
  let current: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      current = parsed as Record<string, unknown>;
  } catch {
    // Unreadable provider data is replaced.
  }
  return JSON.stringify({ ...current, ...patch });
}

/**
 * The ATS delivery outbox: the `ats.deliver` job (FIFO per stream, payload frozen before the
 * first send, outcomes fenced on attempts), re-queueing, Retry and the dead-letter notice.
 */
export function createAtsOutbox(deps: AtsOutboxDeps) {
  const { db, clock, queue, internals } = deps;
  const random = deps.random ?? Math.random;

  function enqueue(trx: DbOrTrx, row: AtsDeliveriesTable, key: string, runAt?: Date) {
    return queue.enqueue(
      trx,
      DeliverAtsJob,
      { deliveryId: row.id },
      { key, organizationId: row.organization_id, ...(runAt ? { runAt } : {}) },
    );
  }

  /** After a row left the unsent set: start the first unsent row of its stream (unique key: never swallowed by a running job). */
  function enqueueNext(trx: DbOrTrx, finished: AtsDeliveriesTable) {
    return internals.kickStream(trx, finished.stream, `${finished.id}:${String(finished.attempts)}`);
  }

  /** Whether owners and admins already heard of a delivery of this connection entering `status` this hour. */
  async function noticedRecently(
    trx: DbOrTrx,
    row: AtsDeliveriesTable,
    status: 'dead' | 'needs_credentials',
  ) {
    if (!row.connection_id) return true;
    const since = new Date(clock.now().getTime() - DEAD_NOTICE_INTERVAL_MS).toISOString();
    return repo.hasOtherInStatusSince(trx, row.connection_id, row.id, status, since);
  }

  /** Results wait for the outbound credential: owners and admins are told, at most once per connection per hour. */
  async function notifyNeedsCredentials(trx: DbOrTrx, row: AtsDeliveriesTable) {
    if (await noticedRecently(trx, row, 'needs_credentials')) return;
    const label = internals.descriptor(row.provider).label;
    await internals.mailAdmins(trx, row.organization_id, 'ats.delivery-needs-credentials', {
      subject: `${label} results are waiting for a credential`,
      paragraphs: [
        `${label} results are waiting: enter the completion credential in Settings → Integrations → ${label}`,
        'They are sent as soon as it is saved. Further notices for this connection in the next hour are not mailed.',
      ],
      action: { label: 'Open integrations', url: internals.settingsUrl() },
    });
  }

  /** The dead-letter notice (R6): owners and admins hear of it, at most once per connection per hour. */
  async function notifyDead(trx: DbOrTrx, row: AtsDeliveriesTable, error: string) {
    if (await noticedRecently(trx, row, 'dead')) return;
    const label = internals.descriptor(row.provider).label;
    await internals.mailAdmins(trx, row.organization_id, 'ats.delivery-dead', {
      subject: `A result could not be sent to ${label}`,
      paragraphs: [
        `Assay could not send a ${row.kind} update to ${label} and stopped trying.`,
        `Last error: ${error}`,
        'Fix the cause (for example the connection or its credentials), then use Retry on the Deliveries page. Further failures of this connection in the next hour are not mailed.',
      ],
      action: { label: 'Open deliveries', url: internals.settingsUrl() },
    });
  }

  /** `dead` before any attempt (not connected, cannot build): fenced, noticed, the stream moves on. */
  async function deadWithoutAttempt(row: AtsDeliveriesTable, error: string) {
    await db.transaction().execute(async (trx) => {
      await internals.lockStream(trx, row);
      const at = clock.now().toISOString();
      const done = await repo.updateDeliveryIf(
        trx,
        row.id,
        { status: row.status, attempts: row.attempts },
        {
          status: 'dead',
          next_attempt_at: null,
          lease_until: null,
          last_error: error,
          updated_at: at,
        },
      );
      if (!done) {
        // Changed meanwhile (e.g. superseded): whoever is first in the stream now needs a job.
        await enqueueNext(trx, row);
        return;
      }
      await notifyDead(trx, row, error);
      await enqueueNext(trx, row);
    });
  }

  /** The connection is not usable yet: counts as an attempt that failed with `error` (backoff, gives up after 3 days). */
  async function waitForConnection(row: AtsDeliveriesTable, connection: AtsConnectionsTable, error: string) {
    await settleWithoutSending(row, connection, { kind: 'retry', error });
  }

  /** Record an outcome decided without calling the partner (waiting, or nothing left to send). */
  async function settleWithoutSending(
    row: AtsDeliveriesTable,
    connection: AtsConnectionsTable,
    outcome: AtsDeliveryOutcome,
  ) {
    const now = clock.now();
    const attempts = row.attempts + 1;
    const firstAttemptAt = row.first_attempt_at ?? now.toISOString();
    const claimed = await repo.updateDeliveryIf(
      db,
      row.id,
      { status: row.status, attempts: row.attempts },
      {
        status: 'sending',
        attempts,
        first_attempt_at: firstAttemptAt,
        next_attempt_at: null,
        lease_until: new Date(now.getTime() + SENDING_LEASE_MS).toISOString(),
        updated_at: now.toISOString(),
      },
    );
    if (!claimed) {
      await enqueueNext(db, row);
      return;
    }
    await applyOutcome(
      { ...row, status: 'sending', attempts, first_attempt_at: firstAttemptAt },
      connection,
      outcome,
      row,
    );
  }

  /**
   * Where the row goes: its order, or the candidate's ATS profile. A link still resolving
   * (`linking`: e.g. the invitation mail went out before the lookup finished) is waited for;
   * a link that failed or was removed leaves nothing to send (`skip`); a vanished order is an error.
   */
  async function targetOf(
    row: AtsDeliveriesTable,
    label: string,
  ): Promise<AtsTarget | string | { wait: string } | { skip: string }> {
    if (row.order_id) {
      const order = await repo.findOrderById(db, row.order_id);
      return order ? { kind: 'order', order: orderView(order) } : 'The order no longer exists.';
    }
    const candidate = row.candidate_id ? await repo.findCandidate(db, row.candidate_id) : undefined;
    if (candidate?.ats_status === 'linking' && candidate.ats_provider === row.provider) {
      return { wait: `The candidate's ${label} link is still being confirmed; sending once it is.` };
    }
    if (
      candidate?.ats_status !== 'linked' ||
      candidate.ats_provider !== row.provider ||
      !candidate.ats_external_id
    ) {
      return { skip: `The candidate is no longer linked to ${label}.` };
    }
    return {
      kind: 'link',
      candidateId: candidate.id,
      candidateExternalId: candidate.ats_external_id,
      profileUrl: candidate.ats_profile_url,
    };
  }

  /**
   * Write one attempt's outcome, fenced on (id, attempts, sending): a stale worker changes 0 rows.
   * `claimedFrom` is the row before the claim: `needs_credentials` restores its attempt count
   * (waiting for a credential is not an attempt).
   */
  async function applyOutcome(
    row: AtsDeliveriesTable,
    connection: AtsConnectionsTable,
    outcome: AtsDeliveryOutcome,
    claimedFrom: Pick<AtsDeliveriesTable, 'attempts' | 'first_attempt_at'>,
  ): Promise<void> {
    const now = clock.now();
    const at = now.toISOString();
    const changes: Updateable<Database['ats_deliveries']> = {
      lease_until: null,
      last_response_status: outcome.status ?? null,
      last_response_body: truncateBody(outcome.responseBody),
      updated_at: at,
      ...(outcome.payload !== undefined ? { payload: outcome.payload } : {}),
    };
    let retryAt: Date | null = null;
    let deadError: string | null = null;
    switch (outcome.kind) {
      case 'delivered':
        Object.assign(changes, {
          status: 'delivered',
          delivered_at: at,
          next_attempt_at: null,
          last_error: null,
        });
        break;
      case 'skipped':
        Object.assign(changes, {
          status: 'delivered',
          delivered_at: at,
          next_attempt_at: null,
          last_error: outcome.reason,
        });
        break;
      case 'retry': {
        if (givesUp(row.first_attempt_at, now)) {
          deadError = `${outcome.error} (gave up after ${String(GIVE_UP_AFTER_MS / 86_400_000)} days of retries)`;
          Object.assign(changes, { status: 'dead', next_attempt_at: null, last_error: deadError });
        } else {
          retryAt = new Date(now.getTime() + retryDelayMs(row.attempts, outcome.afterMs, random));
          Object.assign(changes, {
            status: 'retry_scheduled',
            next_attempt_at: retryAt.toISOString(),
            last_error: outcome.error,
          });
        }
        break;
      }
      case 'permanent':
        deadError = outcome.error;
        Object.assign(changes, { status: 'dead', next_attempt_at: null, last_error: outcome.error });
        break;
      case 'needs_credentials':
        Object.assign(changes, {
          status: 'needs_credentials',
          attempts: claimedFrom.attempts,
          first_attempt_at: claimedFrom.first_attempt_at,
          next_attempt_at: null,
          last_error: outcome.error,
        });
        break;
    }
    await db.transaction().execute(async (trx) => {
      await internals.lockStream(trx, row);
      const written = await repo.updateDeliveryIf(
        trx,
        row.id,
        { status: 'sending', attempts: row.attempts },
        changes,
      );
      if (!written) {
        deps.log.warn({ deliveryId: row.id, attempts: row.attempts }, 'stale ATS delivery outcome ignored');
        return;
      }
      if (outcome.orderData && row.order_id) {
        const order = await repo.findOrderById(trx, row.order_id);
        if (order) {
          await repo.updateOrder(trx, order.id, {
            provider_data: mergeJson(order.provider_data, outcome.orderData),
            updated_at: at,
          });
        }
      }
      const connectionChanges: Updateable<Database['ats_connections']> = {};
      if (outcome.connectionPatch?.providerData) {
        const current = await repo.findConnectionById(trx, connection.id);
        connectionChanges.provider_data = mergeJson(
          current?.provider_data ?? '{}',
          outcome.connectionPatch.providerData,
        );
      }
      if (outcome.connectionPatch && outcome.connectionPatch.statusReason !== undefined) {
        connectionChanges.status_reason = outcome.connectionPatch.statusReason;
      }
      // Only what reached the partner counts as outbound (not a skip, not a credential wait).
      if (outcome.kind === 'delivered') connectionChanges.last_outbound_at = at;
      if (Object.keys(connectionChanges).length > 0) {
        await repo.updateConnection(trx, connection.id, { ...connectionChanges, updated_at: at });
      }
      if (retryAt) {
        await enqueue(trx, row, `${row.id}:${String(row.attempts + 1)}`, retryAt);
        return;
      }
      if (deadError !== null) await notifyDead(trx, row, deadError);
      if (outcome.kind === 'needs_credentials') {
        await notifyNeedsCredentials(trx, row);
        return;
      }
      await enqueueNext(trx, row);
    });
    if (outcome.kind !== 'delivered' && outcome.kind !== 'skipped') {
      deps.log.warn(
        { deliveryId: row.id, attempts: row.attempts, outcome: outcome.kind, status: outcome.status ?? null },
        'ATS delivery attempt failed',
      );
    }
  }

  return {
    enqueueNext,

    /**
     * The `ats.deliver` job: one attempt, idempotent (at-least-once). Skips rows that are
     * done, not due, or behind an unsent older row of their stream (FIFO); a `sending` row
     * whose lease passed is a crashed attempt and is sent again with the same payload.
     */
    async deliver(deliveryId: string, signal: AbortSignal = new AbortController().signal): Promise<void> {
      const row = await repo.findDelivery(db, deliveryId);
      if (!row) return;
      if (!ATTEMPTABLE_STATUSES.includes(row.status)) {
        // Not sendable (superseded, delivered, dead, waiting for credentials): the stream must not
        // stall on it, so its first unsent row gets a job (deduplicated with the one it got when
        // this row finished).
        await enqueueNext(db, row);
        return;
      }
      const now = clock.now();
      const nowIso = now.toISOString();
      if (row.status === 'sending' && row.lease_until !== null && row.lease_until > nowIso) {
        // Another worker holds it: look again when its lease ends.
        await enqueue(db, row, `${row.id}:lease:${row.lease_until}`, new Date(row.lease_until));
        return;
      }
      if (row.status === 'retry_scheduled' && row.next_attempt_at !== null && row.next_attempt_at > nowIso)
        return;
      if (await repo.hasUnsentBefore(db, row.stream, row.sequence, UNSENT_STATUSES)) return;

      const d = internals.descriptor(row.provider);
      const provider = d.provider;
      if (!provider) {
        await deadWithoutAttempt(row, `The ${d.label} integration is not available on this server.`);
        return;
      }
      const connection = row.connection_id
        ? await repo.findConnectionById(db, row.connection_id)
        : await repo.findConnection(db, row.provider, row.organization_id);
      if (!connection || connection.status === 'disconnected') {
        await deadWithoutAttempt(row, `${d.label} is not connected.`);
        return;
      }
      if (connection.status !== 'connected') {
        // Activating, or in error: an admin can still fix it, so wait with the usual backoff.
        const error =
          connection.status === 'activating'
            ? `${d.label} is still activating: sending once the connection is active.`
            : `The ${d.label} connection has a problem${connection.status_reason ? `: ${connection.status_reason}` : ''}. Fix it in Settings → Integrations; sending resumes on its own.`;
        await waitForConnection(row, connection, error);
        return;
      }
      const target = await targetOf(row, d.label);
      if (typeof target === 'string') {
        await deadWithoutAttempt(row, target);
        return;
      }
      if ('wait' in target) {
        await waitForConnection(row, connection, target.wait);
        return;
      }
      if ('skip' in target) {
        await settleWithoutSending(row, connection, { kind: 'skipped', reason: target.skip });
        return;
      }
      const result = row.invitation_id
        ? await internals.getResult(row.organization_id, row.invitation_id)
        : null;
      const attempt = row.attempts + 1;
      const context: AtsBuildContext = {
        delivery: {
          id: row.id,
          kind: row.kind,
          cause: row.cause,
          messageId: row.message_id,
          attempt,
          invitationId: row.invitation_id,
        },
        connection: internals.connectionView(connection),
        target,
        result,
      };
      let payload = row.payload;
      if (payload === null) {
        try {
          payload = provider.build(context);
        } catch (err) {
          await deadWithoutAttempt(row, `Could not build the ${row.kind}: ${messageOf(err)}`);
          return;
        }
      }
      const firstAttemptAt = row.first_attempt_at ?? nowIso;
      // Freeze the payload and claim the attempt before sending, so a crash re-sends the same bytes.
      const claimed = await repo.updateDeliveryIf(
        db,
        row.id,
        { status: row.status, attempts: row.attempts },
        {
          status: 'sending',
          attempts: attempt,
          payload,
          first_attempt_at: firstAttemptAt,
          next_attempt_at: null,
          lease_until: new Date(now.getTime() + SENDING_LEASE_MS).toISOString(),
          updated_at: nowIso,
        },
      );
      if (!claimed) {
        // Changed since it was read (superseded by a concurrent plan, or claimed by another
        // worker): the stream's first unsent row gets a job, so the stream never stalls here.
        await enqueueNext(db, row);
        return;
      }
      const sending: AtsDeliveriesTable = {
        ...row,
        status: 'sending',
        attempts: attempt,
        payload,
        first_attempt_at: firstAttemptAt,
      };
      const invitationId = row.invitation_id;
      let outcome: AtsDeliveryOutcome;
      try {
        outcome = await provider.send({
          ...context,
          payload,
          signal,
          reportPdf: async () => {
            if (!invitationId) throw new Error('This delivery has no invitation, so no report.');
            return (await deps.results.pdf(row.organization_id, invitationId)).data;
          },
        });
      } catch (err) {
        outcome = { kind: 'retry', error: `Unexpected error: ${messageOf(err)}` };
      }
      await applyOutcome(sending, connection, outcome, row);
    },

    /**
     * Put rows back in line now (admin Retry, credentials saved): `pending`, same message id and
     * frozen payload, a fresh 3-day run of attempts; their jobs enqueued in `trx`.
     */
    async requeue(
      trx: DbOrTrx,
      rows: readonly AtsDeliveriesTable[],
      reason: string,
    ): Promise<AtsDeliveriesTable[]> {
      const at = clock.now().toISOString();
      const done: AtsDeliveriesTable[] = [];
      for (const row of rows) {
        const changes = {
          status: 'pending' as const,
          first_attempt_at: null,
          next_attempt_at: at,
          lease_until: null,
          updated_at: at,
        };
        if (
          !(await repo.updateDeliveryIf(trx, row.id, { status: row.status, attempts: row.attempts }, changes))
        )
          continue;
        await enqueue(trx, row, `${row.id}:${reason}:${String(row.attempts)}`);
        done.push({ ...row, ...changes });
      }
      return done;
    },
  };
}

export type AtsOutbox = ReturnType<typeof createAtsOutbox>;
