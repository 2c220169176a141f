/**
 * What `assay doctor` needs from the runner: the sandbox self-test and the languages with
 * their versions. A port, so the doctor can be tested without root and the runner wired
 * in one place.
 */
export interface SandboxReport {
  ready: boolean;
  checks: { name: string; ok: boolean; detail?: string; fix?: string }[];
  languages: { name: string; version: string | null; installed: boolean }[];
}

export type SandboxProbe = () => Promise<SandboxReport>;

interface LanguageExports {
  loadLanguageDefinitions(): { name: string; version?: string }[];
  isToolchainInstalled(language: unknown): boolean;
  probeLanguageVersion(language: unknown): Promise<string | null>;
}
interface SandboxExports {
  createSandboxHost(): Promise<{ selfTest: { ok: boolean; checks: SandboxReport['checks'] } }>;
}

const exportsFunctions = (mod: Record<string, unknown>, names: string[]): boolean =>
  names.every((name) => typeof mod[name] === 'function');

/**
 * The local runner's probe, loaded from the `@assay/runner` package root. Loaded lazily so a
 * doctor run on a machine without the sandbox still reports everything else.
 */
export const localSandboxProbe: SandboxProbe = async () => {
  // A variable specifier: an older runner build may lack these exports, and doctor must say so.
  const specifier = '@assay/runner';
  let mod: Record<string, unknown>;
  try {
    mod = (await import(specifier)) as Record<string, unknown>;
  } catch (err) {
    return unavailable(`@assay/runner could not be loaded: ${(err as Error).message}`);
  }
  const sandbox = exportsFunctions(mod, ['createSandboxHost'])
    ? await selfTest(mod as unknown as SandboxExports)
    : unavailable('@assay/runner does not export the sandbox self-test (createSandboxHost)');
  const languages = exportsFunctions(mod, [
    'loadLanguageDefinitions',
    'isToolchainInstalled',
    'probeLanguageVersion',
  ])
    ? await probeLanguages(mod as unknown as LanguageExports)
    : [];
  return { ...sandbox, languages };
};

async function selfTest(runner: SandboxExports): Promise<SandboxReport> {
  try {
    const { selfTest: report } = await runner.createSandboxHost();
    return { ready: report.ok, checks: report.checks, languages: [] };
  } catch (err) {
    // A failed start carries the self-test report when the runner has one.
    const failed = (err as { report?: { checks?: SandboxReport['checks'] } }).report?.checks;
    return {
      ready: false,
      checks: failed ?? [{ name: 'sandbox', ok: false, detail: (err as Error).message }],
      languages: [],
    };
  }
}

function probeLanguages(runner: LanguageExports): Promise<SandboxReport['languages']> {
  return Promise.all(
    runner.loadLanguageDefinitions().map(async (language) => {
      const installed = runner.isToolchainInstalled(language);
      return {
        name:
          language.version && !language.name.endsWith(language.version)
            ? `${language.name} ${language.version}`
            : language.name,
        installed,
        version: installed ? await runner.probeLanguageVersion(language) : null,
      };
    }),
  );
}

function unavailable(detail: string): SandboxReport {
  return {
    ready: false,
    checks: [{ name: 'runner', ok: false, detail, fix: 'npm run build (then run assay doctor again)' }],
    languages: [],
  };
}
