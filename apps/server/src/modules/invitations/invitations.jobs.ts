import { z } from 'zod';
import type { JobRef } from '../../platform/jobs/index.js';

/** Issue the invitation's link and mail it (also after a resend). Idempotent. */
export const sendInvitationEmailJob: JobRef<{ invitationId: string }> = {
  name: 'invitations.send-email',
  payload: z.object({ invitationId: z.string().min(1) }),
};

/** Expire past-due invitations and send the reminder 24 h before expiry; re-enqueues itself. */
export const sweepInvitationsJob: JobRef<Record<string, never>> = {
  name: 'invitations.sweep',
  payload: z.object({}).strict(),
};
