/** What every provider plugin of the sandbox gets from `server.ts` (kept apart to avoid an import cycle). */
export interface SandboxContext {
  /** Assay's origin, changeable at run time (`POST /__sandbox/config`). */
  assayUrl(): string;
  /** This sandbox's origin. */
  publicUrl(): string;
}
