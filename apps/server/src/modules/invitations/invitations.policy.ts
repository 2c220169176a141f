import type { InvitationStatus, Role } from '@assay/contracts';

/** Minimum role per invitation action. Reviewers read; recruiters and above invite and manage. */
export const INVITATION_PERMISSIONS = {
  'invitations:read': 'reviewer',
  'invitations:write': 'recruiter',
} as const satisfies Record<string, Role>;

export type InvitationPermission = keyof typeof INVITATION_PERMISSIONS;

/**
 * The invitation state machine. invited → opened → started → submitted → graded, with
 * expired (validity ran out before starting), cancelled (by a recruiter) and grading_failed.
 */
const TRANSITIONS: Record<InvitationStatus, readonly InvitationStatus[]> = {
  invited: ['opened', 'started', 'expired', 'cancelled'],
  opened: ['started', 'expired', 'cancelled'],
  started: ['submitted', 'cancelled'],
  submitted: ['graded', 'grading_failed'],
  grading_failed: ['graded', 'grading_failed'],
  // Extending validity revives an expired invitation.
  expired: ['invited', 'cancelled'],
  graded: [],
  cancelled: [],
};

/** True when an invitation may move from `from` to `to`. */
export function canTransition(from: InvitationStatus, to: InvitationStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Statuses in which a new invitation for the same candidate and test counts as a duplicate. */
export const OPEN_STATUSES: readonly InvitationStatus[] = [
  'invited',
  'opened',
  'started',
  'submitted',
  'graded',
  'grading_failed',
];

/** Not yet started: the link still works, validity can lapse, the mail can be resent. */
export const PENDING_STATUSES: readonly InvitationStatus[] = ['invited', 'opened'];

/** Recruiter actions and the statuses they apply to. */
export const ACTION_STATUSES = {
  cancel: ['invited', 'opened', 'started', 'expired'],
  extendTime: ['invited', 'opened', 'started'],
  extendValidity: ['invited', 'opened', 'expired'],
  resend: ['invited', 'opened'],
  reinvite: ['expired', 'cancelled'],
} as const satisfies Record<string, readonly InvitationStatus[]>;

export type InvitationAction = keyof typeof ACTION_STATUSES;

/** True when `action` applies to an invitation in `status`. */
export function allows(action: InvitationAction, status: InvitationStatus): boolean {
  return (ACTION_STATUSES[action] as readonly InvitationStatus[]).includes(status);
}

/** What the candidate's landing page says for a status that cannot start (null when it can). */
export function landingMessage(status: InvitationStatus): string | null {
  switch (status) {
    case 'invited':
    case 'opened':
      return null;
    case 'started':
      return 'You have already started this test. Continue it from the page where you started it.';
    case 'submitted':
    case 'graded':
    case 'grading_failed':
      return 'You have already submitted this test. Thank you — there is nothing more to do.';
    case 'expired':
      return 'This invitation has expired. Contact the recruiter if you still want to take the test.';
    case 'cancelled':
      return 'This invitation has been cancelled. Contact the recruiter if you think this is a mistake.';
  }
}

/** New expiry when validity is extended by `days`: from the later of now and the old expiry. */
export function extendedExpiry(currentExpiresAt: Date, now: Date, days: number): Date {
  const base = Math.max(currentExpiresAt.getTime(), now.getTime());
  return new Date(base + days * 86_400_000);
}

/** How long before expiry the single reminder goes out. */
export const REMINDER_BEFORE_EXPIRY_MS = 24 * 60 * 60 * 1000;
/** How often the sweep (expiry + reminders) runs. */
export const SWEEP_INTERVAL_MS = 10 * 60 * 1000;
