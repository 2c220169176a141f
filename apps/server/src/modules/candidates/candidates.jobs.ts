import { z } from 'zod';
import type { JobRef } from '../../platform/jobs/index.js';

/** Ask the ATS to confirm a pasted link: `linking` → `linked` | `failed`. */
export const resolveAtsLinkJob: JobRef<{ candidateId: string; url: string }> = {
  name: 'candidates.resolve-ats-link',
  payload: z.object({ candidateId: z.string().min(1), url: z.string().min(1) }),
};
