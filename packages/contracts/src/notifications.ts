import { z } from 'zod';

/**
 * Settings → Notifications: which mails the signed-in member gets in one organization
 * (any member of :orgId, their own preferences only; other organizations → 404).
 *
 *   GET /api/orgs/:orgId/notification-preferences                              → NotificationPreferences
 *   PUT /api/orgs/:orgId/notification-preferences  NotificationPreferences     → NotificationPreferences
 *
 * Both default to on. The mails go to the member who sent the invitation (web or API token);
 * invitations sent by an ATS integration have no inviter and are not mailed.
 */
export const NotificationPreferencesSchema = z
  .object({
    /** Mail me when a candidate I invited submits. */
    candidateSubmitted: z.boolean(),
    /** Mail me when grading of my candidate finishes (or fails: an admin can retry). */
    gradingFinished: z.boolean(),
  })
  .strict();
export type NotificationPreferences = z.infer<typeof NotificationPreferencesSchema>;

export const DEFAULT_NOTIFICATION_PREFERENCES: NotificationPreferences = {
  candidateSubmitted: true,
  gradingFinished: true,
};
