import type { AnyJobDefinition, JobDefinition } from '../../platform/jobs/index.js';
import type { DbOrTrx } from '../../db/index.js';
import { finalizeAttemptJob } from './attempts.jobs.js';
import { attemptsRoutes } from './attempts.routes.js';
import { createAttemptsService, type AttemptsDeps } from './attempts.service.js';
import * as repo from './attempts.repository.js';

/** The candidate's attempt (Start, clock, workspace, Run, Submit) and the git access rules. */
export function createAttemptsModule(deps: AttemptsDeps) {
  const service = createAttemptsService(deps);
  const finalize: JobDefinition<{ attemptId: string }> = {
    ...finalizeAttemptJob,
    handler: ({ attemptId }) => service.finalize(attemptId),
  };
  const jobs: AnyJobDefinition[] = [finalize];
  return {
    service,
    gitAccess: service.gitAccess,
    routes: attemptsRoutes({ attempts: service, clock: deps.clock, production: deps.config.production }),
    jobs,
    /** Boot recovery: enqueue the finalize job of every active attempt (call once the queue is ready). */
    start: async () => {
      await service.scheduleFinalizers();
    },
  };
}

export type AttemptsModule = ReturnType<typeof createAttemptsModule>;
export type { AttemptsDeps, AttemptsService, GradingPort } from './attempts.service.js';
export { AttemptErrors } from './attempts.errors.js';
export { finalizeAttemptJob } from './attempts.jobs.js';
export { deadlineOf, PUSH_GRACE_MS, ATTEMPT_COOKIE } from './attempts.policy.js';
export type { AttemptRow, EventRow as AttemptEventRow } from './attempts.repository.js';

/** The attempt of an invitation (reports, grading), or undefined before Start. */
export function getAttemptByInvitation(db: DbOrTrx, invitationId: string) {
  return repo.findAttemptByInvitation(db, invitationId);
}

/** An attempt by id. */
export function getAttempt(db: DbOrTrx, attemptId: string) {
  return repo.findAttempt(db, attemptId);
}

/** The attempt timeline (oldest first), `data` parsed. */
export async function listTimeline(db: DbOrTrx, attemptId: string) {
  const rows = await repo.listEvents(db, attemptId);
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    at: row.at,
    data: JSON.parse(row.data) as Record<string, unknown>,
  }));
}
