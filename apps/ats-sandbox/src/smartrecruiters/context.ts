/**
 * What the SmartRecruiters plugin needs from the sandbox (structurally the same as `server.ts`'s
 * `SandboxContext`; declared here so this folder does not import `server.ts`, which imports it).
 */
export interface SrContext {
  /** Assay's origin, changeable at run time. */
  assayUrl(): string;
  /** This sandbox's origin. */
  publicUrl(): string;
}
