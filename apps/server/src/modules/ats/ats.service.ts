import type {
  Integration,
  IntegrationDelivery,
  IntegrationDeliveryList,
  IntegrationDeliveriesQuery,
  IntegrationError,
  IssuedIntegrationKey,
} from '@assay/contracts';
import type { Db, DbOrTrx } from '../../db/index.js';
import type { AtsDeliveriesTable } from '../../db/schema/ats.table.js';
import type { Clock } from '../../platform/clock/index.js';
import { PlatformErrors } from '../../platform/errors/index.js';
import type { AtsInternals } from './ats.core.js';
import { AtsErrors } from './ats.errors.js';
import type { AtsOutbox } from './ats.outbox.js';
import { RETRYABLE_STATUSES, integrationState } from './ats.policy.js';
import type { AtsProviderId } from './ats.ports.js';
import { presentDelivery, presentInboundError, presentIntegration } from './ats.presenter.js';
import * as repo from './ats.repository.js';

/** An owner or admin of the organization (the route checked the role). */
export interface AtsActor {
  userId: string;
  organizationId: string;
}

export const PROVIDER_IDS: readonly AtsProviderId[] = ['smartrecruiters', 'greenhouse'];

const DISCONNECTED_IN_ASSAY = 'Disconnected in Assay';

