/** Honest empty states for sections that are not built yet: what they will hold, what to do now. */
export interface ComingSoonSection {
  title: string;
  description: string;
  emptyTitle: string;
  body: string;
  next: { label: string; to: string } | null;
}

export const comingSoonSections = {
  activities: {
    title: 'Activities',
    description: 'Every candidate invitation and where it stands: invited, started, submitted, graded.',
    emptyTitle: 'No candidates invited yet',
    body: 'Invitations will appear here once tests can be sent (coming with the invitations module). Meanwhile, make sure your team is in place.',
    next: { label: 'Invite your team', to: '/settings/team' },
  },
  tests: {
    title: 'Tests',
    description: 'What candidates take: one project challenge, or up to five weighted algorithmic problems.',
    emptyTitle: 'No tests yet',
    body: 'Creating and publishing tests is coming with the challenges module. The built-in challenge library will be available to start from.',
    next: { label: 'See the challenge library', to: '/challenges' },
  },
  challenges: {
    title: 'Challenges',
    description: 'Project challenges and algorithmic problem packages that tests are built from.',
    emptyTitle: 'The challenge library is coming',
    body: 'Browsing the built-in challenges and importing your own (challenge.json folders or Kattis packages) is coming with the challenges module. Today an administrator can check packages with `assay problem verify`.',
    next: null,
  },
  candidates: {
    title: 'Candidates',
    description: 'Everyone you have assessed, with their reports and reviews.',
    emptyTitle: 'No candidates yet',
    body: 'Candidates appear here after their first invitation (coming with the invitations and reports modules).',
    next: { label: 'Go to Activities', to: '/activities' },
  },
  interviews: {
    title: 'Interviews',
    description: 'Live pair-programming sessions with candidates.',
    emptyTitle: 'Interviews are not available yet',
    body: 'Scheduling and running live coding interviews is planned for a later release. Take-home tests will cover assessments until then.',
    next: null,
  },
  integrations: {
    title: 'Integrations',
    description:
      'Connect Greenhouse or SmartRecruiters so tests are sent from your ATS and results flow back.',
    emptyTitle: 'No integrations connected',
    body: 'Connecting an ATS from this page is coming with the integrations module. Results will be delivered with retries, and failures will show up under Failed jobs.',
    next: null,
  },
  apiTokens: {
    title: 'API tokens',
    description: 'Personal tokens for scripts and CI that call the Assay API on your behalf.',
    emptyTitle: 'No API tokens',
    body: 'Creating scoped, revocable tokens is coming with the API tokens feature. Each token will be shown once and stored hashed.',
    next: null,
  },
  webhooks: {
    title: 'Webhooks',
    description: 'Signed HTTP callbacks (Standard Webhooks) when invitations and results change.',
    emptyTitle: 'No webhook endpoints',
    body: 'Adding endpoints is coming with the webhooks feature. Deliveries will be retried for about three days and listed with their status.',
    next: null,
  },
  notifications: {
    title: 'Notifications',
    description: 'Which mails you receive: submissions to review, grading failures, weekly summaries.',
    emptyTitle: 'Notification preferences are coming',
    body: 'Until then Assay sends only the mails a flow needs (invitations, password resets). Administrators can see every mail in the Mail log.',
    next: { label: 'Open the Mail log', to: '/settings/mail-log' },
  },
} satisfies Record<string, ComingSoonSection>;
