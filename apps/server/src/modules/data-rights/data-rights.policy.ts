import type { InvitationStatus, Role } from '@assay/contracts';

/** Export and erasure are owner/admin actions (and need a fresh password re-confirmation). */
export const DATA_RIGHTS_PERMISSIONS = {
  'candidates:export': 'admin',
  'candidates:erase': 'admin',
} as const satisfies Record<string, Role>;

export type DataRightsPermission = keyof typeof DATA_RIGHTS_PERMISSIONS;

/** Invitations still in progress: their candidate is never erased by retention. */
export const IN_PROGRESS_STATUSES: readonly InvitationStatus[] = [
  'invited',
  'opened',
  'started',
  'submitted',
];

export const DAY_MS = 86_400_000;

/** Candidates whose last activity is before this instant are past the retention period. */
export function retentionCutoff(now: Date, retentionDays: number): Date {
  return new Date(now.getTime() - retentionDays * DAY_MS);
}

/** The retention sweep's slot (one run per UTC day). */
export function sweepSlot(at: Date): number {
  return Math.floor(at.getTime() / DAY_MS);
}

/**
 * Strings whose presence in a free-text column (mail bodies, webhook payloads, audit data,
 * job payloads) marks the row as about this candidate: ids, the email and — when long enough
 * not to match unrelated text — the name. Lowercase; matching is case-insensitive.
 */
export function personalNeedles(
  candidate: { name: string; email: string },
  ids: readonly string[],
): string[] {
  const needles = new Set<string>(ids.map((id) => id.toLowerCase()));
  needles.add(candidate.email.trim().toLowerCase());
  const name = candidate.name.trim().toLowerCase();
  if (name.length >= MIN_NAME_NEEDLE) needles.add(name);
  return [...needles].filter((n) => n !== '');
}

/** Shorter names are not searched for in free text (too many false matches); ids and email still are. */
export const MIN_NAME_NEEDLE = 5;

/** Invitation link tokens in exported mail bodies are replaced (a live link must not leave in an export). */
export function redactLinkTokens(text: string): string {
  return text.replace(/token=[A-Za-z0-9_-]+/g, 'token=[redacted]');
}
