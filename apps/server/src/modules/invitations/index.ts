import type { AnyJobDefinition, JobDefinition } from '../../platform/jobs/index.js';
import { sendInvitationEmailJob, sweepInvitationsJob } from './invitations.jobs.js';
import { invitationsRoutes } from './invitations.routes.js';
import { createInvitationsService, type InvitationsDeps } from './invitations.service.js';

/** Candidate invitations, the candidate link, expiry + reminders and the Activities page. */
export function createInvitationsModule(deps: InvitationsDeps) {
  const service = createInvitationsService(deps);
  const sendEmail: JobDefinition<{ invitationId: string }> = {
    ...sendInvitationEmailJob,
    handler: ({ invitationId }) => service.sendInvitationEmail(invitationId),
  };
  const sweep: JobDefinition<Record<string, never>> = {
    ...sweepInvitationsJob,
    handler: async () => {
      await service.sweep();
    },
  };
  const jobs: AnyJobDefinition[] = [sendEmail, sweep];
  return {
    service,
    routes: invitationsRoutes({ invitations: service }),
    jobs,
    /** Start the recurring sweep (call once the queue is ready: `onReady`). */
    start: () => service.scheduleSweep(),
  };
}

export type InvitationsModule = ReturnType<typeof createInvitationsModule>;
export type {
  InvitationActor,
  InvitationEvent,
  InvitationEventListener,
  InvitationEventType,
  InvitationsDeps,
  InvitationsService,
  InviteInput,
  TestForInvitation,
  TestsPort,
} from './invitations.service.js';
export { INVITATION_PERMISSIONS, canTransition, landingMessage } from './invitations.policy.js';
export { InvitationErrors } from './invitations.errors.js';
export { csvCell, toCsv } from './invitations.csv.js';
