import type { MailBranding, MailContent } from '../../platform/mail/index.js';

/** What every notice about an invitation shows. */
export interface NoticeFacts {
  branding: MailBranding;
  recipientName: string;
  candidateName: string;
  testName: string;
  reportUrl: string;
  settingsUrl: string;
}

function footer(facts: NoticeFacts): string {
  return `You get this mail because you invited this candidate. Choose which mails you get under Settings → Notifications: ${facts.settingsUrl}`;
}

/** `87.5%`, `100%`. */
export function formatScore(score: number): string {
  return `${String(Math.round(score * 10) / 10)}%`;
}

/** A candidate the recipient invited has submitted. */
export function candidateSubmittedMail(facts: NoticeFacts): MailContent {
  return {
    branding: facts.branding,
    subject: `${facts.candidateName} submitted "${facts.testName}"`,
    paragraphs: [
      `Hi ${facts.recipientName},`,
      `${facts.candidateName} has submitted the test "${facts.testName}".`,
      'Grading runs automatically; the report shows the score as soon as it is ready.',
    ],
    action: { label: 'Open the report', url: facts.reportUrl },
    footer: footer(facts),
  };
}

/** Grading of the recipient's candidate finished with `score`. */
export function gradingFinishedMail(facts: NoticeFacts, score: number | null): MailContent {
  const scored = score === null ? '' : `: ${formatScore(score)}`;
  return {
    branding: facts.branding,
    subject:
      score === null
        ? `Grading finished for ${facts.candidateName} on "${facts.testName}"`
        : `${facts.candidateName} scored ${formatScore(score)} on "${facts.testName}"`,
    paragraphs: [
      `Hi ${facts.recipientName},`,
      `Grading of ${facts.candidateName}'s submission to "${facts.testName}" has finished${scored}.`,
      'The report has the per-criterion breakdown, the code and the timeline.',
    ],
    action: { label: 'Open the report', url: facts.reportUrl },
    footer: footer(facts),
  };
}

/** Grading gave up: nothing is scored until someone retries. */
export function gradingFailedMail(facts: NoticeFacts): MailContent {
  return {
    branding: facts.branding,
    subject: `Grading failed for ${facts.candidateName} on "${facts.testName}"`,
    paragraphs: [
      `Hi ${facts.recipientName},`,
      `Assay could not grade ${facts.candidateName}'s submission to "${facts.testName}". The submission itself is safe.`,
      'An admin can retry the grading (Settings → Failed jobs, or Re-grade on the report). You will get another mail when it is graded.',
    ],
    action: { label: 'Open the report', url: facts.reportUrl },
    footer: footer(facts),
  };
}
