import type {
  Candidate,
  CandidateList,
  CandidateListQuery,
  Role,
  UpdateCandidateBody,
} from '@assay/contracts';
import type { Db, DbOrTrx, DialectHelpers } from '../../db/index.js';
import type { Clock } from '../../platform/clock/index.js';
import { newId } from '../../platform/crypto/index.js';
import { PlatformErrors } from '../../platform/errors/index.js';
import type { JobDefinition, Queue } from '../../platform/jobs/index.js';
import { recordAuditEvent } from '../audit/index.js';
import type { AtsLinkRegistry, AtsLinkResolver } from './candidates.ats-links.js';
import { CandidateErrors } from './candidates.errors.js';
import { resolveAtsLinkJob } from './candidates.jobs.js';
import { canMoveAtsLink, normalizeTags } from './candidates.policy.js';
import { parseTags, presentCandidate } from './candidates.presenter.js';
import * as repo from './candidates.repository.js';

export interface CandidatesDeps {
  db: Db;
  dialect: Pick<DialectHelpers, 'ilike' | 'isUniqueViolation'>;
  clock: Clock;
  queue: Queue;
  atsLinks: AtsLinkRegistry;
}

/** The member acting (resolved by the route with `requireRole`, or an API token / ATS). */
export interface CandidateActor {
  userId: string | null;
  role: Role;
}

/** Who the candidate is, as an invitation (web form, CSV, public API, ATS) names them. */
export interface CandidateInput {
  name: string;
  email: string;
  tags?: readonly string[] | undefined;
}

export type CandidatesService = ReturnType<typeof createCandidatesService>;

