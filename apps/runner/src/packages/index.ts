export { loadKattisPackage, flattenTestCases, KATTIS_DEFAULT_MEMORY_MIB } from './kattis-package-loader.js';
export { PackageError } from './package-files.js';
export {
  decideTimeLimit,
  needsTimeLimitDerivation,
  DEFAULT_TIME_LIMIT_MS,
  DERIVATION_PROBE_LIMIT_MS,
  type TimeLimitDecision,
} from './time-limit.js';
export * from './package-types.js';
