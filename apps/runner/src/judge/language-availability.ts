import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { compareOutput } from '../compare/output-compare.js';
import {
  isToolchainInstalled,
  loadLanguageDefinitions,
  probeLanguageVersion,
} from '../languages/language-registry.js';
import type { Language } from '../languages/language-schema.js';
import { DEFAULT_STATE_DIR } from '../sandbox/index.js';
import type { SandboxHost } from '../sandbox/types.js';
import { runLimits } from './sandbox-limits.js';
import { compileProgram, runProgram } from './sandbox-program.js';
import type { PreparedSubmission } from './submission-files.js';
import { findJavaPublicClass, fileStem, kotlinMainClass } from '../languages/source-naming.js';

/** Whether a language is offered, and why not. */
export interface LanguageStatus {
  language: Language;
  installed: boolean;
  /** Toolchain version from the version probe. */
  toolchainVersion: string | null;
  /** Installed and its smoke test passed in the sandbox. */
  available: boolean;
  reason?: string;
}

interface CacheEntry {
  toolchainVersion: string;
  ok: boolean;
  reason?: string;
}

/** Smoke-test results are cached per toolchain version here. */
export function languageCachePath(stateDir: string = DEFAULT_STATE_DIR): string {
  return join(stateDir, 'language-smoke-cache.json');
}

function readCache(path: string): Record<string, CacheEntry> {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, CacheEntry>;
  } catch {
    return {};
  }
}

/** The smoke program of a language as a submission. */
export function smokeSubmission(language: Language): PreparedSubmission {
  const files = language.smoke.files.map((name) => ({
    name,
    content: readFileSync(join(language.dir, 'smoke', name)),
  }));
  const mainFile = language.smoke.files[0] ?? '';
  const first = files[0];
  const mainClass =
    language.mainClass === 'java'
      ? ((first ? findJavaPublicClass(first.content.toString('utf8')) : undefined) ?? fileStem(mainFile))
      : language.mainClass === 'kotlin'
        ? kotlinMainClass(mainFile)
        : undefined;
  return { language, files, mainFile, ...(mainClass === undefined ? {} : { mainClass }) };
}

/** Compiles and runs a language's smoke program in the sandbox; returns null when it passes, else why not. */
export async function runSmokeTest(host: SandboxHost, language: Language): Promise<string | null> {
  const [slot] = await host.claimSlots(1);
  if (!slot) return 'no sandbox slot';
  const workDir = join(host.jobsDir, `smoke-${randomBytes(8).toString('hex')}`);
  try {
    await mkdir(workDir, { mode: 0o711 });
    await chmod(workDir, 0o711);
    const compiled = await compileProgram(slot, workDir, 'smoke', smokeSubmission(language));
    if (!compiled.ok) return `smoke test failed to compile: ${compiled.output.slice(0, 500)}`;
    const result = await runProgram(compiled.program, {
      limits: runLimits(language, { cpuMs: 10_000, memoryMiB: 512 }),
      stdin: { kind: 'file', path: join(language.dir, 'smoke', language.smoke.stdin) },
    });
    if (result.outcome !== 'completed' || result.termination !== 'exited' || result.exitCode !== 0) {
      return `smoke test run failed: ${result.setupError ?? result.termination} exit ${result.exitCode ?? '-'} ${result.stderr.toString('utf8').slice(0, 500)}`;
    }
    const expected = readFileSync(join(language.dir, 'smoke', language.smoke.expected));
    if (!compareOutput(result.stdout, expected, { mode: 'exact' }).accepted) {
      return `smoke test printed ${JSON.stringify(result.stdout.toString('utf8').slice(0, 200))}`;
    }
    return null;
  } finally {
    await slot.release();
    await rm(workDir, { recursive: true, force: true });
  }
}

/**
 * Detects every defined language: installed (paths under /usr), toolchain version,
 * and whether its smoke test passes in the sandbox (cached per toolchain version).
 */
export async function detectLanguages(
  host: SandboxHost,
  options: { stateDir?: string; languages?: Language[]; refresh?: boolean } = {},
): Promise<LanguageStatus[]> {
  const languages = options.languages ?? loadLanguageDefinitions();
  const cachePath = languageCachePath(options.stateDir);
  const cache = options.refresh ? {} : readCache(cachePath);
  let changed = false;
  const statuses: LanguageStatus[] = [];
  for (const language of languages) {
    const key = `${language.id}/${language.version}`;
    if (!isToolchainInstalled(language)) {
      statuses.push({
        language,
        installed: false,
        toolchainVersion: null,
        available: false,
        reason: 'not installed',
      });
      continue;
    }
    const toolchainVersion = await probeLanguageVersion(language);
    if (toolchainVersion === null) {
      statuses.push({
        language,
        installed: true,
        toolchainVersion,
        available: false,
        reason: 'version probe failed',
      });
      continue;
    }
    if (language.cache) {
      try {
        language.cacheDir = warmToolchainCache(
          language,
          toolchainVersion,
          options.stateDir ?? DEFAULT_STATE_DIR,
        );
      } catch (error) {
        statuses.push({
          language,
          installed: true,
          toolchainVersion,
          available: false,
          reason: `cache warm-up failed: ${(error as Error).message}`,
        });
        continue;
      }
    }
    let entry = cache[key];
    if (entry?.toolchainVersion !== toolchainVersion) {
      const failure = await runSmokeTest(host, language);
      entry = { toolchainVersion, ok: failure === null, ...(failure === null ? {} : { reason: failure }) };
      // Only passes are cached: a failure may come from a passing problem of the machine.
      if (entry.ok) {
        cache[key] = entry;
        changed = true;
      }
    }
    statuses.push({
      language,
      installed: true,
      toolchainVersion,
      available: entry.ok,
      ...(entry.reason === undefined ? {} : { reason: entry.reason }),
    });
  }
  if (changed) {
    mkdirSync(join(cachePath, '..'), { recursive: true });
    const tmp = `${cachePath}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(cache, null, 2));
    renameSync(tmp, cachePath);
  }
  return statuses;
}

/**
 * Prepares a language's toolchain cache once per toolchain version: runs the trusted
 * warm-up command (fixed argv, our own source file) on the host, then makes the cache
 * world-readable and read-only. Returns the cache folder.
 */
export function warmToolchainCache(
  language: Language,
  toolchainVersion: string,
  stateDir: string,
): string | undefined {
  const spec = language.cache;
  if (!spec) return undefined;
  const dir = join(
    stateDir,
    'toolchain-cache',
    `${language.id}-${toolchainVersion.replace(/[^\w.-]/g, '_')}`,
  );
  if (existsSync(join(dir, '.ready'))) return dir;
  // Built aside and renamed into place, so concurrent runners never see a half-warm cache.
  const building = `${dir}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true, mode: 0o755 });
  chmodSync(join(stateDir, 'toolchain-cache'), 0o755);
  const [cmd, ...args] = spec.warm.argv.map((a) => a.replaceAll('{langdir}', language.dir));
  if (cmd === undefined) return undefined;
  try {
    execFileSync(cmd, args, {
      env: { PATH: '/usr/bin:/bin', HOME: '/tmp', LANG: 'C.UTF-8', ...language.env, [spec.envVar]: building },
      cwd: '/tmp',
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 300_000,
    });
    execFileSync('/bin/chmod', ['-R', 'a+rX,go-w', building], { env: {} });
    writeFileSync(join(building, '.ready'), `${toolchainVersion}\n`, { mode: 0o644 });
    if (!existsSync(join(dir, '.ready'))) {
      rmSync(dir, { recursive: true, force: true });
      renameSync(building, dir);
    }
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
  return dir;
}
