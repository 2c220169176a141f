/**
 * The sandbox core (sandbox.md §2–§6, §11): bwrap + cgroups + seccomp + slots.
 * Import from here: `import { createSandboxHost, readBoxFile } from '.../sandbox/index.js'`.
 */
export type * from './types.js';
export {
  createSandboxHost,
  defaultSlotCount,
  SandboxUnavailableError,
  DEFAULT_STATE_DIR,
  SLOT_UID_BASE,
  type SandboxHostOptions,
} from './host.js';
export {
  readBoxFile,
  removeBoxTree,
  processesOfUid,
  BOX_READ_DEFAULT_MAX,
  type BoxFile,
} from './box-files.js';
export { PROBE_LIMITS } from './self-test.js';
