import type { NotificationPreferences } from '@assay/contracts';
import { DEFAULT_NOTIFICATION_PREFERENCES } from '@assay/contracts';
import type { Config } from '../../config/index.js';
import type { Db, DbOrTrx } from '../../db/index.js';
import type { Clock } from '../../platform/clock/index.js';
import type { MailContent, MailQueue } from '../../platform/mail/index.js';
import type { InvitationEvent } from '../invitations/index.js';
import {
  candidateSubmittedMail,
  gradingFailedMail,
  gradingFinishedMail,
  type NoticeFacts,
} from './notifications.mail.js';
import * as repo from './notifications.repository.js';

export interface NotificationsDeps {
  db: Db;
  clock: Clock;
  mail: {
    queue: MailQueue;
    render: (content: MailContent) => { subject: string; text: string; html: string };
  };
  config: Pick<Config, 'http'>;
}

/** The signed-in member in one organization. */
export interface NotificationActor {
  userId: string;
  organizationId: string;
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;

type Notice = 'candidateSubmitted' | 'gradingFinished' | 'gradingFailed';

const NOTICES: Partial<Record<InvitationEvent['type'], Notice>> = {
  'invitations.submitted': 'candidateSubmitted',
  'invitations.graded': 'gradingFinished',
  'invitations.grading_failed': 'gradingFailed',
};

function fromRow(row: { candidate_submitted: number | null; grading_finished: number | null } | undefined) {
  return {
    candidateSubmitted:
      row?.candidate_submitted == null
        ? DEFAULT_NOTIFICATION_PREFERENCES.candidateSubmitted
        : row.candidate_submitted === 1,
    gradingFinished:
      row?.grading_finished == null
        ? DEFAULT_NOTIFICATION_PREFERENCES.gradingFinished
        : row.grading_finished === 1,
  };
}

/**
 * Recruiter notifications: per-member preferences, and the mails to the member who sent an
 * invitation when their candidate submits and when grading finishes (or fails).
 */
export function createNotificationsService(deps: NotificationsDeps) {
  const { db, clock, mail } = deps;
  const publicUrl = deps.config.http.publicUrl;

  return {
    /** The caller's own preferences (the defaults until they change one). */
    async getPreferences(actor: NotificationActor): Promise<NotificationPreferences> {
      return fromRow(await repo.findPreferences(db, actor.userId, actor.organizationId));
    },

    /** Replace the caller's own preferences. */
    async updatePreferences(
      actor: NotificationActor,
      input: NotificationPreferences,
    ): Promise<NotificationPreferences> {
      await repo.upsertPreferences(db, {
        user_id: actor.userId,
        organization_id: actor.organizationId,
        candidate_submitted: input.candidateSubmitted ? 1 : 0,
        grading_finished: input.gradingFinished ? 1 : 0,
        updated_at: clock.now().toISOString(),
      });
      return { candidateSubmitted: input.candidateSubmitted, gradingFinished: input.gradingFinished };
    },

    /**
     * Invitation listener (`invitations.subscribe`), in the transaction of the change: on
     * submitted / graded / grading_failed, queue one branded mail to the inviter when they
     * are still an enabled member of the organization and want it. Invitations without an
     * inviter (ATS integrations) are not mailed. Grading failures follow `gradingFinished`.
     */
    async onInvitationEvent(trx: DbOrTrx, event: InvitationEvent): Promise<void> {
      const notice = NOTICES[event.type];
      if (!notice) return;
      const invitation = await repo.findInvitationForNotice(trx, event.invitationId);
      if (!invitation?.invited_by_user_id) return;
      const recipient = await repo.findMemberRecipient(
        trx,
        invitation.organization_id,
        invitation.invited_by_user_id,
      );
      if (!recipient) return;
      const wants = fromRow(recipient);
      if (notice === 'candidateSubmitted' ? !wants.candidateSubmitted : !wants.gradingFinished) return;
      const facts: NoticeFacts = {
        branding: {
          organizationName: invitation.organization_name,
          logoUrl: invitation.logo_url,
          accentColor: invitation.accent_color,
        },
        recipientName: recipient.name,
        candidateName: invitation.candidate_name,
        testName: invitation.test_name,
        reportUrl: `${publicUrl}/reports/${invitation.id}`,
        settingsUrl: `${publicUrl}/settings/notifications`,
      };
      const content =
        notice === 'candidateSubmitted'
          ? candidateSubmittedMail(facts)
          : notice === 'gradingFinished'
            ? gradingFinishedMail(facts, invitation.score)
            : gradingFailedMail(facts);
      await mail.queue.queueMail(trx, {
        organizationId: invitation.organization_id,
        to: recipient.email,
        kind: `notifications.${notice === 'candidateSubmitted' ? 'candidate-submitted' : notice === 'gradingFinished' ? 'grading-finished' : 'grading-failed'}`,
        ...mail.render(content),
      });
    },
  };
}
