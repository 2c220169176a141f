import { z } from 'zod';

/** The protocol version every message carries; bump on an incompatible change. */
export const PROTOCOL_VERSION = 1;

export const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase hex sha256');

/**
 * A set of files sent to the runner: a tar archive (e.g. `git archive --format=tar`), a list of
 * files, a path on the runner host (a tar file or a directory; local runners only), or the sha256 of
 * a tar uploaded to the runner's blob store before. Unpacked by the §4 rules (no links, size limits).
 */
export const FileSetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('tar'), data: z.base64() }),
  z.object({
    kind: z.literal('files'),
    files: z.array(
      z.object({ path: z.string().min(1).max(1024), data: z.base64(), executable: z.boolean().optional() }),
    ),
  }),
  z.object({ kind: z.literal('path'), path: z.string().min(1).max(4096) }),
  z.object({ kind: z.literal('blob'), sha256: Sha256Schema }),
]);
export type FileSet = z.infer<typeof FileSetSchema>;

/** A protocol-level failure of one request (not a verdict). */
export const RunnerErrorSchema = z.object({
  /** e.g. `bad_request`, `invalid_archive`, `unsupported`, `aborted`, `internal`. */
  code: z.string(),
  message: z.string(),
});
export type RunnerError = z.infer<typeof RunnerErrorSchema>;

export const SelfTestCheckSchema = z.object({
  name: z.string(),
  ok: z.boolean(),
  detail: z.string().optional(),
  fix: z.string().optional(),
});

/** `health`: the self-test report of the runner (sandbox.md §11). */
export const HealthSchema = z.object({
  ok: z.boolean(),
  cgroupVersion: z.union([z.literal(1), z.literal(2), z.null()]),
  checks: z.array(SelfTestCheckSchema),
  protocolVersion: z.number().int(),
});
export type Health = z.infer<typeof HealthSchema>;

/** `languages`: what the runner offers (only languages whose smoke test passed). */
export const LanguageInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  version: z.string(),
  extensions: z.array(z.string()),
});
export type LanguageInfo = z.infer<typeof LanguageInfoSchema>;