/** Candidates and their ATS link. Services own their transactions and throw AppError. */
export function createCandidatesService(deps: CandidatesDeps) {
  const { db, clock, queue, atsLinks } = deps;
  const now = () => clock.now().toISOString();
  const notFound = () => PlatformErrors.create('resource.not_found', { message: 'Candidate not found.' });

  /** The resolver for `url`, or a clear 400 naming what Assay recognizes. */
  function resolverFor(url: string): AtsLinkResolver {
    const resolver = atsLinks.find(url);
    if (!resolver) {
      throw CandidateErrors.create('candidates.ats_url_unrecognized', {
        message: `This URL is not a candidate page of a connected ATS. ${atsLinks.describeRecognized()}`,
        details: { recognized: atsLinks.describeRecognized() },
      });
    }
    return resolver;
  }

  /** Put the candidate in `linking` for `url` and enqueue the job that asks the ATS. */
  async function startAtsLink(trx: DbOrTrx, row: repo.CandidateRow, url: string, at: string) {
    const resolver = resolverFor(url);
    if (!canMoveAtsLink(row.ats_status, 'linking')) return; // unreachable today; the policy decides
    await repo.updateCandidate(trx, row.id, {
      ats_url: url,
      ats_status: 'linking',
      ats_provider: resolver.provider,
      ats_external_id: null,
      ats_profile_url: null,
      ats_error: null,
      updated_at: at,
    });
    await queue.enqueue(
      trx,
      resolveAtsLinkJob,
      { candidateId: row.id, url },
      { organizationId: row.organization_id },
    );
  }

  const service = {
    /** @throws candidates.ats_url_unrecognized — lets callers refuse before writing anything. */
    assertAtsUrlRecognized(url: string): void {
      resolverFor(url);
    },

    /**
     * Find the organization's candidate with this email (case-insensitive) or create one,
     * in the caller's transaction. An existing record takes the new name and gains the tags.
     */
    async upsertInTransaction(
      trx: DbOrTrx,
      organizationId: string,
      input: CandidateInput,
    ): Promise<repo.CandidateRow> {
      const at = now();
      const existing = await repo.findCandidateByEmail(trx, organizationId, input.email);
      if (existing) {
        const tags = normalizeTags([...parseTags(existing.tags), ...(input.tags ?? [])]);
        const changes = { name: input.name, tags: JSON.stringify(tags), updated_at: at };
        await repo.updateCandidate(trx, existing.id, changes);
        return { ...existing, ...changes };
      }
      const row: repo.CandidateRow = {
        id: newId(),
        organization_id: organizationId,
        name: input.name,
        email: input.email,
        tags: JSON.stringify(normalizeTags(input.tags ?? [])),
        ats_url: null,
        ats_status: 'none',
        ats_provider: null,
        ats_external_id: null,
        ats_profile_url: null,
        ats_error: null,
        created_at: at,
        updated_at: at,
      };
      if (await repo.insertCandidateIfNew(trx, row)) return row;
      // Lost a race with another invite of the same email: use (and update) that record.
      const winner = await repo.findCandidateByEmail(trx, organizationId, input.email);
      if (!winner) throw new Error('candidate insert conflicted but no candidate has the email');
      return service.upsertInTransaction(trx, organizationId, input);
    },

    /** Link in the caller's transaction when the URL differs from the current link. */
    async linkAtsInTransaction(trx: DbOrTrx, row: repo.CandidateRow, url: string): Promise<void> {
      if (row.ats_url === url && row.ats_status !== 'failed') return;
      await startAtsLink(trx, row, url, now());
    },

    /**
     * Store an ATS link that needs no lookup (the ATS itself named the candidate, e.g. a
     * Greenhouse `send_test`): `linked` at once, in the caller's transaction, no resolve job.
     */
    async linkResolvedInTransaction(
      trx: DbOrTrx,
      row: Pick<repo.CandidateRow, 'id'>,
      link: { provider: string; url: string; externalId: string | null; profileUrl: string | null },
    ): Promise<void> {
      await repo.updateCandidate(trx, row.id, {
        ats_url: link.url,
        ats_status: 'linked',
        ats_provider: link.provider,
        ats_external_id: link.externalId,
        ats_profile_url: link.profileUrl,
        ats_error: null,
        updated_at: now(),
      });
    },

    async list(organizationId: string, query: CandidateListQuery): Promise<CandidateList> {
      const { rows, total } = await repo.listCandidates(db, deps.dialect, organizationId, {
        q: query.q,
        tag: query.tag,
        limit: query.pageSize,
        offset: (query.page - 1) * query.pageSize,
      });
      return { items: rows.map(presentCandidate), total, page: query.page, pageSize: query.pageSize };
    },

    /** @throws resource.not_found (also for another organization's candidate) */
    async getRow(organizationId: string, candidateId: string): Promise<repo.CandidateRow> {
      const row = await repo.findCandidate(db, organizationId, candidateId);
      if (!row) throw notFound();
      return row;
    },

    async get(organizationId: string, candidateId: string): Promise<Candidate> {
      return presentCandidate(await service.getRow(organizationId, candidateId));
    },

    /** Rename or retag. @throws resource.not_found */
    async update(
      actor: CandidateActor,
      organizationId: string,
      candidateId: string,
      body: UpdateCandidateBody,
    ): Promise<Candidate> {
      return db.transaction().execute(async (trx) => {
        const row = await repo.findCandidate(trx, organizationId, candidateId);
        if (!row) throw notFound();
        const at = now();
        const changes = {
          ...(body.name !== undefined ? { name: body.name } : {}),
          ...(body.tags !== undefined ? { tags: JSON.stringify(normalizeTags(body.tags)) } : {}),
          updated_at: at,
        };
        await repo.updateCandidate(trx, row.id, changes);
        await recordAuditEvent(trx, {
          organizationId,
          actorUserId: actor.userId,
          action: 'candidates.updated',
          subjectType: 'candidate',
          subjectId: row.id,
          data: { fields: Object.keys(body) },
          occurredAt: clock.now(),
        });
        return presentCandidate({ ...row, ...changes });
      });
    },

    /**
     * "Link with ATS": status `linking` until the ATS confirms.
     * @throws candidates.ats_url_unrecognized, resource.not_found
     */
    async requestAtsLink(
      actor: CandidateActor,
      organizationId: string,
      candidateId: string,
      url: string,
    ): Promise<Candidate> {
      resolverFor(url);
      return db.transaction().execute(async (trx) => {
        const row = await repo.findCandidate(trx, organizationId, candidateId);
        if (!row) throw notFound();
        await startAtsLink(trx, row, url, now());
        await recordAuditEvent(trx, {
          organizationId,
          actorUserId: actor.userId,
          action: 'candidates.ats_link_requested',
          subjectType: 'candidate',
          subjectId: row.id,
          data: { provider: atsLinks.find(url)?.provider ?? null },
          occurredAt: clock.now(),
        });
        const updated = await repo.findCandidate(trx, organizationId, candidateId);
        if (!updated) throw notFound();
        return presentCandidate(updated);
      });
    },

    /**
     * The job: ask the ATS, then `linked` or `failed`. Idempotent — does nothing unless the
     * candidate is still linking this very URL (a newer request supersedes it).
     */
    async resolveAtsLink(candidateId: string, url: string): Promise<void> {
      const row = await repo.findCandidateById(db, candidateId);
      if (row?.ats_status !== 'linking' || row.ats_url !== url) return;
      const resolver = row.ats_provider ? atsLinks.byProvider(row.ats_provider) : atsLinks.find(url);
      let changes;
      try {
        if (!resolver) throw new Error('The ATS integration for this link is no longer configured.');
        const { externalId, profileUrl } = await resolver.resolve(row.organization_id, url);
        changes = {
          ats_status: 'linked' as const,
          ats_external_id: externalId,
          ats_profile_url: profileUrl,
          ats_error: null,
        };
      } catch (err) {
        changes = {
          ats_status: 'failed' as const,
          ats_error: (err instanceof Error ? err.message : String(err)).slice(0, 500),
        };
      }
      await db.transaction().execute(async (trx) => {
        const settled = await repo.settleAtsLink(trx, candidateId, url, { ...changes, updated_at: now() });
        if (!settled) return;
        await recordAuditEvent(trx, {
          organizationId: row.organization_id,
          actorUserId: null,
          action: changes.ats_status === 'linked' ? 'candidates.ats_linked' : 'candidates.ats_link_failed',
          subjectType: 'candidate',
          subjectId: candidateId,
          data: { provider: row.ats_provider },
          occurredAt: clock.now(),
        });
      });
    },
  };

  return service;
}

/** The candidates jobs (registered by `main`). */
export function createCandidatesJobs(service: CandidatesService): JobDefinition<{
  candidateId: string;
  url: string;
}>[] {
  return [
    {
      ...resolveAtsLinkJob,
      handler: ({ candidateId, url }) => service.resolveAtsLink(candidateId, url),
    },
  ];
}
