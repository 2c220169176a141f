import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/index.js';
import { createJobsRuntime } from '../../src/main/jobs-runtime.js';
import { createAtsLinkRegistry, type AtsLinkResolver } from '../../src/modules/candidates/index.js';
import { createManualClock } from '../../src/platform/clock/index.js';
import { createLogger } from '../../src/platform/log/index.js';
import { invitationModules } from '../support/org-app.js';
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
  const { candidates, invitations } = invitationModules({
    db,
    dialect: database.dialect,
    clock,
    config,
    queue: jobs.queue,
    atsLinks: createAtsLinkRegistry(resolvers),
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
