import type { Language } from '../languages/language-schema.js';
import type { RunLimits } from '../sandbox/types.js';

const MIB = 1024 * 1024;

/** Default run limits (sandbox.md §5); the package's own limits override these. */
export const DEFAULT_RUN = {
  cpuMs: 2000,
  memoryMiB: 256,
  fileSizeBytes: 16 * MIB,
  stackBytes: 64 * MIB,
  tmpBytes: 64 * MIB,
  shmBytes: 16 * MIB,
  stdoutBytes: 64 * 1024,
  stderrBytes: 64 * 1024,
} as const;

/** Compile limits (sandbox.md §5). */
export function compileLimits(language: Language): RunLimits {
  return {
    cpuMs: 10_000,
    wallMs: 20_000,
    memoryBytes: 512 * MIB,
    pids: language.limits.compilePids,
    fileSizeBytes: 64 * MIB,
    stackBytes: 64 * MIB,
    tmpBytes: 256 * MIB,
    shmBytes: 16 * MIB,
    stdoutBytes: 64 * 1024,
    stderrBytes: 64 * 1024,
  };
}

/** Run limits for a program of `language` with the given CPU and memory limits. */
export function runLimits(
  language: Language,
  options: { cpuMs: number; memoryMiB: number; stdoutBytes?: number; wallMs?: number },
): RunLimits {
  const extra = language.limits.addressSpaceExtraMiB;
  return {
    cpuMs: options.cpuMs,
    wallMs: options.wallMs ?? 2 * options.cpuMs + 1000,
    memoryBytes: options.memoryMiB * MIB,
    pids: language.limits.runPids,
    fileSizeBytes: DEFAULT_RUN.fileSizeBytes,
    stackBytes: DEFAULT_RUN.stackBytes,
    tmpBytes: DEFAULT_RUN.tmpBytes,
    shmBytes: DEFAULT_RUN.shmBytes,
    stdoutBytes: options.stdoutBytes ?? DEFAULT_RUN.stdoutBytes,
    stderrBytes: DEFAULT_RUN.stderrBytes,
    ...(extra === null ? {} : { addressSpaceBytes: (options.memoryMiB + extra) * MIB }),
  };
}
