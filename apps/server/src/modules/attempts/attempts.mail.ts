import type { MailBranding, MailContent } from '../../platform/mail/index.js';

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'long',
  timeStyle: 'medium',
  timeZone: 'UTC',
});

export interface ReceiptFacts {
  branding: MailBranding;
  candidateName: string;
  testName: string;
  submittedAt: string;
  commit: string;
  files: number;
  reason: 'candidate' | 'deadline';
}

/** The submission receipt mailed to the candidate. */
export function receiptMail(facts: ReceiptFacts): MailContent {
  const org = facts.branding.organizationName;
  return {
    branding: facts.branding,
    subject: `Your submission for "${facts.testName}" was received`,
    paragraphs: [
      `Hi ${facts.candidateName},`,
      facts.reason === 'deadline'
        ? `The time for "${facts.testName}" ran out, so your latest saved work was submitted automatically.`
        : `Thank you: your submission for "${facts.testName}" was received.`,
      `Submitted on ${dateFormat.format(new Date(facts.submittedAt))} UTC: ${String(facts.files)} file${facts.files === 1 ? '' : 's'}, commit ${facts.commit.slice(0, 12)}.`,
      `${org} will review it and get back to you. There is nothing more to do.`,
    ],
  };
}
