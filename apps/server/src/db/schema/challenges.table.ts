import type { ChallengeKind } from '@assay/contracts';

/** A library challenge; organization_id NULL = built-in (owner_key 'builtin'). */
export interface ChallengesTable {
  id: string;
  organization_id: string | null;
  owner_key: string;
  slug: string;
  kind: ChallengeKind;
  latest_version_id: string | null;
  created_at: string;
  updated_at: string;
}
