import { z } from 'zod';

/**
 * RFC 7396 JSON merge patch: objects merge key by key, `null` deletes, everything else (arrays
 * included) replaces the target value whole.
 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return patch;
  const result = new Map<string, unknown>(isPlainObject(target) ? Object.entries(target) : []);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) result.delete(key);
    else result.set(key, applyMergePatch(result.get(key), value));
  }
  return Object.fromEntries(result);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const RESULT_STATUSES = ['PENDING', 'IN_PROGRESS', 'COMPLETED', 'REJECTED', 'EXPIRED'] as const;
export const ATTACHMENT_TYPES = ['VIDEO_URL', 'PDF_URL', 'OTHER_URL'] as const;

const score = z
  .object({ raw: z.number().int(), min: z.number().int(), max: z.number().int() })
  .refine((s) => s.max > s.min, { message: 'score.max must be greater than score.min' });

/** What SR accepts in a results PATCH (unknown fields are kept; `null` removes a field). */
const resultPatch = z.looseObject({
  status: z.enum(RESULT_STATUSES).nullish(),
  score: score.nullish(),
  scoreLabel: z.string().nullish(),
  summary: z.string().nullish(),
  name: z.string().nullish(),
  assessmentPackageDate: z.string().nullish(),
  submissionDate: z.string().nullish(),
  attachments: z
    .array(
      z.looseObject({ type: z.enum(ATTACHMENT_TYPES), url: z.string().min(1), name: z.string().optional() }),
    )
    .nullish(),
  assessmentResults: z
    .array(
      z.looseObject({
        assessmentId: z.string().optional(),
        status: z.enum(RESULT_STATUSES).optional(),
        score: score.optional(),
        scoreLabel: z.string().optional(),
      }),
    )
    .nullish(),
});

/** Validate a results patch; returns readable errors (`field: problem`) or null when valid. */
export function validateResultPatch(body: unknown): { code: string; message: string }[] | null {
  if (!isPlainObject(body)) return [{ code: 'INVALID_REQUEST', message: 'The body must be a JSON object.' }];
  const parsed = resultPatch.safeParse(body);
  if (parsed.success) return null;
  return parsed.error.issues.map((issue) => ({
    code: 'INVALID_REQUEST',
    message: `${issue.path.join('.') || '(body)'}: ${issue.message}`,
  }));
}
