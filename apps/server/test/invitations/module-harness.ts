import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OrganizationSettings } from '@assay/contracts';
import { loadConfig } from '../../src/config/index.js';
import { createJobsRuntime } from '../../src/main/jobs-runtime.js';
import {
  createCandidatesModule,
  createAtsLinkRegistry,
  type AtsLinkResolver,
} from '../../src/modules/candidates/index.js';
import { createChallengesModule } from '../../src/modules/challenges/index.js';
import { createInvitationsModule } from '../../src/modules/invitations/index.js';
import { createManualClock } from '../../src/platform/clock/index.js';
import { createLogger } from '../../src/platform/log/index.js';
import { createMailQueue, renderMail } from '../../src/platform/mail/index.js';
import { createTestDatabase } from '../support/test-db.js';

/**
 * The candidates and invitations modules on a fresh database with the real tests module,
 * the inline queue and `resolvers` registered as ATS integrations: for the state machines
 * the HTTP API does not expose (ATS link resolution, attempt stages).
 */
export async function buildInvitationModules(resolvers: AtsLinkResolver[] = []) {
  const database = await createTestDatabase();
  const { db } = database;
  const clock = createManualClock(new Date('2026-03-02T09:00:00.000Z'));
  const config = loadConfig({
    DATA_DIR: mkdtempSync(join(tmpdir(), 'assay-inv-modules-')),
    LOG_LEVEL: 'silent',
  });
  const jobs = createJobsRuntime(
    { config, db, clock, logger: createLogger({ level: 'silent' }) },
    { inline: true },
  );
  const atsLinks = createAtsLinkRegistry(resolvers);
  const candidates = createCandidatesModule({
    db,
    dialect: database.dialect,
    clock,
    queue: jobs.queue,
    atsLinks,
  });
  const challenges = createChallengesModule({ db, clock, config });
  // Organizations' settings read straight from the table (the organizations module needs identity).
  const organizations = {
    async getSettings(id: string): Promise<OrganizationSettings> {
      const row = await db
        .selectFrom('organizations')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      return {
        id,
        name: row.name,
        slug: row.slug,
        logoUrl: row.logo_url,
        accentColor: row.accent_color,
        candidateRetentionDays: row.candidate_retention_days,
        createdAt: row.created_at,
      };
    },
  };
  const invitations = createInvitationsModule({
    db,
    dialect: database.dialect,
    clock,
    queue: jobs.queue,
    mail: { queue: createMailQueue({ queue: jobs.queue, clock }), render: renderMail },
    config,
    tests: challenges.service,
    candidates: candidates.service,
    organizations,
  });
  jobs.registry.register(candidates.jobs, invitations.jobs);
  return {
    db,
    clock,
    candidates: candidates.service,
    invitations: invitations.service,
    drain: () => (jobs.drain ? jobs.drain() : Promise.resolve(0)),
    close: () => database.destroy(),
  };
}
