import { z } from 'zod';
import { OrgParamsSchema, PersonNameSchema } from './identity.js';

/**
 * Candidates (one record per email per organization; created or updated by invitations).
 * Organization-scoped (member of :orgId; other organizations → 404). Reads: any role;
 * writes: recruiter and above (reviewer → 403).
 *
 *   GET   /api/orgs/:orgId/candidates                      CandidateListQuery → CandidateList
 *   GET   /api/orgs/:orgId/candidates/:candidateId                            → CandidateDetail (with every invitation)
 *   PATCH /api/orgs/:orgId/candidates/:candidateId         UpdateCandidateBody → Candidate
 *   POST  /api/orgs/:orgId/candidates/:candidateId/ats-link LinkAtsBody       → Candidate (atsLink.status 'linking';
 *         a job resolves it to 'linked' or 'failed'; 400 candidates.ats_url_unrecognized when no ATS recognizes the URL)
 *
 * The ATS button: blue when `atsLink.status === 'linked'` (opens `atsLink.profileUrl` in a new tab),
 * grey otherwise (opens "Link with ATS"); show "linking…" while `status === 'linking'` and poll.
 */

export const CandidateTagSchema = z.string().trim().min(1).max(40);
export const CandidateTagsSchema = z.array(CandidateTagSchema).max(20);

export const AtsLinkStatusSchema = z.enum(['none', 'linking', 'linked', 'failed']);
export type AtsLinkStatus = z.infer<typeof AtsLinkStatusSchema>;

/**
 * An ATS profile URL as pasted by a recruiter (http/https), or a bare candidate UUID
 * (SmartRecruiters shows them; contract §8). Which ATS it is decides the ATS link registry.
 */
export const AtsUrlSchema = z.union([
  z.url({ protocol: /^https?$/ }).max(2048),
  z
    .string()
    .trim()
    .regex(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
      'must be a URL or a candidate id',
    ),
]);

export const AtsLinkSchema = z.object({
  /** The URL as pasted (null when never linked). */
  url: z.string().nullable(),
  status: AtsLinkStatusSchema,
  /** Which ATS recognized the URL (e.g. 'greenhouse'). */
  provider: z.string().optional(),
  /** The candidate's profile in the ATS, once linked. */
  profileUrl: z.string().optional(),
  /** Why linking failed (status 'failed'). */
  error: z.string().optional(),
});
export type AtsLink = z.infer<typeof AtsLinkSchema>;

export const CandidateSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  tags: z.array(z.string()),
  atsLink: AtsLinkSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Candidate = z.infer<typeof CandidateSchema>;

export const CandidateParamsSchema = OrgParamsSchema.extend({ candidateId: z.string().min(1).max(64) });

export const CandidateListQuerySchema = z.object({
  /** Search by name or email (substring, case-insensitive). */
  q: z.string().trim().max(200).optional(),
  tag: CandidateTagSchema.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});
export type CandidateListQuery = z.infer<typeof CandidateListQuerySchema>;

export const CandidateListSchema = z.object({
  items: z.array(CandidateSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type CandidateList = z.infer<typeof CandidateListSchema>;

export const UpdateCandidateBodySchema = z
  .object({ name: PersonNameSchema.optional(), tags: CandidateTagsSchema.optional() })
  .strict();
export type UpdateCandidateBody = z.infer<typeof UpdateCandidateBodySchema>;

export const LinkAtsBodySchema = z.object({ url: AtsUrlSchema }).strict();
export type LinkAtsBody = z.infer<typeof LinkAtsBodySchema>;
