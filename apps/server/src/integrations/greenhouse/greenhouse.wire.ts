import { EmailSchema } from '@assay/contracts';
import { z } from 'zod';

/**
 * Greenhouse's Assessment Partner API on the wire (contracts/greenhouse.md §3), field names
 * verbatim. Greenhouse may add fields and older integrations sent numeric ids, so nothing here
 * is strict: unknown fields are dropped, ids may be strings or numbers (always strings after
 * parsing), optional values may be `null` or missing.
 */

/** An id Greenhouse sends as a string or a number; a string after parsing. */
export const GhIdSchema = z.union([
  z.string().trim().min(1, 'must not be empty').max(200),
  z
    .number()
    .int()
    .nonnegative()
    .transform((n) => String(n)),
]);

const optionalText = (max: number) => z.string().max(max).nullish();

export const GhSendTestSchema = z.object({
  partner_test_id: GhIdSchema,
  candidate: z.object({
    first_name: z.string().trim().min(1, 'must not be empty').max(200),
    last_name: z.string().trim().max(200).nullish(),
    preferred_name: optionalText(200),
    /**
     * Checked here, so a bad address is a 400 that stores nothing: Greenhouse shows the error and
     * the same take-home `url` can be sent again once the address is fixed.
     */
    email: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(320)
      .refine((v) => EmailSchema.safeParse(v).success, 'must be a valid email address'),
    phone_number: optionalText(100),
    /** Never fetched. */
    resume_url: optionalText(2000),
    greenhouse_profile_url: z.string().max(2000).nullish(),
  }),
  /** E-mail of the Greenhouse user who clicked "Send Test". */
  sent_by: optionalText(320),
  /** The completion PATCH target; also the order's idempotency key. */
  url: z.string().trim().min(1, 'must not be empty').max(2000),
});
export type GhSendTest = z.infer<typeof GhSendTestSchema>;

export const GhResponseErrorSchema = z.object({
  api_call: z.string().max(200),
  errors: z.array(z.string().max(2000)).max(100),
  partner_test_id: GhIdSchema.nullish(),
  partner_test_name: z.string().max(500).nullish(),
  partner_interview_id: GhIdSchema.nullish(),
  candidate_email: z.string().max(320).nullish(),
});
export type GhResponseError = z.infer<typeof GhResponseErrorSchema>;

export const GhTestStatusQuerySchema = z.object({
  partner_interview_id: GhIdSchema,
});

export type GhMetadataValue = string | number | boolean | null;

export const GhTestStatusSchema = z.object({
  /** Only `complete` has meaning to Greenhouse. */
  partner_status: z.enum(['pending', 'in_progress', 'complete', 'expired', 'cancelled']),
  partner_profile_url: z.string().nullable(),
  partner_score: z.number().int().min(0).max(100).nullable(),
  metadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).nullable(),
});
export type GhTestStatus = z.infer<typeof GhTestStatusSchema>;

export const GhTestSchema = z.object({ partner_test_id: z.string(), partner_test_name: z.string() });
export const GhTestListSchema = z.array(GhTestSchema);

export const GhSendTestResponseSchema = z.object({ partner_interview_id: z.string() });

export const GhErrorCodeSchema = z.enum([
  'unauthorized',
  'invalid_request',
  'test_not_found',
  'interview_not_found',
  'conflict',
  'cannot_fulfil',
  'rate_limited',
]);
export type GhErrorCode = z.infer<typeof GhErrorCodeSchema>;

/** Every error Assay answers Greenhouse with. */
export const GhErrorBodySchema = z.object({ error: GhErrorCodeSchema, message: z.string() });
export type GhErrorBody = z.infer<typeof GhErrorBodySchema>;

/** The first issue of a failed parse as "candidate.email: must not be empty". */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'The request is not valid.';
  const path = issue.path.map(String).join('.');
  const message =
    issue.code === 'invalid_type' && issue.message.endsWith('received undefined')
      ? 'is required'
      : issue.message;
  return path ? `${path}: ${message}` : message;
}
