import type { MailBranding, MailContent } from '../../platform/mail/index.js';

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'long',
  timeStyle: 'short',
  timeZone: 'UTC',
});

/** `25 November 2026 at 10:00 UTC`. */
export function formatExpiry(iso: string): string {
  return `${dateFormat.format(new Date(iso))} UTC`;
}

function timeLimitSentence(limit: number, extra: number): string {
  return extra > 0
    ? `You will have ${String(limit + extra)} minutes once you start (${String(limit)} minutes plus ${String(extra)} minutes of extra time).`
    : `You will have ${String(limit)} minutes once you start.`;
}

export interface InvitationMailFacts {
  branding: MailBranding;
  candidateName: string;
  testName: string;
  timeLimitMinutes: number;
  extraTimeMinutes: number;
  expiresAt: string;
  message: string | null;
}

/** The invitation mail: test, time limit (+ extra time), expiry, personal message, the link. */
export function invitationMail(facts: InvitationMailFacts, link: string): MailContent {
  const org = facts.branding.organizationName;
  return {
    branding: facts.branding,
    subject: `${org} invites you to take "${facts.testName}"`,
    paragraphs: [
      `Hi ${facts.candidateName},`,
      `${org} has invited you to take the coding test "${facts.testName}".`,
      ...(facts.message ? [`A message from ${org}:`, facts.message] : []),
      timeLimitSentence(facts.timeLimitMinutes, facts.extraTimeMinutes),
      'The timer starts only when you press Start on the test page, not when you open the link.',
    ],
    action: { label: 'Open the test', url: link },
    footer: `This link is personal and expires on ${formatExpiry(facts.expiresAt)}.`,
  };
}

/** The reminder 24 h before expiry (no new link: the first mail's link keeps working). */
export function reminderMail(facts: InvitationMailFacts): MailContent {
  const org = facts.branding.organizationName;
  return {
    branding: facts.branding,
    subject: `Reminder: your invitation to "${facts.testName}" expires soon`,
    paragraphs: [
      `Hi ${facts.candidateName},`,
      `Your invitation from ${org} to take "${facts.testName}" expires on ${formatExpiry(facts.expiresAt)}.`,
      timeLimitSentence(facts.timeLimitMinutes, facts.extraTimeMinutes),
      `Open the link in the invitation email from ${org} to start. If you cannot find it, reply to the recruiter and ask them to resend it.`,
    ],
  };
}
