/** Honest empty states for sections that are not built yet: what they will hold, what to do now. */
export interface ComingSoonSection {
  title: string;
  description: string;
  emptyTitle: string;
  body: string;
  next: { label: string; to: string } | null;
}

export const comingSoonSections = {
  interviews: {
    title: 'Interviews',
    description: 'Live pair-programming sessions with candidates.',
    emptyTitle: 'Interviews are not available yet',
    body: 'Scheduling and running live coding interviews is planned for a later release. Take-home tests will cover assessments until then.',
    next: null,
  },
} satisfies Record<string, ComingSoonSection>;
