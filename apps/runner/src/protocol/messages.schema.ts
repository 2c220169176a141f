import { z } from 'zod';
import { HealthSchema, LanguageInfoSchema, PROTOCOL_VERSION, RunnerErrorSchema } from './common.schema.js';
import { JudgeRequestSchema, JudgeResultSchema, JudgeTestResultSchema } from './judge.schema.js';
import { ProjectRequestSchema, ProjectResultSchema } from './project.schema.js';

const v = z.literal(PROTOCOL_VERSION);
const RequestIdSchema = z.string().min(1).max(64);

/**
 * A request line (NDJSON, one JSON object per line) from a client to `assay-runner`. Requests run
 * concurrently; `cancel` aborts the request with that id.
 */
export const RunnerRequestSchema = z.discriminatedUnion('type', [
  z.object({ v, id: RequestIdSchema, type: z.literal('judge'), request: JudgeRequestSchema }),
  z.object({ v, id: RequestIdSchema, type: z.literal('project'), request: ProjectRequestSchema }),
  z.object({ v, id: RequestIdSchema, type: z.literal('languages') }),
  z.object({ v, id: RequestIdSchema, type: z.literal('health') }),
  z.object({ v, id: RequestIdSchema, type: z.literal('cancel') }),
]);
export type RunnerRequest = z.infer<typeof RunnerRequestSchema>;

/**
 * A response line from `assay-runner`. Each request gets exactly one final message (`*-result` or
 * `error`); a judge request may get `test` progress messages before it. `ready` is sent once, after
 * the self-test passed, before anything else.
 */
export const RunnerResponseSchema = z.discriminatedUnion('type', [
  z.object({ v, type: z.literal('ready'), health: HealthSchema }),
  z.object({ v, id: RequestIdSchema, type: z.literal('test'), test: JudgeTestResultSchema }),
  z.object({ v, id: RequestIdSchema, type: z.literal('judge-result'), result: JudgeResultSchema }),
  z.object({ v, id: RequestIdSchema, type: z.literal('project-result'), result: ProjectResultSchema }),
  z.object({
    v,
    id: RequestIdSchema,
    type: z.literal('languages-result'),
    languages: z.array(LanguageInfoSchema),
  }),
  z.object({ v, id: RequestIdSchema, type: z.literal('health-result'), health: HealthSchema }),
  z.object({ v, id: RequestIdSchema.nullable(), type: z.literal('error'), error: RunnerErrorSchema }),
]);
export type RunnerResponse = z.infer<typeof RunnerResponseSchema>;

/** Longest NDJSON line either side accepts: a 20 MiB archive in base64 plus the envelope. */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;
