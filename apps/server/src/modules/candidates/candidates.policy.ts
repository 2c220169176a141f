import type { AtsLinkStatus, Role } from '@assay/contracts';

/** Minimum role per candidate action. Reviewers read; recruiters and above write. */
export const CANDIDATE_PERMISSIONS = {
  'candidates:read': 'reviewer',
  'candidates:write': 'recruiter',
} as const satisfies Record<string, Role>;

export type CandidatePermission = keyof typeof CANDIDATE_PERMISSIONS;

/**
 * The ATS link state machine: a new URL can be linked from any state (re-linking replaces
 * the old link); only `linking` resolves, to `linked` or `failed`.
 */
const ATS_TRANSITIONS: Record<AtsLinkStatus, readonly AtsLinkStatus[]> = {
  none: ['linking'],
  linking: ['linking', 'linked', 'failed'],
  linked: ['linking'],
  failed: ['linking'],
};

/** True when the ATS link may move from `from` to `to`. */
export function canMoveAtsLink(from: AtsLinkStatus, to: AtsLinkStatus): boolean {
  return ATS_TRANSITIONS[from].includes(to);
}

/** Normalize tags: trimmed, unique (case-insensitive, first spelling wins), in order. */
export function normalizeTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of tags) {
    const tag = raw.trim();
    const key = tag.toLowerCase();
    if (tag === '' || seen.has(key)) continue;
    seen.add(key);
    out.push(tag);
  }
  return out;
}
