import { z } from 'zod';

const commandSchema = z.object({
  /** argv with placeholders: {files}, {mainfile}, {mainstem}, {mainclass}, {mem}, {mem-N}. */
  argv: z.array(z.string().min(1)).min(1),
});

/** The schema of `apps/runner/languages/<lang>/<version>/language.json`. */
export const languageDefinitionSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9+]*$/),
    name: z.string().min(1),
    /** The language name in Kattis's `languages.yaml` (also accepted by --language). */
    kattisName: z.string().min(1),
    version: z.string().min(1),
    /** File extensions without the dot, lower case. */
    extensions: z.array(z.string().regex(/^[a-z0-9+]+$/)).min(1),
    /** Offered only when present (Go, Kotlin, Rust); missing optional toolchains are not errors. */
    optional: z.boolean().default(false),
    /** How {mainclass} is derived from the main file. */
    mainClass: z.enum(['java', 'kotlin']).optional(),
    /** Host paths that must exist (all under /usr or /etc). */
    detect: z.array(z.string().regex(/^\/(usr|etc)\//)).min(1),
    versionProbe: z.object({ argv: z.array(z.string()).min(1), pattern: z.string() }),
    compile: commandSchema.optional(),
    run: commandSchema,
    /** Run command when the submission has several files (e.g. Python without -I). */
    runMultiFile: commandSchema.optional(),
    /** Debian packages that provide the toolchain (`assay doctor` prints the install line). */
    debianPackages: z.array(z.string().regex(/^[a-z0-9][a-z0-9+.-]*$/)).default([]),
    binds: z
      .array(z.object({ src: z.string().regex(/^\/(usr|etc)\//), dest: z.string().startsWith('/') }))
      .default([]),
    env: z.record(z.string(), z.string()).default({}),
    /**
     * A toolchain cache prepared on the host by `warm.argv` (e.g. Go's GOCACHE, whose
     * cold build exceeds the compile limit), bound read-only at `dest` for compiles.
     */
    cache: z
      .object({
        dest: z.string().startsWith('/'),
        /** Environment variable pointing the host warm-up at the cache folder. */
        envVar: z.string().min(1),
        /** argv with {langdir} = this language's folder. */
        warm: z.object({ argv: z.array(z.string().min(1)).min(1) }),
      })
      .optional(),
    limits: z.object({
      runPids: z.number().int().positive(),
      compilePids: z.number().int().positive(),
      /** RLIMIT_AS = memory + this many MiB; null: no RLIMIT_AS (JIT runtimes). */
      addressSpaceExtraMiB: z.number().int().nonnegative().nullable(),
    }),
    /** Multiplies the problem's time limit for this language. */
    timeMultiplier: z.number().positive().default(1),
    smoke: z.object({
      files: z.array(z.string().min(1)).min(1),
      stdin: z.string().min(1),
      expected: z.string().min(1),
    }),
  })
  .strict();

/** A validated language definition. */
export type LanguageDefinition = z.infer<typeof languageDefinitionSchema>;

/** A language definition plus where it was loaded from. */
export interface Language extends LanguageDefinition {
  /** The folder holding language.json and smoke/. */
  dir: string;
  /** Host folder of the prepared toolchain cache (see `cache`), once warmed. */
  cacheDir?: string;
}