/** Settings → Integrations: cards, keys, the outbound credential, disconnect, deliveries, error reports. */
export function createAtsService(deps: { db: Db; clock: Clock; internals: AtsInternals; outbox: AtsOutbox }) {
  const { db, clock, internals, outbox } = deps;
  const nowIso = () => clock.now().toISOString();

  async function integration(
    trx: DbOrTrx,
    organizationId: string,
    provider: AtsProviderId,
  ): Promise<Integration> {
    const d = internals.descriptor(provider);
    const connection = await repo.findConnection(trx, provider, organizationId);
    const keys = await repo.listActiveKeys(trx, organizationId, provider);
    const credentials =
      connection && connection.status !== 'disconnected'
        ? internals.connectionView(connection).credentials
        : null;
    return presentIntegration({
      provider,
      label: d.label,
      state: integrationState(provider, connection, keys.length),
      connection,
      keys,
      credentials: provider === 'greenhouse' ? credentials : null,
      failingDeliveries: await repo.countFailing(trx, organizationId, provider),
    });
  }

  function summarize(row: AtsDeliveriesTable): string {
    const provider = internals.providers.get(row.provider);
    if (!provider) return row.kind;
    try {
      return provider.summarize(row.kind, row.payload);
    } catch {
      return row.kind;
    }
  }

  return {
    async list(organizationId: string): Promise<Integration[]> {
      const items: Integration[] = [];
      for (const provider of PROVIDER_IDS) items.push(await integration(db, organizationId, provider));
      return items;
    },

    /** A new key, shown once (SmartRecruiters: the previous key dies now; Greenhouse: added). */
    async issueKey(actor: AtsActor, provider: AtsProviderId): Promise<IssuedIntegrationKey> {
      const key = await internals.core.keys.issue(provider, actor.organizationId, actor.userId);
      return { key, integration: await integration(db, actor.organizationId, provider) };
    },

    /** Revoke one key at once. @throws resource.not_found (unknown, revoked or another organization's) */
    async revokeKey(actor: AtsActor, provider: AtsProviderId, keyId: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        if (!(await repo.revokeKey(trx, actor.organizationId, provider, keyId, nowIso()))) {
          throw PlatformErrors.create('resource.not_found', { message: 'Key not found.' });
        }
        await internals.audit(trx, actor.organizationId, actor.userId, 'ats.key_revoked', keyId, {
          provider,
        });
      });
    },

    /**
     * Save the outbound credential (validated by the provider, sealed) and put this
     * connection's `needs_credentials` deliveries back in line.
     * @throws ats.credentials_not_accepted
     */
    async putCredentials(actor: AtsActor, provider: AtsProviderId, body: unknown): Promise<Integration> {
      const d = internals.descriptor(provider);
      const schema = d.provider?.credentialsSchema;
      if (!schema) {
        throw AtsErrors.create('ats.credentials_not_accepted', {
          message: `${d.label} credentials are not entered in Assay: the connection sets them up itself.`,
        });
      }
      const parsed = schema.safeParse(body);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => i.message).join(' ');
        throw AtsErrors.create('ats.credentials_not_accepted', {
          message: `These ${d.label} credentials are not valid: ${issues}`,
          details: {
            issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
          },
        });
      }
      return db.transaction().execute(async (trx) => {
        const connection = await internals.ensureConnection(trx, provider, actor.organizationId);
        await repo.updateConnection(trx, connection.id, {
          credentials_sealed: internals.sealCredentials(connection.id, parsed.data),
          updated_at: nowIso(),
        });
        const waiting = await repo.listConnectionDeliveries(trx, connection.id, ['needs_credentials']);
        await outbox.requeue(trx, waiting, 'credentials');
        await internals.audit(
          trx,
          actor.organizationId,
          actor.userId,
          'ats.credentials_updated',
          connection.id,
          {
            provider,
            requeued: waiting.length,
          },
        );
        return integration(trx, actor.organizationId, provider);
      });
    },

    /** Disconnect: keys revoked, partner credentials, inbound client and tokens deleted, unsent deliveries dead. */
    async disconnect(actor: AtsActor, provider: AtsProviderId): Promise<Integration> {
      return db.transaction().execute(async (trx) => {
        const revoked = await repo.revokeActiveKeys(trx, actor.organizationId, provider, nowIso());
        const connection = await repo.findConnection(trx, provider, actor.organizationId);
        if (connection && connection.status !== 'disconnected') {
          await internals.takeDown(trx, connection, DISCONNECTED_IN_ASSAY, DISCONNECTED_IN_ASSAY);
        }
        await internals.audit(
          trx,
          actor.organizationId,
          actor.userId,
          'ats.disconnected',
          connection?.id ?? provider,
          { provider, revokedKeys: revoked },
        );
        return integration(trx, actor.organizationId, provider);
      });
    },

    async listDeliveries(
      organizationId: string,
      query: IntegrationDeliveriesQuery,
    ): Promise<IntegrationDeliveryList> {
      const { rows, total } = await repo.listDeliveries(db, {
        organizationId,
        provider: query.provider,
        status: query.status,
        limit: query.pageSize,
        offset: (query.page - 1) * query.pageSize,
      });
      return { items: rows.map((row) => presentDelivery(row, summarize(row))), total };
    },

    /**
     * Retry a dead (or credential-waiting) delivery now: same message id, same frozen payload.
     * A full-state row (a superseding kind) with a newer row of its kind is not retried.
     * @throws resource.not_found, ats.not_retryable
     */
    async retryDelivery(actor: AtsActor, deliveryId: string): Promise<IntegrationDelivery> {
      return db.transaction().execute(async (trx) => {
        const row = await repo.findOrgDelivery(trx, actor.organizationId, deliveryId);
        if (!row) throw PlatformErrors.create('resource.not_found', { message: 'Delivery not found.' });
        if (!RETRYABLE_STATUSES.includes(row.status)) {
          throw AtsErrors.create('ats.not_retryable', {
            message: `This delivery is ${row.status.replace('_', ' ')}: only dead deliveries (or ones waiting for credentials) can be retried.`,
          });
        }
        const superseding = internals.providers.get(row.provider)?.supersedingKinds ?? [];
        if (
          superseding.includes(row.kind) &&
          (await repo.hasNewerOfKind(trx, row.stream, row.kind, row.sequence))
        ) {
          throw AtsErrors.create('ats.not_retryable', {
            message:
              'A newer update of this kind was planned after this one and carries the current state: retrying this one would send an older state.',
          });
        }
        const [queued] = await outbox.requeue(trx, [row], 'retry');
        if (!queued) {
          throw AtsErrors.create('ats.not_retryable', {
            message: 'This delivery changed meanwhile: reload.',
          });
        }
        await internals.audit(trx, actor.organizationId, actor.userId, 'ats.delivery_retried', row.id, {
          provider: row.provider,
        });
        const withNames = await repo.findDeliveryListRow(trx, actor.organizationId, row.id);
        return presentDelivery(
          withNames ?? { ...queued, candidate_name: null, test_name: null },
          summarize(queued),
        );
      });
    },

    async listErrors(organizationId: string): Promise<IntegrationError[]> {
      return (await repo.listInboundErrors(db, organizationId, 100)).map(presentInboundError);
    },
  };
}

export type AtsService = ReturnType<typeof createAtsService>;
