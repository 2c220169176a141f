import { createSandboxHost, detectLanguages, SandboxUnavailableError } from '@assay/runner';

/**
 * What `assay doctor` needs from the runner: the sandbox self-test and every language with
 * whether it is offered (installed and its smoke test passed in the sandbox). A port, so the
 * doctor can be tested without root.
 */
export interface SandboxReport {
  ready: boolean;
  checks: { name: string; ok: boolean; detail?: string; fix?: string }[];
  languages: LanguageReport[];
}

export interface LanguageReport {
  name: string;
  version: string | null;
  installed: boolean;
  /** Installed and its smoke test passed in the sandbox: offered to candidates. */
  available: boolean;
  /** Why it is not available. */
  reason?: string;
  /** The command that installs it. */
  fix?: string;
  optional: boolean;
}

export type SandboxProbe = () => Promise<SandboxReport>;

/** The local runner: self-test, then language detection with smoke tests (cached per toolchain version). */
export const localSandboxProbe: SandboxProbe = async () => {
  let host;
  try {
    host = await createSandboxHost();
  } catch (err) {
    if (err instanceof SandboxUnavailableError) {
      return { ready: false, checks: err.report.checks, languages: [] };
    }
    return {
      ready: false,
      checks: [{ name: 'sandbox', ok: false, detail: err instanceof Error ? err.message : String(err) }],
      languages: [],
    };
  }
  const statuses = await detectLanguages(host);
  return {
    ready: host.selfTest.ok,
    checks: host.selfTest.checks,
    languages: statuses.map(({ language, installed, toolchainVersion, available, reason }) => ({
      name: language.name,
      version: toolchainVersion,
      installed,
      available,
      optional: language.optional,
      ...(reason === undefined ? {} : { reason }),
      ...(available || language.debianPackages.length === 0
        ? {}
        : { fix: `apt-get install -y ${language.debianPackages.join(' ')}` }),
    })),
  };
};
